package io.revcrypt.sync.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a local directory a person names as a copy is a snapshot whose publishing never
 * finished (its run was killed): {@code latest} never names one, but {@code DEST/<stamp>} may. It
 * is read as it is, with a warning that it may lack files, rather than taken for a complete one.
 */
public final class UnfinishedSnapshot {

    private UnfinishedSnapshot() {
    }

    /** A warning for the person if {@code copy} (a real path) is such a snapshot. */
    public static Optional<String> warning(Path copy) {
        Path name = copy.getFileName();
        Path dest = copy.getParent();
        if (name == null || dest == null || SnapshotStamp.tryParse(name.toString()).isEmpty()) {
            return Optional.empty();
        }
        Path recordFile = dest.resolve(SnapshotLayout.recordPath(name.toString()));
        try {
            if (!Files.isRegularFile(recordFile)) {
                return Optional.empty(); // a stamp-named directory of someone else's, or one from before records
            }
            SnapshotRecord record = SnapshotRecord.parse(Files.readAllBytes(recordFile));
            if (record == null || !record.hasCompletionStatus()) {
                return Optional.of("snapshot " + name + " in " + dest + " was never completely published (its run was "
                        + "stopped while publishing it): it may lack files; `revcrypt snapshots list` shows it as incomplete");
            }
        } catch (IOException unreadable) {
            return Optional.empty(); // the copy is read as it is; a damaged record is the listing's to report
        }
        return Optional.empty();
    }
}
