package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.SshServer;
import io.revcrypt.it.support.SyncEnv;
import io.revcrypt.it.support.SyncProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One destination, one run (issue 15, point 3). The lock is keyed on the destination as it is,
 * not as it is spelled: a run to a symlink of a destination that another run writes, or to
 * {@code host:path/} while one writes {@code host:path}, exits 4 naming the holder. And a lock file
 * at the destination itself keeps out a run of another machine (a hand-made lock file of "another
 * host" stands in for it); a lock file of this host whose process is gone is stale, removed with
 * a line saying so, and the run goes on. Transfers are slowed with {@code --bwlimit} so a second
 * run starts while the first copies.
 */
class DestinationLockIT {

    private static final Path CONFIG = Path.of(".gocryptfs.reverse.conf");
    private static final String SLOW = "--rsync-arg=--bwlimit=1000";
    /**
     * Slower still, for tests that run two more commands while the run copies: on a loaded machine
     * each JVM start takes seconds, and at SLOW the 4 MiB were copied before the second one ran.
     */
    private static final String SLOWER = "--rsync-arg=--bwlimit=250";
    private static final Duration STARTED = Duration.ofSeconds(60);

    @RegisterExtension
    final SyncEnv env = new SyncEnv();

    @Test
    @Timeout(180)
    void aRunToASymlinkOfTheDestinationAnotherRunWritesExits4NamingIt() throws Exception {
        Path src = slowSource();
        Path pass = env.passfile("pass", "one at a time");
        env.init(src, pass);
        Path dest = env.root().resolve("backup");
        Path link = Files.createSymbolicLink(env.root().resolve("backup link"), dest.getFileName());

        SyncProcess first = env.start("sync", "--passfile", pass.toString(), SLOW, src.toString(), dest.toString());
        first.awaitCondition("part of the file in DEST", STARTED, () -> SyncEnv.bytesUnder(dest) > (256 << 10));
        assertEquals(1, lockFiles(dest).size(), "the run holds a lock file at DEST: " + lockFiles(dest));

        CommandResult second = env.revcrypt("sync", "--passfile", pass.toString(), src.toString(), link + "/");

        assertEquals(4, second.exitCode(), () -> "the same directory through a symlink is locked: exit 4\n" + second.describe());
        assertTrue(second.stderr().contains("another revcrypt sync to " + link) && second.stderr().contains("pid " + first.pid())
                && second.stderr().contains("since "), () -> "names the holder (pid " + first.pid() + ", since when):\n"
                + second.describe());
        assertTrue(first.isAlive(), "the refused run did not disturb the first");
        CommandResult done = first.await(Duration.ofSeconds(120));
        assertEquals(0, done.exitCode(), done::describe);
        assertEquals(List.of(), lockFiles(dest), "the lock file is removed at the end");
        env.assertDecryptsTo(dest, pass, src, Set.of(CONFIG));
    }

    @Test
    @Timeout(240)
    void overSshHostPathAndHostPathSlashAreOneDestinationAndLockFilesThereCount() throws Exception {
        Path src = slowSource();
        Path pass = env.passfile("pass", "over ssh");
        env.init(src, pass);
        SshServer ssh = env.sshServer();
        Path remote = env.dir("remote").resolve("backup");

        SyncProcess first = env.start(env.me(), syncArgs(ssh, pass, src, ssh.destination(remote), SLOW), null);
        first.awaitCondition("part of the file on the server", STARTED, () -> SyncEnv.bytesUnder(remote) > (256 << 10));
        assertEquals(1, lockFiles(remote).size(), "the run holds a lock file at DEST: " + lockFiles(remote));
        CommandResult second = run(syncArgs(ssh, pass, src, ssh.destination(remote) + "/"));
        assertEquals(4, second.exitCode(), () -> "host:path/ while host:path is written: exit 4\n" + second.describe());
        assertTrue(second.stderr().contains("pid " + first.pid()), () -> "names the holder:\n" + second.describe());
        CommandResult done = first.await(Duration.ofSeconds(120));
        assertEquals(0, done.exitCode(), done::describe);
        assertEquals(List.of(), lockFiles(remote), "removed at the end, over rsync");

        // a run of another machine on the same server: its lock file is all this one can see
        Path theirs = Files.writeString(remote.resolve(lockName(System.currentTimeMillis() - 60_000, 4321, "far-away")), "x\n");
        CommandResult blocked = run(syncArgs(ssh, pass, src, ssh.destination(remote)));
        assertEquals(4, blocked.exitCode(), () -> "another host's live lock on the server: exit 4\n" + blocked.describe());
        assertTrue(blocked.stderr().contains("pid 4321 on host far-away"), blocked::describe);
        assertEquals(List.of(theirs), lockFiles(remote), "ours was removed again, theirs stays");

        // the same file not refreshed for 31 minutes is stale: removed, and the run goes on
        Files.setLastModifiedTime(theirs, FileTime.fromMillis(System.currentTimeMillis() - Duration.ofMinutes(31).toMillis()));
        CommandResult after = run(syncArgs(ssh, pass, src, ssh.destination(remote)));
        assertEquals(0, after.exitCode(), after::describe);
        assertTrue(after.stderr().contains("removed a stale lock") && after.stderr().contains(theirs.getFileName().toString())
                && after.stderr().contains("not refreshed for 31 min"), after::describe);
        assertEquals(List.of(), lockFiles(remote));
    }

    @Test
    @Timeout(180)
    void aStaleLockOfADeadProcessOnThisHostIsRemovedAndTheRunGoesOn() throws Exception {
        Path src = smallSource();
        Path pass = env.passfile("pass", "stale");
        env.init(src, pass);
        Path dest = env.root().resolve("backup");
        CommandResult initial = env.revcrypt("sync", "--passfile", pass.toString(), src.toString(), dest.toString());
        assertEquals(0, initial.exitCode(), initial::describe);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path stale = Files.writeString(dest.resolve(lockName(System.currentTimeMillis() - 5_000, gone.pid(), thisHost())),
                "a run killed with -9\n");
        Files.writeString(src.resolve("new.txt"), "after the crash\n");

        CommandResult r = env.revcrypt("sync", "--passfile", pass.toString(), src.toString(), dest.toString());

        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.stderr().contains("removed a stale lock") && r.stderr().contains(stale.getFileName().toString())
                && r.stderr().contains("its process " + gone.pid() + " on this host is gone"), r::describe);
        assertFalse(Files.exists(stale), "the stale lock is gone");
        assertEquals(List.of(), lockFiles(dest));
        env.assertDecryptsTo(dest, pass, src, Set.of(CONFIG));
    }

    @Test
    @Timeout(180)
    void aFreshLockOfAnotherHostBlocksASnapshotRunWithExit4AndTheRuleToRemoveIt() throws Exception {
        Path src = smallSource();
        Path pass = env.passfile("pass", "shared disk");
        env.init(src, pass);
        Path dest = env.root().resolve("snapshots");
        CommandResult initial = env.revcrypt("sync", "--passfile", pass.toString(), "--snapshots", src.toString(),
                dest.toString());
        assertEquals(0, initial.exitCode(), initial::describe);
        List<String> before = topNames(dest);
        Path theirs = Files.writeString(dest.resolve(".revcrypt").resolve(lockName(System.currentTimeMillis() - 120_000,
                777, "the-other-laptop")), "revcrypt sync on the other laptop\n");

        CommandResult r = env.revcrypt("sync", "--passfile", pass.toString(), "--snapshots", src.toString(), dest.toString());

        assertEquals(4, r.exitCode(), () -> "another machine's run holds DEST: exit 4\n" + r.describe());
        String msg = r.stderr();
        assertTrue(msg.contains("pid 777 on host the-other-laptop") && msg.contains("since ")
                && msg.contains(theirs.getFileName().toString()) && msg.contains("stale once it has not been refreshed for 30 min")
                && msg.contains("then delete that file"), () -> "names the holder, since when, and how to remove a stale "
                + "lock by hand:\n" + r.describe());
        assertEquals(1, msg.lines().filter(l -> l.contains("the-other-laptop")).count(), "one line: " + msg);
        assertEquals(before, topNames(dest), "no snapshot was made, nothing was added");
        assertEquals(List.of(theirs), lockFiles(dest.resolve(".revcrypt")), "their lock stays, ours is gone");
    }

    /**
     * snapshots prune and list ask the very lock a sync holds, keyed on the destination as it is:
     * through a symlink of the directory a snapshot run writes, prune exits 4 naming the run and
     * list says a run writes {@code .inprogress} (keyed on the spelling, they took a second lock).
     */
    @Test
    @Timeout(180)
    void pruneAndListThroughASymlinkSeeTheSnapshotRunThatWritesTheDestination() throws Exception {
        Path src = slowSource();
        Path pass = env.passfile("pass", "prune waits");
        env.init(src, pass);
        Path dest = env.root().resolve("snapshots");
        Path link = Files.createSymbolicLink(env.root().resolve("snapshots link"), dest.getFileName());

        SyncProcess first = env.start("sync", "--passfile", pass.toString(), SLOWER, "--snapshots", src.toString(),
                dest.toString());
        first.awaitCondition("part of the file in .inprogress", STARTED,
                () -> SyncEnv.bytesUnder(dest.resolve(".inprogress")) > (256 << 10));

        CommandResult prune = env.revcrypt("snapshots", "prune", "--keep-last", "1", link + "/");
        CommandResult list = env.revcrypt("snapshots", "list", link.toString());

        assertEquals(4, prune.exitCode(), () -> "prune through a symlink while a run writes DEST: exit 4\n" + prune.describe());
        assertTrue(prune.stderr().contains("is running (pid " + first.pid()), () -> "names the run:\n" + prune.describe());
        assertEquals(0, list.exitCode(), list::describe);
        assertTrue(list.stdout().lines().anyMatch(l -> l.startsWith(".inprogress") && l.contains("a run is writing it now")),
                () -> "the run is seen through the symlink:\n" + list.describe());
        assertTrue(first.isAlive(), "prune did not disturb the run");
        CommandResult done = first.await(Duration.ofSeconds(120));
        assertEquals(0, done.exitCode(), done::describe);
    }

    /** The same over ssh: {@code host:path/} is the destination a snapshot run writes as {@code host:path}. */
    @Test
    @Timeout(240)
    void pruneOfHostPathSlashWaitsForTheSnapshotRunThatWritesHostPath() throws Exception {
        Path src = slowSource();
        Path pass = env.passfile("pass", "prune over ssh");
        env.init(src, pass);
        SshServer ssh = env.sshServer();
        Path remote = env.dir("remote").resolve("snapshots");

        SyncProcess first = env.start(env.me(), syncArgs(ssh, pass, src, ssh.destination(remote), SLOWER, "--snapshots"), null);
        first.awaitCondition("part of the file on the server", STARTED,
                () -> SyncEnv.bytesUnder(remote.resolve(".inprogress")) > (256 << 10));
        List<String> prune = new ArrayList<>(List.of("snapshots", "prune", "--keep-last", "1"));
        prune.addAll(SyncEnv.sshOptionArgs(ssh));
        prune.add(ssh.destination(remote) + "/");

        CommandResult pruned = run(prune);

        assertEquals(4, pruned.exitCode(), () -> "prune of host:path/ while host:path is written: exit 4\n" + pruned.describe());
        assertTrue(pruned.stderr().contains("is running (pid " + first.pid()), () -> "names the run:\n" + pruned.describe());
        CommandResult done = first.await(Duration.ofSeconds(120));
        assertEquals(0, done.exitCode(), done::describe);
    }

    // ---------------------------------------------------------------- helpers

    private Path slowSource() throws Exception {
        Path src = env.dir("src");
        SyncEnv.randomFile(src.resolve("four MiB.bin"), 4L << 20, 4);
        Files.writeString(src.resolve("notes.txt"), "notes\n");
        return src;
    }

    private Path smallSource() throws Exception {
        Path src = env.dir("src");
        Files.writeString(src.resolve("notes.txt"), "notes\n");
        Files.createDirectory(src.resolve("sub"));
        Files.writeString(src.resolve("sub/inner.txt"), "inner\n");
        return src;
    }

    private CommandResult run(List<String> args) throws Exception {
        return env.run(env.me(), SyncEnv.RUN_TIMEOUT, args, null);
    }

    private static List<String> syncArgs(SshServer ssh, Path pass, Path src, String dest, String... extra) {
        List<String> args = new ArrayList<>(List.of("sync", "--passfile", pass.toString()));
        args.addAll(List.of(extra));
        args.addAll(SyncEnv.sshOptionArgs(ssh));
        args.add(src.toString());
        args.add(dest);
        return args;
    }

    private static String lockName(long startMillis, long pid, String host) {
        return ".revcrypt-lock." + startMillis + "." + pid + ".0123abcd." + host;
    }

    private static String thisHost() throws Exception {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    }

    private static List<Path> lockFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".revcrypt-lock.")).sorted().toList();
        }
    }

    private static List<String> topNames(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
