package io.revcrypt.sync.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSnapshotStoreTest {

    @TempDir
    Path dest;

    private static SnapshotRecord record(String stamp, String status) {
        return new SnapshotRecord(stamp, status, "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", 3, 2, 1, 4096, 0, null, "sha256:test-key");
    }

    @Test
    void recordsLatestAndSnapshotsRoundTrip() throws Exception {
        LocalSnapshotStore store = new LocalSnapshotStore(dest);
        Files.createDirectory(dest.resolve("2026-01-01T000000Z"));
        Files.createDirectory(dest.resolve("2026-01-02T000000Z"));
        Files.createDirectory(dest.resolve(SnapshotLayout.IN_PROGRESS));
        store.putRecord(record("2026-01-01T000000Z", SnapshotRecord.COMPLETE));
        store.putRecord(record("2026-01-02T000000Z", SnapshotRecord.PARTIAL));
        store.pointLatest("2026-01-01T000000Z");

        assertEquals(Optional.of("2026-01-01T000000Z"), store.latestTarget());
        assertEquals(2, store.records().size());
        assertTrue(store.records().get("2026-01-02T000000Z").isPartial());
        List<SnapshotInfo> snaps = store.snapshots();
        assertEquals(List.of(SnapshotInfo.complete(SnapshotStamp.parse("2026-01-01T000000Z")),
                SnapshotInfo.partial(SnapshotStamp.parse("2026-01-02T000000Z"))), snaps);

        store.pointLatest("2026-01-02T000000Z");
        assertEquals(Optional.of("2026-01-02T000000Z"), store.latestTarget(), "repointing replaces the link");
    }

    @Test
    void deleteRemovesTheTreeAndItsRecordButNothingOutsideIt() throws Exception {
        LocalSnapshotStore store = new LocalSnapshotStore(dest);
        Path snap = Files.createDirectories(dest.resolve("2026-01-01T000000Z/a/b"));
        Path outside = Files.createDirectories(dest.getParent().resolve("outside-" + System.nanoTime()));
        Files.writeString(outside.resolve("keep.txt"), "keep");
        Files.createSymbolicLink(snap.resolve("escape"), outside);
        store.putRecord(record("2026-01-01T000000Z", SnapshotRecord.COMPLETE));
        store.delete(List.of("2026-01-01T000000Z"));
        assertFalse(Files.exists(dest.resolve("2026-01-01T000000Z")));
        assertTrue(store.records().isEmpty());
        assertTrue(Files.exists(outside.resolve("keep.txt")), "a symlink inside is removed, not followed");
    }

    @Test
    void aDamagedRecordIsSkippedNotFatal() throws Exception {
        LocalSnapshotStore store = new LocalSnapshotStore(dest);
        Files.createDirectories(dest.resolve(SnapshotLayout.RECORDS));
        Files.writeString(dest.resolve(SnapshotLayout.recordPath("2026-01-01T000000Z")), "{ not json");
        assertTrue(store.records().isEmpty());
        assertNull(SnapshotRecord.parse("{}".getBytes()));
    }

    @Test
    void layoutKnowsItsOwnNames() {
        assertTrue(SnapshotLayout.belongs("latest"));
        assertTrue(SnapshotLayout.belongs(".inprogress"));
        assertTrue(SnapshotLayout.belongs("2026-11-23T004512Z"));
        assertFalse(SnapshotLayout.belongs("gocryptfs.conf"), "a mirror's content is not a snapshot layout");
        assertFalse(SnapshotLayout.belongs("photos"));
    }
}
