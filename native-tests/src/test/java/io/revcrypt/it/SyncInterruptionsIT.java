package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.Mounts;
import io.revcrypt.it.support.Procs;
import io.revcrypt.it.support.SshServer;
import io.revcrypt.it.support.SyncEnv;
import io.revcrypt.it.support.SyncProcess;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs that do not end normally (README, design §6): a runner killed with SIGKILL mid-transfer
 * leaves no mount, no process and no lock behind, and the next run completes; a second run to the
 * same destination while one is running is refused with exit 4 naming the other; an ssh server
 * that goes away mid-run fails the run with exit 1 and ssh's/rsync's own message, and once it is
 * back the next run completes. Transfers are slowed with {@code --rsync-arg=--bwlimit=…} so the
 * test can act in the middle of one; nothing here measures time.
 */
class SyncInterruptionsIT {

    private static final Path CONFIG = Path.of(".gocryptfs.reverse.conf");
    /** With --bwlimit=1000 (KiB/s) this takes 40 s; the tests act within its first seconds. */
    private static final long BIG = 40L << 20;
    private static final String SLOW = "--rsync-arg=--bwlimit=1000";
    private static final Duration STARTED = Duration.ofSeconds(60);

    @RegisterExtension
    final SyncEnv env = new SyncEnv();

    @Test
    @Timeout(240)
    void killedRunnerLeavesNothingBehindAndTheNextRunCompletes() throws Exception {
        Path src = sourceWithBigFile();
        Path pass = env.passfile("pass", "kill me");
        env.init(src, pass);
        Path dest = env.root().resolve("dest");

        SyncProcess run = env.start("sync", "--passfile", pass.toString(), SLOW, src.toString(), dest.toString());
        run.awaitCondition("part of the big file in DEST", STARTED, () -> SyncEnv.bytesUnder(dest) > (1 << 20));
        Path mnt = env.me().runtime().resolve("revcrypt/sync-" + run.pid() + "/mnt");
        assertTrue(Mounts.isMounted(mnt), () -> "the run's private mount is at " + mnt + ": " + env.mountsUnderRoot());
        List<ProcessHandle> children = run.handle().descendants().toList();

        run.kill9();

        // soft checks: say everything that went wrong, not only the first
        List<String> problems = new ArrayList<>();
        if (!SyncEnv.eventually(SyncEnv.GRACE, () -> !Mounts.isMounted(mnt))) {
            problems.add("the private mount " + mnt + " is still mounted " + SyncEnv.GRACE + " after the kill");
        }
        if (!SyncEnv.eventually(SyncEnv.GRACE, () -> children.stream().allMatch(c -> Procs.hasExited(c.pid())))) {
            List<ProcessHandle> alive = children.stream().filter(c -> !Procs.hasExited(c.pid())).toList();
            problems.add("processes of the killed run still running " + SyncEnv.GRACE + " after the kill (an orphaned "
                    + "rsync still writing to DEST outside the lock):\n      " + alive.stream()
                    .map(p -> p.pid() + " " + String.join(" ", Procs.argv(p))).collect(Collectors.joining("\n      ")));
            Procs.killTree(alive, Duration.ofSeconds(15));
        }
        String lock = lockFree(env.me().state());
        if (lock != null) {
            problems.add(lock);
        }

        CommandResult killedStatus = env.revcrypt("status", dest.toString());
        if (!killedStatus.stdout().contains("pid " + run.pid() + ") did not finish")) {
            problems.add("status does not say the killed run did not finish:\n" + killedStatus.describe());
        }

        CommandResult next = env.revcrypt("sync", "--passfile", pass.toString(), src.toString(), dest.toString());
        if (next.exitCode() != 0) {
            problems.add("the next run did not complete:\n" + next.describe());
        } else {
            env.assertDecryptsTo(dest, pass, src, Set.of(CONFIG));
            CommandResult status = env.revcrypt("status", dest.toString());
            if (status.stdout().contains("did not finish") || !status.stdout().contains("exit 0 (ok)")) {
                problems.add("after the next run, status shows it, not the killed one:\n" + status.describe());
            }
        }
        assertTrue(problems.isEmpty(), () -> "after kill -9 of the runner:\n  " + String.join("\n  ", problems));
    }

    @Test
    @Timeout(180)
    void secondRunToTheSameDestinationIsRefusedWhileTheFirstCompletes() throws Exception {
        Path src = env.dir("src");
        SyncEnv.randomFile(src.resolve("four MiB.bin"), 4L << 20, 4);
        Files.writeString(src.resolve("notes.txt"), "notes\n");
        Path pass = env.passfile("pass", "one at a time");
        env.init(src, pass);
        Path dest = env.root().resolve("dest");

        SyncProcess first = env.start("sync", "--passfile", pass.toString(), SLOW, src.toString(), dest.toString());
        first.awaitCondition("part of the file in DEST", STARTED, () -> SyncEnv.bytesUnder(dest) > (256 << 10));

        CommandResult second = env.revcrypt("sync", "--passfile", pass.toString(), src.toString(), dest.toString());

        assertEquals(4, second.exitCode(), () -> "another run holds the lock: exit 4\n" + second.describe());
        assertTrue(second.stderr().contains("another revcrypt sync to " + dest)
                        && second.stderr().contains("pid " + first.pid()),
                () -> "the message names the destination and the other run (pid " + first.pid() + "):\n"
                        + second.describe());
        assertTrue(first.isAlive(), "the refused run did not disturb the first");

        CommandResult firstResult = first.await(Duration.ofSeconds(120));
        assertEquals(0, firstResult.exitCode(), firstResult::describe);
        env.assertDecryptsTo(dest, pass, src, Set.of(CONFIG));
    }

    @Test
    @Timeout(240)
    void sshServerGoneMidRunFailsWithItsMessageAndTheNextRunCompletes() throws Exception {
        Path src = env.dir("src");
        Files.writeString(src.resolve("first.txt"), "in the first copy\n");
        Path pass = env.passfile("pass", "over a flaky link");
        env.init(src, pass);
        SshServer ssh = env.sshServer();
        Path remote = env.dir("remote").resolve("backup");
        CommandResult initial = sync(ssh, pass, src, remote);
        assertEquals(0, initial.exitCode(), initial::describe);

        SyncEnv.randomFile(src.resolve("big.bin"), BIG, 6);
        List<String> args = syncArgs(ssh, pass, src, remote);
        args.add(1, SLOW);
        SyncProcess slow = env.start(env.me(), args, null);
        slow.awaitCondition("part of the big file on the server", STARTED,
                () -> SyncEnv.bytesUnder(remote) > (1 << 20) + Files.size(src.resolve("first.txt")));

        ssh.stop();
        CommandResult failed = slow.await(Duration.ofSeconds(120));

        assertEquals(1, failed.exitCode(), () -> "a broken connection fails the run:\n" + failed.describe());
        assertTrue(failed.stderr().lines().anyMatch(l -> l.startsWith("rsync: connection unexpectedly closed")
                        || l.startsWith("rsync error: ") || l.contains("Connection closed") || l.contains("Broken pipe")),
                () -> "ssh's or rsync's own message is on stderr:\n" + failed.describe());

        ssh.restart();
        CommandResult next = sync(ssh, pass, src, remote);
        assertEquals(0, next.exitCode(), () -> "the run after the server came back:\n" + next.describe());
        env.assertDecryptsTo(remote, pass, src, Set.of(CONFIG));
    }

    private Path sourceWithBigFile() throws Exception {
        Path src = env.dir("src");
        SyncEnv.randomFile(src.resolve("big.bin"), BIG, 40);
        Files.writeString(src.resolve("notes.txt"), "small\n");
        Files.createDirectory(src.resolve("sub dir"));
        Files.writeString(src.resolve("sub dir/inner.txt"), "inner\n");
        return src;
    }

    private CommandResult sync(SshServer ssh, Path pass, Path src, Path remote) throws Exception {
        return env.run(env.me(), SyncEnv.RUN_TIMEOUT, syncArgs(ssh, pass, src, remote), null);
    }

    private static List<String> syncArgs(SshServer ssh, Path pass, Path src, Path remote) {
        List<String> args = new ArrayList<>(List.of("sync", "--passfile", pass.toString()));
        args.addAll(SyncEnv.sshOptionArgs(ssh));
        args.add(src.toString());
        args.add(ssh.destination(remote));
        return args;
    }

    /** Null if the (single) destination lock in the state directory can be taken by another process; else why not. */
    private static String lockFree(Path state) throws Exception {
        List<Path> locks;
        try (Stream<Path> s = Files.list(state.resolve("locks"))) {
            locks = s.filter(p -> p.toString().endsWith(".lock")).toList();
        }
        if (locks.size() != 1) {
            return "expected one lock file in " + state.resolve("locks") + ": " + locks;
        }
        try (FileChannel ch = FileChannel.open(locks.get(0), StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                return "the lock " + locks.get(0) + " is still held: " + Files.readString(locks.get(0)).strip();
            }
            lock.release();
            return null;
        }
    }
}
