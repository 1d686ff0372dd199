package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.SyncEnv;
import io.revcrypt.it.support.SyncProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A directory that vanishes while the run copies it (issue 15, point 7): the run is either ok with
 * a copy in which every directory has its {@code gocryptfs.diriv} (the directory is gone from the
 * copy), or partial (exit 3) naming what vanished; never exit 0 with a directory whose names cannot
 * be decrypted. {@code verify} names a directory without its IV; the next run mends the copy.
 */
class SyncVanishingDirectoriesIT {

    private static final int DIRS = 40;
    private static final String SLOW = "--rsync-arg=--bwlimit=4000";

    @RegisterExtension
    final SyncEnv env = new SyncEnv();

    @Test
    @Timeout(300)
    void directoriesRemovedWhileTheFirstRunCopiesThemNeverLeaveAnOkCopyWithoutTheirIv() throws Exception {
        Path src = env.dir("src");
        for (int d = 0; d < DIRS; d++) {
            Path dir = Files.createDirectories(src.resolve(String.format("album %02d/disc", d)));
            for (int f = 0; f < 6; f++) {
                SyncEnv.randomFile(dir.resolve("track " + f + ".flac"), 24 << 10, d * 100L + f);
            }
        }
        Path pass = env.passfile("pass", "vanishing");
        env.init(src, pass);
        Path dest = env.root().resolve("dest");

        SyncProcess run = env.start("sync", "--passfile", pass.toString(), SLOW, src.toString(), dest.toString());
        // rsync is inside the tenth album: remove it and every album after it, some of which rsync
        // has listed and created already, and some not yet
        run.awaitCondition("rsync copying album 10", Duration.ofSeconds(120),
                () -> run.stdout().contains("album 10/disc/track"));
        for (int d = 10; d < DIRS; d++) {
            SyncEnv.deleteTree(src.resolve(String.format("album %02d", d)));
        }
        CommandResult r = run.await(SyncEnv.RUN_TIMEOUT);

        CommandResult verify = env.revcrypt("verify", "--passfile", pass.toString(), dest.toString());
        // which of the two outcomes this run had, for the person looping the test
        System.out.println("vanishing directories: run exit " + r.exitCode() + ", verify exit " + verify.exitCode());
        if (r.exitCode() == 0) {
            assertEquals(0, verify.exitCode(), () -> "a run that said ok leaves a copy that verifies; the run:\n"
                    + r.describe() + "\nverify:\n" + verify.describe());
        } else {
            assertEquals(3, r.exitCode(), () -> "a vanished directory makes the run ok or partial:\n" + r.describe());
            assertTrue(r.stderr().contains("vanished while they were copied") || r.stderr().contains("vanished"),
                    () -> "the partial run says what vanished:\n" + r.describe());
            assertTrue(verify.exitCode() == 0 || verify.stderr().contains("has no gocryptfs.diriv"),
                    () -> "verify either finds the copy whole or names the directory without IV:\n" + verify.describe());
        }

        CommandResult next = env.revcrypt("sync", "--passfile", pass.toString(), src.toString(), dest.toString());
        assertEquals(0, next.exitCode(), () -> "the next run completes:\n" + next.describe());
        CommandResult verifyNext = env.revcrypt("verify", "--passfile", pass.toString(), dest.toString());
        assertEquals(0, verifyNext.exitCode(), verifyNext::describe);
        env.assertDecryptsTo(dest, pass, src, Set.of(Path.of(".gocryptfs.reverse.conf")));
    }

    @Test
    @Timeout(120)
    void verifyNamesADirectoryWhoseIvIsMissing() throws Exception {
        Path src = env.dir("src");
        Files.createDirectories(src.resolve("letters/1999"));
        Files.writeString(src.resolve("letters/1999/to anna.txt"), "dear anna\n");
        Path pass = env.passfile("pass", "iv");
        env.init(src, pass);
        Path dest = env.root().resolve("dest");
        assertEquals(0, env.revcrypt("sync", "--passfile", pass.toString(), src.toString(), dest.toString()).exitCode());
        Path deepest;
        try (Stream<Path> s = Files.walk(dest)) {
            deepest = s.filter(p -> p.getFileName().toString().equals("gocryptfs.diriv"))
                    .max((a, b) -> Integer.compare(a.getNameCount(), b.getNameCount())).orElseThrow();
        }
        Files.delete(deepest);

        CommandResult verify = env.revcrypt("verify", "--passfile", pass.toString(), dest.toString());

        assertEquals(3, verify.exitCode(), verify::describe);
        assertTrue(verify.stderr().lines().anyMatch(l -> l.contains("letters/1999") && l.contains("has no gocryptfs.diriv")),
                () -> "verify names the directory in plaintext:\n" + verify.describe());
    }
}
