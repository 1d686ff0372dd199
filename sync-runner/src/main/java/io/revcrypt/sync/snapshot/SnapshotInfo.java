package io.revcrypt.sync.snapshot;

import java.util.Objects;

/**
 * A published snapshot as retention sees it: its stamp, and whether the run that made it was
 * partial (published with unreadable files, exit status 3).
 *
 * <p>A partial snapshot is still a real snapshot and takes part in retention like any other; the
 * flag only matters for the "newest complete snapshot is always kept" safety rule. A run still in
 * {@code DEST/.inprogress/} is not a snapshot at all and is never passed to {@link Retention}.
 */
public record SnapshotInfo(SnapshotStamp stamp, boolean partial) {

    public SnapshotInfo {
        Objects.requireNonNull(stamp, "stamp");
    }

    public static SnapshotInfo complete(SnapshotStamp stamp) {
        return new SnapshotInfo(stamp, false);
    }

    public static SnapshotInfo partial(SnapshotStamp stamp) {
        return new SnapshotInfo(stamp, true);
    }

    @Override
    public String toString() {
        return partial ? stamp + " (partial)" : stamp.toString();
    }
}
