package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.SyncEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How {@code revcrypt sync} answers before it does anything: a source that does not exist (a
 * backup disk not mounted, a typo) fails at once with exit 1 and a message naming it, touching
 * nothing; {@code sync --help}, which revcrypt's own usage errors point to, prints the usage.
 */
class SyncUsageIT {

    @RegisterExtension
    final SyncEnv env = new SyncEnv();

    @Test
    @Timeout(60)
    void missingSourceFailsAtOnceNamingIt() throws Exception {
        Path missing = env.root().resolve("no such source");
        Path pass = env.passfile("pass", "irrelevant");
        Path dest = env.root().resolve("dest");

        CommandResult r = env.revcrypt("sync", "--passfile", pass.toString(), missing.toString(), dest.toString());

        assertEquals(1, r.exitCode(), r::describe);
        assertTrue(r.stderr().contains(missing.toString()), () -> "the message names the source:\n" + r.describe());
        assertFalse(Files.exists(dest), "no destination was made");
        Path runs = env.me().runtime().resolve("revcrypt");
        if (Files.isDirectory(runs)) {
            try (Stream<Path> s = Files.list(runs)) {
                List<Path> left = s.toList();
                assertTrue(left.isEmpty(), () -> "nothing was mounted or left: " + left);
            }
        }
    }

    @Test
    @Timeout(60)
    void syncHelpPrintsTheUsage() throws Exception {
        CommandResult wrong = env.revcrypt("sync", "--no-such-option");
        assertEquals(2, wrong.exitCode(), wrong::describe);
        assertTrue(wrong.stderr().contains("Try 'revcrypt sync --help'"), wrong::describe);

        CommandResult help = env.revcrypt("sync", "--help");

        assertEquals(0, help.exitCode(), () -> "the help the usage error points to:\n" + help.describe());
        assertTrue(help.stdout().contains("--ssh-option") && help.stdout().contains("SRC"), help::describe);
    }
}
