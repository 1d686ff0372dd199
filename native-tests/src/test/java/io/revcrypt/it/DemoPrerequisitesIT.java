package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.ProcessRunner;
import io.revcrypt.it.support.Revcrypt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code revcrypt demo} on a machine without rsync (issue 19): it stops before making anything,
 * with one line that names what is missing and the one command that installs it, the checkout's
 * bin/install-deps when run from a checkout. The PATH the command gets has fusermount3 but no
 * rsync.
 */
class DemoPrerequisitesIT {

    @TempDir
    Path tmp;

    @Test
    @Timeout(60)
    void withoutRsyncTheDemoNamesTheOneInstallCommand() throws Exception {
        Path bin = Files.createDirectory(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("fusermount3"), Path.of("/bin/fusermount3"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path launcher = Revcrypt.home().resolve("bin/revcrypt");

        CommandResult r = ProcessRunner.run(List.of("env", "PATH=" + bin, "TMPDIR=" + tmp, java,
                "-Drevcrypt.launcher=" + launcher, "-jar", Revcrypt.jar().toString(), "demo"), Duration.ofSeconds(60));

        assertEquals(1, r.exitCode(), r::describe);
        assertEquals(List.of("revcrypt: missing: rsync; install with: sudo " + Revcrypt.home().resolve("bin/install-deps")),
                r.stderr().lines().toList(), r::describe);
        assertEquals("", r.stdout(), r::describe);
        try (var made = Files.list(tmp)) {
            assertEquals(List.of(bin), made.toList(), "nothing was made before the check");
        }
    }
}
