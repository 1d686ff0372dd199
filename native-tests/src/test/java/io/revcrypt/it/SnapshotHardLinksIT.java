package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.OddTree;
import io.revcrypt.it.support.OpsEnv;
import io.revcrypt.it.support.OpsSnapshots;
import io.revcrypt.it.support.OpsTrees;
import io.revcrypt.it.support.TreeStat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Snapshots on a local disk (issue 5): two runs a change apart give two snapshots that share every
 * unchanged file by hard link, {@code latest} names the newest, and each snapshot is a complete
 * gocryptfs copy that stock gocryptfs mounts, showing that snapshot's own content.
 */
class SnapshotHardLinksIT {

    static final String V1 = "the report, first version\n";
    static final String V2 = "the report, second version, a little longer\n";

    @RegisterExtension
    final OpsEnv ops = OpsEnv.perTest();

    @Test
    @Timeout(150)
    void twoSnapshotsShareUnchangedFilesAndEachMountsWithGocryptfs() throws Exception {
        OpsEnv.requireBasics();
        Path src = Files.createDirectory(ops.path("src"));
        OddTree.build(src, false);
        Files.createDirectories(src.resolve("docs"));
        Files.writeString(src.resolve(OpsTrees.CHANGING), V1);
        ops.init(src);
        Path dest = ops.path("backup");

        CommandResult first = ops.syncOk(src, dest.toString(), "--snapshots");
        assertTrue(first.stderr().contains("first snapshot"), first.describe());
        OpsTrees.change(src, V2);
        CommandResult second = ops.syncOk(src, dest.toString(), "--snapshots");
        ops.assertNoPrivateMounts();
        assertFalse(second.stderr().contains("warning"), "a second run next to an intact latest has nothing to warn "
                + "about:\n" + second.describe());
        assertFalse(second.stderr().contains("resuming"), "its .inprogress was begun by itself, while the mount "
                + "started; nothing was interrupted:\n" + second.describe());

        List<String> stamps = OpsSnapshots.stamps(dest);
        assertEquals(List.of(OpsSnapshots.publishedIn(first), OpsSnapshots.publishedIn(second)), stamps,
                "one snapshot per run, named as the runs said");
        assertEquals(Optional.of(stamps.get(1)), OpsSnapshots.latest(dest), "latest names the newest");
        assertFalse(Files.exists(dest.resolve(OpsSnapshots.IN_PROGRESS)), ".inprogress is gone once published");
        OpsSnapshots.assertUnchangedFilesShared(dest.resolve(stamps.get(0)), dest.resolve(stamps.get(1)), 1);

        assertSnapshotsRestore(ops, src, dest, stamps.get(0), stamps.get(1));
    }

    /**
     * rsync changes a file's permissions in place, and in a snapshot that place is an inode the
     * older snapshot shares: a chmod between two runs must reach the newer snapshot only. The run
     * also counts what it deleted since the older one.
     */
    @Test
    @Timeout(150)
    void aPermissionChangeReachesOnlyTheNewerSnapshotAndDeletionsAreCounted() throws Exception {
        OpsEnv.requireBasics();
        Path src = Files.createDirectory(ops.path("src"));
        Files.createDirectories(src.resolve("sub"));
        for (int i = 0; i < 8; i++) {
            Files.writeString(src.resolve("sub/kept-" + i + ".txt"), "kept " + i + "\n");
        }
        Files.writeString(src.resolve("private.txt"), "not for everyone\n");
        Files.setPosixFilePermissions(src.resolve("private.txt"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(src.resolve("sub/doomed.txt"), "soon gone\n");
        ops.init(src);
        Path dest = ops.path("backup");
        ops.syncOk(src, dest.toString(), "--snapshots");

        Files.setPosixFilePermissions(src.resolve("private.txt"), PosixFilePermissions.fromString("rw-------"));
        Files.delete(src.resolve("sub/doomed.txt"));
        Path log = ops.path("second-run.log");
        CommandResult second = ops.syncOk(src, dest.toString(), "--snapshots", "--log", log.toString());
        String linked = Files.readAllLines(log).stream().filter(l -> l.contains("linked from ")).findFirst().orElse("");
        assertTrue(linked.contains("1 copied (mode or owner changed)") && linked.contains("from before the mount"),
                "the base was linked while the mount started, and the chmodded file's link replaced by a copy "
                        + "once the view showed its new mode: " + linked);
        assertTrue(second.stdout().lines().anyMatch(l -> l.endsWith("\tprivate.txt") && l.charAt(5) == 'p'),
                "the chmod is shown as a permission change of private.txt:\n" + second.describe());
        assertTrue((second.stdout() + second.stderr()).contains(" 1 deleted"), "the deleted file is counted:\n"
                + second.describe());

        List<String> stamps = OpsSnapshots.stamps(dest);
        assertEquals(2, stamps.size(), stamps.toString());
        Path oldMnt = OpsSnapshots.mountWithGocryptfs(ops, dest.resolve(stamps.get(0)), ops.path("mnt-old"));
        Path newMnt = OpsSnapshots.mountWithGocryptfs(ops, dest.resolve(stamps.get(1)), ops.path("mnt-new"));
        try {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    oldMnt.resolve("private.txt"))), "the older snapshot keeps the permissions it was taken with");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    newMnt.resolve("private.txt"))), "the newer snapshot has the new permissions");
            assertTrue(Files.exists(oldMnt.resolve("sub/doomed.txt")), "the older snapshot keeps the deleted file");
            assertFalse(Files.exists(newMnt.resolve("sub/doomed.txt")), "the newer snapshot lacks the deleted file");
            assertEquals("kept 7\n", Files.readString(newMnt.resolve("sub/kept-7.txt")));
        } finally {
            OpsSnapshots.unmount(oldMnt);
            OpsSnapshots.unmount(newMnt);
        }
        Map<String, OpsSnapshots.FileFacts> older = OpsSnapshots.files(dest.resolve(stamps.get(0)));
        Map<String, OpsSnapshots.FileFacts> newer = OpsSnapshots.files(dest.resolve(stamps.get(1)));
        long shared = newer.entrySet().stream().filter(e -> older.containsKey(e.getKey())
                && older.get(e.getKey()).inode() == e.getValue().inode()).count();
        assertTrue(shared >= 8, "the unchanged files are hard links into the older snapshot: " + shared + " shared");
    }

    /**
     * Mounts both snapshots with stock gocryptfs: the older one shows the first version of the
     * changed file, the newer one (through {@code latest}, as the README restores) the source as it
     * is now.
     */
    static void assertSnapshotsRestore(OpsEnv ops, Path src, Path dest, String older, String newer) throws Exception {
        Path oldMnt = OpsSnapshots.mountWithGocryptfs(ops, dest.resolve(older), ops.path("mnt-old"));
        Path newMnt = OpsSnapshots.mountWithGocryptfs(ops, dest.resolve(OpsSnapshots.LATEST), ops.path("mnt-new"));
        assertEquals(V1, Files.readString(oldMnt.resolve(OpsTrees.CHANGING)), "the older snapshot keeps the older content");
        assertEquals(V2, Files.readString(newMnt.resolve(OpsTrees.CHANGING)), "the newer snapshot has the new content");

        Set<Path> ignored = Set.of(Path.of(".gocryptfs.reverse.conf"), Path.of("fifo"));
        List<String> now = TreeStat.differences(TreeStat.of(src), TreeStat.of(newMnt), SnapshotHardLinksIT::restorable,
                ignored);
        assertTrue(now.isEmpty(), "the newest snapshot, decrypted by gocryptfs, differs from the source:\n  "
                + String.join("\n  ", now));
        List<String> between = TreeStat.differences(TreeStat.of(oldMnt), TreeStat.of(newMnt),
                SnapshotHardLinksIT::restorable, Set.of());
        assertEquals(1, between.size(), "only the changed file differs between the snapshots: " + between);
        assertTrue(between.get(0).startsWith(OpsTrees.CHANGING), between.get(0));
        OpsSnapshots.unmount(oldMnt);
        OpsSnapshots.unmount(newMnt);
    }

    /** What a restore must bring back: type, permissions, content, symlink target, mtime. */
    static TreeStat.Entry restorable(TreeStat.Entry e) {
        return new TreeStat.Entry(e.type(), e.mode(), 0, 0, 0, 0, e.type() == 'd' ? 0 : e.size(), e.mtimeNanos(), 0,
                e.sha256(), e.linkTarget());
    }
}
