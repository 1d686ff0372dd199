package io.revcrypt.sync.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot named by its stamp is read with a warning when its record never said it was complete. */
class UnfinishedSnapshotTest {

    private static final String STAMP = "2026-01-01T000000Z";

    @TempDir
    Path dest;

    @Test
    void aSnapshotWhosePublishingNeverFinishedGetsAWarningAndACompleteOneNone() throws Exception {
        Path snapshot = Files.createDirectory(dest.resolve(STAMP));
        SnapshotRecord publishing = new SnapshotRecord(STAMP, SnapshotRecord.PUBLISHING, "2026-01-01T00:00:00Z", null, 1,
                0, 0, 10, 0, null, "sha256:ab");
        LocalSnapshotStore store = new LocalSnapshotStore(dest);

        store.putRecord(publishing);
        Optional<String> warning = UnfinishedSnapshot.warning(snapshot);
        assertTrue(warning.isPresent() && warning.get().contains("never completely published"), warning::toString);

        store.putRecord(publishing.withStatus(SnapshotRecord.COMPLETE, "2026-01-01T00:01:00Z"));
        assertEquals(Optional.empty(), UnfinishedSnapshot.warning(snapshot));
    }

    @Test
    void aDirectoryWithoutARecordOrNotNamedByAStampIsNotJudged() throws Exception {
        assertEquals(Optional.empty(), UnfinishedSnapshot.warning(Files.createDirectory(dest.resolve(STAMP))));
        assertEquals(Optional.empty(), UnfinishedSnapshot.warning(Files.createDirectory(dest.resolve("mirror"))));
    }
}
