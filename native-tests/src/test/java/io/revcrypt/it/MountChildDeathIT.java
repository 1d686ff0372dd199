package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.Commands;
import io.revcrypt.it.support.Procs;
import io.revcrypt.it.support.SyncEnv;
import io.revcrypt.it.support.SyncProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When the mount child dies in the middle of a run, the run fails (issue 15, point 4): exit 1,
 * nothing published, a message that names the cause and where the child's log is. rsync alone
 * would see a few unreadable files (exit 23) and the run would publish a partial snapshot. The
 * child is killed for real ({@code kill -9} while rsync copies a file slowed by
 * {@code --bwlimit}), or its FUSE connection aborted through a fusectl mount's
 * {@code connections/N/abort}; the mirror's earlier files then still restore, no snapshot is
 * added, and the next run completes.
 */
class MountChildDeathIT {

    private static final Path CONFIG = Path.of(".gocryptfs.reverse.conf");
    private static final String SLOW = "--rsync-arg=--bwlimit=1000";
    private static final Duration STARTED = Duration.ofSeconds(60);
    private static final Pattern STAMP = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{6}Z$");
    private static final Pattern LOG = Pattern.compile("its messages are in (\\S+?\\.log)");

    @RegisterExtension
    final SyncEnv env = new SyncEnv();

    @Test
    @Timeout(240)
    void killOfTheMountChildDuringAMirrorFailsTheRunAndTheEarlierCopyStillRestores() throws Exception {
        Path src = smallSource();
        Path pass = env.passfile("pass", "a mirror");
        env.init(src, pass);
        Path dest = env.root().resolve("mirror");
        CommandResult first = env.revcrypt("sync", "--passfile", pass.toString(), src.toString(), dest.toString());
        assertEquals(0, first.exitCode(), first::describe);
        Path before = copyOf(src, "before");
        long copied = SyncEnv.bytesUnder(dest);
        SyncEnv.randomFile(src.resolve("big.bin"), 8L << 20, 8);

        SyncProcess run = env.start("sync", "--passfile", pass.toString(), SLOW, src.toString(), dest.toString());
        run.awaitCondition("part of big.bin in DEST", STARTED, () -> SyncEnv.bytesUnder(dest) > copied + (1 << 20));
        kill9(mountChild(run));
        CommandResult r = run.await(Duration.ofSeconds(120));

        assertFailedNamingTheCause(r, "was killed by signal 9 (SIGKILL)");
        env.assertDecryptsTo(dest, pass, before, Set.of(CONFIG));
        CommandResult next = env.revcrypt("sync", "--passfile", pass.toString(), src.toString(), dest.toString());
        assertEquals(0, next.exitCode(), () -> "the next run:\n" + next.describe());
        env.assertDecryptsTo(dest, pass, src, Set.of(CONFIG));
    }

    @Test
    @Timeout(240)
    void killOfTheMountChildDuringASnapshotPublishesNoSnapshotAndTheNextRunWorks() throws Exception {
        Path src = smallSource();
        Path pass = env.passfile("pass", "snapshots");
        env.init(src, pass);
        Path dest = env.root().resolve("snapshots");
        CommandResult first = env.revcrypt("sync", "--passfile", pass.toString(), "--snapshots", src.toString(), dest.toString());
        assertEquals(0, first.exitCode(), first::describe);
        List<String> snapshots = stamps(dest);
        assertEquals(1, snapshots.size(), snapshots.toString());
        long copied = SyncEnv.bytesUnder(dest);
        SyncEnv.randomFile(src.resolve("big.bin"), 8L << 20, 9);

        SyncProcess run = env.start("sync", "--passfile", pass.toString(), "--snapshots", SLOW, src.toString(),
                dest.toString());
        run.awaitCondition("part of big.bin in DEST", STARTED, () -> SyncEnv.bytesUnder(dest) > copied + (1 << 20));
        kill9(mountChild(run));
        CommandResult r = run.await(Duration.ofSeconds(120));

        assertFailedNamingTheCause(r, "was killed by signal 9 (SIGKILL)");
        assertEquals(snapshots, stamps(dest), "no snapshot was published, partial or not");
        CommandResult list = env.revcrypt("snapshots", "list", dest.toString());
        assertEquals(1, list.stdout().lines().filter(l -> l.matches("^\\d{4}-\\d{2}-\\d{2}T\\d{6}Z.*")).count(),
                () -> "snapshots list shows only the first:\n" + list.describe());

        CommandResult next = env.revcrypt("sync", "--passfile", pass.toString(), "--snapshots", src.toString(), dest.toString());
        assertEquals(0, next.exitCode(), () -> "the next run:\n" + next.describe());
        assertEquals(2, stamps(dest).size(), stamps(dest).toString());
        env.assertDecryptsTo(dest.resolve("latest"), pass, src, Set.of(CONFIG));
    }

    @Test
    @Timeout(240)
    void anAbortedFuseConnectionFailsTheRunAndSaysSo() throws Exception {
        Path src = smallSource();
        Path pass = env.passfile("pass", "aborted");
        env.init(src, pass);
        Path dest = env.root().resolve("mirror");
        SyncEnv.randomFile(src.resolve("big.bin"), 8L << 20, 10);
        Path fusectl = env.dir("fusectl");
        Commands.check(Commands.run("mount", "-t", "fusectl", "fusectl", fusectl.toString()));
        try {
            SyncProcess run = env.start("sync", "--passfile", pass.toString(), SLOW, src.toString(), dest.toString());
            run.awaitCondition("part of big.bin in DEST", STARTED, () -> SyncEnv.bytesUnder(dest) > (1 << 20));
            Path mnt = env.me().runtime().resolve("revcrypt/sync-" + run.pid() + "/mnt");
            // fusectl names a connection by the device number of its mount (major 0 for FUSE)
            long dev = (Long) Files.getAttribute(mnt, "unix:dev");
            Path abort = fusectl.resolve(Long.toString(dev)).resolve("abort");
            assertTrue(Files.exists(abort), () -> "no " + abort + " for the run's mount " + mnt);
            Files.writeString(abort, "1\n");
            CommandResult r = run.await(Duration.ofSeconds(120));

            assertFailedNamingTheCause(r, "FUSE connection was aborted");
        } finally {
            Commands.run("umount", fusectl.toString());
        }
        CommandResult next = env.revcrypt("sync", "--passfile", pass.toString(), src.toString(), dest.toString());
        assertEquals(0, next.exitCode(), () -> "the next run:\n" + next.describe());
        env.assertDecryptsTo(dest, pass, src, Set.of(CONFIG));
    }

    // ---------------------------------------------------------------- helpers

    private static void assertFailedNamingTheCause(CommandResult r, String cause) throws Exception {
        assertEquals(1, r.exitCode(), () -> "a run whose mount died fails: exit 1\n" + r.describe());
        assertTrue(r.stderr().contains(cause) && r.stderr().contains("Nothing was published"),
                () -> "the message names the cause (" + cause + "):\n" + r.describe());
        Matcher log = LOG.matcher(r.stderr());
        assertTrue(log.find() && Files.isRegularFile(Path.of(log.group(1))), () -> "and where its log is:\n" + r.describe());
    }

    private Path smallSource() throws Exception {
        Path src = env.dir("src");
        Files.writeString(src.resolve("notes.txt"), "notes\n");
        Files.createDirectory(src.resolve("sub"));
        Files.writeString(src.resolve("sub/inner.txt"), "inner\n");
        SyncEnv.randomFile(src.resolve("sub/small.bin"), 100_000, 1);
        return src;
    }

    /** A copy of the plaintext tree as it is now, with its times, to compare a restore with later. */
    private Path copyOf(Path src, String name) throws Exception {
        Path copy = env.root().resolve(name);
        Commands.check(Commands.run("cp", "-a", src.toString(), copy.toString()));
        return copy;
    }

    private static ProcessHandle mountChild(SyncProcess run) {
        return run.handle().descendants().filter(p -> Procs.argv(p).contains("--daemon-child")).findFirst()
                .orElseThrow(() -> new AssertionError("no mount child under " + run.pid()));
    }

    private static void kill9(ProcessHandle child) throws Exception {
        Commands.check(Commands.run("kill", "-9", Long.toString(child.pid())));
    }

    private static List<String> stamps(Path dest) throws Exception {
        try (Stream<Path> s = Files.list(dest)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> STAMP.matcher(n).matches()).sorted().toList();
        }
    }
}
