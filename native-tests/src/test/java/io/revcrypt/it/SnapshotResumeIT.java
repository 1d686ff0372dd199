package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.OpsEnv;
import io.revcrypt.it.support.OpsSnapshots;
import io.revcrypt.it.support.OpsTrees;
import io.revcrypt.it.support.Procs;
import io.revcrypt.it.support.TreeStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An interrupted snapshot run (issue 5): the runner is killed with SIGKILL while rsync is in the
 * middle of a big file ({@code --bwlimit} keeps it there). Nothing may be published; the run's files
 * wait in {@code DEST/.inprogress/}; the next run says it resumes, publishes, and removes
 * {@code .inprogress}.
 */
class SnapshotResumeIT {

    private static final long BIG = 24L << 20;
    private static final Duration TRANSFER_START = Duration.ofSeconds(60);
    /** How long the processes of a killed runner may take to notice; the rest of its transfer takes longer. */
    private static final Duration ORPHAN_GRACE = Duration.ofSeconds(20);

    @RegisterExtension
    final OpsEnv ops = OpsEnv.perTest();

    /**
     * The runner and its rsync are killed together, as a terminal's process group or a systemd unit's
     * control group is; the mount child, whose parent is gone, unmounts and exits by itself.
     */
    @Test
    @Timeout(180)
    void theNextRunResumesIntoInprogressAndPublishes() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path dest = ops.path("backup");
        String first = OpsSnapshots.publishedIn(ops.syncOk(src, dest.toString(), "--snapshots"));
        OpsTrees.bigFile(src.resolve("photos/holiday.mov"), BIG);

        Path out = ops.path("killed-run.out");
        Process runner = ops.start(out, ops.syncArgs(src, dest.toString(), "--snapshots", "--rsync-arg=--bwlimit=2000"));
        awaitTransferUnderWay(dest, runner, out);
        List<ProcessHandle> children = runner.descendants().toList();
        List<ProcessHandle> rsyncs = children.stream().filter(p -> isRsync(p)).toList();
        assertFalse(rsyncs.isEmpty(), "rsync runs under the runner: " + children);
        runner.toHandle().destroyForcibly();
        rsyncs.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : children) {
            assertTrue(Procs.awaitExit(p.pid(), Duration.ofSeconds(30)), () -> "a process of the killed run did not end: "
                    + Procs.argv(p) + " " + Procs.describe(p.pid()));
        }
        ops.assertNoPrivateMounts();

        assertTrue(Files.isDirectory(dest.resolve(OpsSnapshots.IN_PROGRESS)), "the interrupted run is in .inprogress: "
                + OpsSnapshots.names(dest));
        assertEquals(List.of(first), OpsSnapshots.stamps(dest), "the interrupted run published nothing");
        assertEquals(Optional.of(first), OpsSnapshots.latest(dest), "latest still names the last complete run");
        CommandResult list = ops.revcrypt("snapshots", "list", dest.toString());
        assertTrue(list.stdout().contains(OpsSnapshots.IN_PROGRESS) && list.stdout().contains("interrupted"),
                "snapshots list shows the interrupted run:\n" + list.describe());

        CommandResult resumed = ops.syncOk(src, dest.toString(), "--snapshots");
        assertTrue(resumed.stderr().contains("resuming the interrupted run"), "the run says it resumes:\n"
                + resumed.describe());
        String second = OpsSnapshots.publishedIn(resumed);
        assertEquals(List.of(first, second), OpsSnapshots.stamps(dest));
        assertEquals(Optional.of(second), OpsSnapshots.latest(dest));
        assertFalse(Files.exists(dest.resolve(OpsSnapshots.IN_PROGRESS), LinkOption.NOFOLLOW_LINKS),
                ".inprogress is gone after publishing: " + OpsSnapshots.names(dest));
        assertEquals(List.of(), dotFiles(dest.resolve(second)), "no half-written rsync temp file in the snapshot");
        OpsSnapshots.assertUnchangedFilesShared(dest.resolve(first), dest.resolve(second));

        Path mnt = OpsSnapshots.mountWithGocryptfs(ops, dest.resolve(second), ops.path("mnt"));
        assertEquals(TreeStat.sha256(src.resolve("photos/holiday.mov")), TreeStat.sha256(mnt.resolve("photos/holiday.mov")),
                "the big file decrypts whole from the resumed snapshot");
        OpsSnapshots.unmount(mnt);
    }

    /**
     * Only the runner is killed. Its lock dies with it, so a new run may start at once; nothing of
     * the old run may still be writing into {@code .inprogress} then (design §6: one run per
     * destination). Its rsync and its mount child must end soon after it, not finish the transfer.
     */
    @Test
    @Timeout(180)
    void nothingOfAKilledRunnerKeepsWriting() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        OpsTrees.bigFile(src.resolve("photos/holiday.mov"), 2 * BIG);
        ops.init(src);
        Path dest = ops.path("backup");

        Path out = ops.path("killed-run.out");
        Process runner = ops.start(out, ops.syncArgs(src, dest.toString(), "--snapshots", "--rsync-arg=--bwlimit=1000"));
        awaitTransferUnderWay(dest, runner, out);
        List<ProcessHandle> children = runner.descendants().toList();
        runner.toHandle().destroyForcibly();
        long deadline = System.nanoTime() + ORPHAN_GRACE.toNanos();
        for (ProcessHandle p : children) {
            Procs.awaitExit(p.pid(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        List<String> alive = children.stream().filter(p -> !Procs.hasExited(p.pid()))
                .map(p -> p.pid() + " " + String.join(" ", Procs.argv(p))).toList();
        Optional<Path> growing = tempFile(dest.resolve(OpsSnapshots.IN_PROGRESS), 0);
        assertTrue(alive.isEmpty(), alive.size() + " process(es) of the killed run still running " + ORPHAN_GRACE.toSeconds()
                + " s later, while its destination lock is already free (the file being written: " + growing.orElse(null)
                + "):\n  " + String.join("\n  ", alive));
        ops.assertNoPrivateMounts();
        assertEquals(List.of(), OpsSnapshots.stamps(dest), "the killed run published nothing");
    }

    /** Waits until rsync has written at least 1 MiB of the big file into its temp file in .inprogress. */
    private static void awaitTransferUnderWay(Path dest, Process runner, Path out) throws Exception {
        long deadline = System.nanoTime() + TRANSFER_START.toNanos();
        while (tempFile(dest.resolve(OpsSnapshots.IN_PROGRESS), 1 << 20).isEmpty()) {
            if (!runner.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the big file's transfer did not get under way (runner "
                        + (runner.isAlive() ? "still running" : "exited " + runner.exitValue()) + "):\n"
                        + Files.readString(out));
            }
            Thread.sleep(50);
        }
    }

    /** A file rsync is writing (its temp name starts with a dot) of at least {@code minSize} bytes. */
    private static Optional<Path> tempFile(Path dir, long minSize) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> p.getFileName().toString().startsWith("."))
                    .filter(p -> {
                        try {
                            return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.size(p) >= minSize;
                        } catch (IOException gone) {
                            return false; // renamed into place meanwhile
                        }
                    }).findFirst();
        } catch (java.io.UncheckedIOException raced) {
            return Optional.empty(); // a file went away during the walk: look again
        }
    }

    /** Files whose names start with a dot: never a gocryptfs name, so rsync debris. */
    private static List<String> dotFiles(Path snapshot) throws IOException {
        try (Stream<Path> all = Files.walk(snapshot)) {
            return all.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }

    private static boolean isRsync(ProcessHandle p) {
        List<String> argv = Procs.argv(p);
        return !argv.isEmpty() && argv.get(0).endsWith("rsync");
    }
}
