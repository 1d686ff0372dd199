package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.SyncEnv;
import io.revcrypt.it.support.SyncProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An interrupted mirror loses nothing (issue 15, point 6). Every file of a directory is moved to
 * another one in the source, and the mirror run that copies the move is killed with SIGKILL at
 * chosen moments: a quarter and three quarters through the moved files, when all of them have been
 * sent (rsync renames its delayed updates into place), and when the first deletion is reported. In
 * every case each file must still be in the copy, at its old place or its new one, whole; and the
 * next run ends with the copy equal to the source. With rsync's {@code --delete} (deletions while
 * the transfer runs) the old directory was gone while the new files still waited in rsync's
 * holding directory, and a kill then lost them.
 */
class MirrorInterruptedIT {

    private static final int FILES = 600;
    private static final Path CONFIG = Path.of(".gocryptfs.reverse.conf");
    /** 600 files of 12 KiB at 3 MB/s: two to three seconds of transfer to act in. */
    private static final String SLOW = "--rsync-arg=--bwlimit=3000";

    @RegisterExtension
    final SyncEnv env = new SyncEnv();

    @Test
    @Timeout(600)
    void aKillAtAnyMomentOfARunThatMovesFilesLosesNoFile() throws Exception {
        List<String> notInterrupted = new ArrayList<>();
        int round = 0;
        for (KillPoint at : KillPoint.values()) {
            round++;
            Path src = env.dir("src-" + round);
            Path old = Files.createDirectory(src.resolve("old place"));
            for (int i = 0; i < FILES; i++) {
                Files.write(old.resolve(name(i)), content(i));
            }
            Path pass = env.passfile("pass", "moved");
            env.init(src, pass);
            Path dest = env.root().resolve("dest-" + round);
            CommandResult first = env.revcrypt("sync", "--passfile", pass.toString(), src.toString(), dest.toString());
            assertEquals(0, first.exitCode(), first::describe);

            Path moved = Files.createDirectory(src.resolve("new place"));
            for (int i = 0; i < FILES; i++) {
                Files.move(old.resolve(name(i)), moved.resolve(name(i)));
            }
            Files.delete(old);

            SyncProcess run = env.start("sync", "--passfile", pass.toString(), SLOW, src.toString(), dest.toString());
            boolean killed = killWhen(run, at);
            if (!killed) {
                notInterrupted.add(at.toString());
            }
            SyncEnv.eventually(SyncEnv.GRACE, () -> env.processesUnderRoot().isEmpty());

            env.withDecrypted(dest, pass, mnt -> {
                List<String> lost = new ArrayList<>();
                for (int i = 0; i < FILES; i++) {
                    if (!holds(mnt.resolve("new place").resolve(name(i)), content(i))
                            && !holds(mnt.resolve("old place").resolve(name(i)), content(i))) {
                        lost.add(name(i));
                    }
                }
                assertTrue(lost.isEmpty(), () -> "killed " + at + ": " + lost.size() + " of " + FILES
                        + " files are in neither place of the copy, e.g. " + lost.subList(0, Math.min(5, lost.size()))
                        + "\n" + run.stdout().lines().filter(l -> l.contains("deleting")).limit(3).toList());
            });

            CommandResult next = env.revcrypt("sync", "--passfile", pass.toString(), src.toString(), dest.toString());
            assertEquals(0, next.exitCode(), () -> "the run after the kill completes:\n" + next.describe());
            env.assertDecryptsTo(dest, pass, src, Set.of(CONFIG));
        }
        // a round whose run ended before its moment came tested nothing: at most one may (the last
        // moment is the narrowest), or the test would pass without having interrupted anything
        assertTrue(notInterrupted.size() <= 1, () -> "runs that ended before they could be killed: " + notInterrupted);
    }

    /** When to kill, by what the run has printed (decoded, in plaintext). */
    private enum KillPoint {
        QUARTER_SENT(out -> countNew(out) >= FILES / 4),
        THREE_QUARTERS_SENT(out -> countNew(out) >= FILES * 3 / 4),
        ALL_SENT(out -> countNew(out) >= FILES),
        FIRST_DELETION(out -> out.contains("deleting"));

        final Predicate<String> reached;

        KillPoint(Predicate<String> reached) {
            this.reached = reached;
        }
    }

    /** Polls the output every few milliseconds and kills the runner at the moment; false if it ended first. */
    private static boolean killWhen(SyncProcess run, KillPoint at) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!at.reached.test(run.stdout())) {
            if (!run.isAlive()) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the run never reached " + at + ":\n" + run.stdout());
            }
            Thread.sleep(5);
        }
        if (!run.isAlive()) {
            return false;
        }
        run.kill9();
        return true;
    }

    private static int countNew(String stdout) {
        return (int) stdout.lines().filter(l -> l.contains("new place/")).count();
    }

    private static String name(int i) {
        return String.format("file %04d.dat", i);
    }

    /** 12 KiB that name their file, so a file found at either place is known to be that one, whole. */
    private static byte[] content(int i) {
        byte[] b = new byte[12 * 1024];
        Arrays.fill(b, (byte) ('a' + i % 26));
        byte[] label = (name(i) + "\n").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(label, 0, b, 0, label.length);
        return b;
    }

    private static boolean holds(Path file, byte[] expected) {
        try {
            return Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), expected);
        } catch (Exception unreadable) {
            return false;
        }
    }
}
