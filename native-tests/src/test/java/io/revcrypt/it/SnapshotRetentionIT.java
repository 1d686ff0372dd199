package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.OpsEnv;
import io.revcrypt.it.support.OpsSnapshots;
import io.revcrypt.it.support.OpsTrees;
import io.revcrypt.it.support.SshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retention (issue 5): {@code snapshots prune --keep-daily 2 --keep-weekly 1} with BorgBackup's
 * rules and our own "the newest complete snapshot is never pruned", on a local disk and on an
 * rsync-only remote; and {@code sync --snapshots --keep-…}, which prunes after publishing.
 *
 * <p>The store only cares about names, so the history is made from one real snapshot: hard-linked
 * copies under chosen stamps, each with a run record. In March 2024 (UTC; ISO week 10 is Monday
 * 4 to Sunday 10):
 * <pre>
 * 2024-03-10T120000Z partial   kept: daily #1
 * 2024-03-09T120000Z partial   kept: daily #2
 * 2024-03-09T080000Z complete  kept: newest complete (daily found the 9th used up; week 10 too)
 * 2024-03-05T120000Z complete  pruned (week 10 already used up)
 * 2024-03-03T120000Z complete  kept: weekly #1 (week 9)
 * 2024-02-20T120000Z complete  pruned
 * </pre>
 */
class SnapshotRetentionIT {

    private static final String P1 = "2024-03-10T120000Z";
    private static final String P2 = "2024-03-09T120000Z";
    private static final String C1 = "2024-03-09T080000Z";
    private static final String C2 = "2024-03-05T120000Z";
    private static final String C3 = "2024-03-03T120000Z";
    private static final String C4 = "2024-02-20T120000Z";
    /** Stamp → partial? */
    private static final Map<String, Boolean> HISTORY = new TreeMap<>(Map.of(
            P1, true, P2, true, C1, false, C2, false, C3, false, C4, false));
    private static final List<String> KEPT = List.of(C3, C1, P2, P1);
    private static final List<String> PRUNED = List.of(C4, C2);
    private static final String[] POLICY = {"--keep-daily", "2", "--keep-weekly", "1"};

    @RegisterExtension
    final OpsEnv ops = OpsEnv.perTest();

    @Test
    @Timeout(150)
    void pruneLocallyAndAfterASync() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path dest = ops.path("backup");
        String real = OpsSnapshots.publishedIn(ops.syncOk(src, dest.toString(), "--snapshots"));
        Path template = ops.path("template");
        Files.move(dest.resolve(real), template);
        Files.delete(OpsSnapshots.recordFile(dest, real));
        craftHistory(dest, template);

        pruneAndCheck(dest, dest.toString(), List.of());

        // a sync with a policy publishes first, then prunes: now the new run is the newest complete
        // one, daily keeps it and the 10th, weekly finds week 10 used up and keeps the 3rd
        CommandResult sync = ops.syncOk(src, dest.toString(), concat(List.of("--snapshots"), POLICY));
        String now = OpsSnapshots.publishedIn(sync);
        assertTrue(sync.stderr().contains("pruned 2 snapshot(s)") && sync.stderr().contains(P2)
                && sync.stderr().contains(C1), "the run says what it pruned:\n" + sync.describe());
        assertEquals(List.of(C3, P1, now), OpsSnapshots.stamps(dest));
        assertEquals(Optional.of(now), OpsSnapshots.latest(dest));
        assertFalse(Files.exists(OpsSnapshots.recordFile(dest, P2)) || Files.exists(OpsSnapshots.recordFile(dest, C1)),
                "the pruned snapshots' records are gone");
        assertTrue(Files.exists(OpsSnapshots.recordFile(dest, now)));
        ops.assertNoPrivateMounts();
    }

    @Test
    @Timeout(150)
    void pruneOnAnRsyncOnlyRemote() throws Exception {
        OpsEnv.requireSsh();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path local = ops.path("local");
        String real = OpsSnapshots.publishedIn(ops.syncOk(src, local.toString(), "--snapshots"));
        Path box = Files.createDirectory(ops.path("box"));
        Path remoteDir = box.resolve("bk");
        craftHistory(remoteDir, local.resolve(real));

        SshServer server = ops.rsyncOnlyServer("sshd", box);
        pruneAndCheck(remoteDir, server.destination("bk"), OpsEnv.sshOptionArgs(server));
    }

    /** The history of the class comment in {@code dest}, latest pointing at the newest complete one. */
    private static void craftHistory(Path dest, Path template) throws Exception {
        for (Map.Entry<String, Boolean> e : HISTORY.entrySet()) {
            OpsSnapshots.craft(dest, template, e.getKey(), e.getValue());
        }
        OpsSnapshots.pointLatest(dest, C1);
    }

    /** {@code snapshots prune POLICY --dry-run}, then for real, against {@code destination} (local or remote). */
    private void pruneAndCheck(Path dest, String destination, List<String> sshOptions) throws Exception {
        List<String> before = OpsSnapshots.names(dest);
        List<String> recordsBefore = OpsSnapshots.names(dest.resolve(".revcrypt/snapshots"));

        CommandResult dry = prune(destination, sshOptions, true);
        assertEquals(0, dry.exitCode(), dry.describe());
        for (String s : PRUNED) {
            assertTrue(line(dry, s).startsWith("would prune"), "the plan prunes " + s + ":\n" + dry.describe());
        }
        for (String s : KEPT) {
            assertTrue(line(dry, s).startsWith("keep"), "the plan keeps " + s + ":\n" + dry.describe());
        }
        assertTrue(line(dry, P1).contains("daily #1") && line(dry, P2).contains("daily #2")
                && line(dry, C3).contains("weekly #1") && line(dry, C1).contains("newest complete"),
                "the plan gives Borg's reasons, and ours:\n" + dry.describe());
        assertEquals(before, OpsSnapshots.names(dest), "--dry-run deletes nothing");
        assertEquals(recordsBefore, OpsSnapshots.names(dest.resolve(".revcrypt/snapshots")), "--dry-run deletes no record");

        CommandResult real = prune(destination, sshOptions, false);
        assertEquals(0, real.exitCode(), real.describe());
        assertTrue(real.stdout().contains("pruned 2, kept 4"), real.describe());
        assertEquals(KEPT.stream().sorted().toList(), OpsSnapshots.stamps(dest), "exactly the pruned ones are gone");
        for (String s : PRUNED) {
            assertFalse(Files.exists(OpsSnapshots.recordFile(dest, s)), "the record of " + s + " is deleted with it");
        }
        for (String s : KEPT) {
            assertTrue(Files.exists(OpsSnapshots.recordFile(dest, s)), "the record of " + s + " stays");
            assertTrue(Files.isRegularFile(dest.resolve(s).resolve("gocryptfs.conf")), s + " is intact");
        }
        assertEquals(Optional.of(C1), OpsSnapshots.latest(dest), "latest is untouched");
    }

    private CommandResult prune(String destination, List<String> sshOptions, boolean dryRun) throws Exception {
        List<String> args = new ArrayList<>(List.of("snapshots", "prune"));
        args.addAll(List.of(POLICY));
        args.addAll(sshOptions);
        if (dryRun) {
            args.add("--dry-run");
        }
        args.add(destination);
        return ops.revcrypt(args.toArray(new String[0]));
    }

    private static String line(CommandResult r, String stamp) {
        return r.stdout().lines().filter(l -> l.contains(stamp)).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + stamp + ":\n" + r.describe()));
    }

    private static String[] concat(List<String> a, String... b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(List.of(b));
        return all.toArray(new String[0]);
    }
}
