package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.SyncEnv;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A file the backup user may not read (README exit codes): the run goes on, copies everything
 * else, ends with exit 3 (partial) and names the file by its plaintext path — in rsync's decoded
 * error line, in revcrypt's own list of what was not copied, in the run log and in
 * {@code revcrypt status}. Root reads every file, so this run is made by an unprivileged user
 * (nobody) with FUSE through the setuid fusermount, from a tree it owns but for one file of
 * root's with mode 000.
 */
class SyncUnreadableFileIT {

    @RegisterExtension
    final SyncEnv env = new SyncEnv();

    @Test
    @Timeout(180)
    void unreadableFileMakesThePartialExitCodeAndIsNamedInPlaintext() throws Exception {
        SyncEnv.User nobody = env.unprivilegedUser("nobody");
        Path src = env.dir("src");
        Files.writeString(src.resolve("readable.txt"), "everyone may read this\n");
        Path docs = Files.createDirectory(src.resolve("docs"));
        Files.writeString(docs.resolve("also readable.txt"), "and this\n");
        Files.writeString(docs.resolve("zz after the secret.txt"), "rsync goes on after the error\n");
        Path pass = env.passfile("pass", "nobody's backup");
        env.init(src, pass);
        Path dest = env.dir("dest");
        env.chown("nobody", src);
        env.chown("nobody", dest);
        env.chown("nobody", pass);
        Path secret = docs.resolve("secret plans.txt");
        Files.writeString(secret, "root's eyes only\n"); // made by root: owned by root
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));

        CommandResult r = env.run(nobody, SyncEnv.RUN_TIMEOUT,
                List.of("sync", "--passfile", pass.toString(), src.toString(), dest.toString()), null);

        assertEquals(3, r.exitCode(), () -> "a file that could not be read is exit 3 (partial):\n" + r.describe());
        String shown = src + "/docs/secret plans.txt"; // error lines name the plaintext source path
        assertTrue(r.stderr().lines().anyMatch(l -> l.startsWith("rsync: ") && l.contains("\"" + shown + "\"")
                        && l.contains("Permission denied")),
                () -> "rsync's error line, decoded, names " + shown + ":\n" + r.describe());
        assertTrue(r.stderr().lines().anyMatch(l -> l.startsWith("revcrypt: ") && l.contains("could not be read")
                        && l.endsWith(shown)),
                () -> "revcrypt's list of files not copied names " + shown + ":\n" + r.describe());
        assertTrue(r.stdout().lines().anyMatch(l -> l.startsWith("revcrypt: partial: ") && l.contains("1 not copied")),
                () -> "the summary says partial, 1 not copied:\n" + r.describe());

        Path log = onlyLog(nobody.state());
        String logText = Files.readString(log);
        assertTrue(logText.contains(shown), () -> "the run log " + log + " lists " + shown + ":\n" + logText);
        List<String> logLines = logText.lines().toList();
        assertTrue(logLines.get(logLines.size() - 1).contains("summary: partial"),
                () -> "the log's last line is the summary:\n" + logText);

        CommandResult status = env.run(nobody, SyncEnv.RUN_TIMEOUT, List.of("status", "--json", dest.toString()), null);
        assertTrue(status.stdout().contains(shown), () -> "revcrypt status names the file:\n" + status.describe());

        // everything else is in the copy, the secret is not
        env.assertDecryptsTo(dest, pass, src, Set.of(Path.of(".gocryptfs.reverse.conf"), Path.of("docs/secret plans.txt")));
        env.withDecrypted(dest, pass, mnt -> assertFalse(Files.exists(mnt.resolve("docs/secret plans.txt"),
                LinkOption.NOFOLLOW_LINKS), "the unreadable file is not in the copy"));
    }

    private static Path onlyLog(Path state) throws Exception {
        try (Stream<Path> s = Files.walk(state.resolve("logs"))) {
            List<Path> logs = s.filter(p -> p.toString().endsWith(".log")).toList();
            assertEquals(1, logs.size(), () -> "one run, one log: " + logs);
            return logs.get(0);
        }
    }
}
