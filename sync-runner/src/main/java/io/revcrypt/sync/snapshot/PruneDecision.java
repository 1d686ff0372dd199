package io.revcrypt.sync.snapshot;

import java.util.Objects;
import java.util.Optional;

/** What the plan does with one snapshot: keep it (and why) or prune it. */
public final class PruneDecision {

    private final SnapshotInfo snapshot;
    private final KeepReason reason; // null = prune

    private PruneDecision(SnapshotInfo snapshot, KeepReason reason) {
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
        this.reason = reason;
    }

    public static PruneDecision keep(SnapshotInfo snapshot, KeepReason reason) {
        return new PruneDecision(snapshot, Objects.requireNonNull(reason, "reason"));
    }

    public static PruneDecision prune(SnapshotInfo snapshot) {
        return new PruneDecision(snapshot, null);
    }

    public SnapshotInfo snapshot() {
        return snapshot;
    }

    public boolean isKept() {
        return reason != null;
    }

    /** Why it is kept; empty for a snapshot to prune. */
    public Optional<KeepReason> reason() {
        return Optional.ofNullable(reason);
    }

    /** One line like Borg's {@code prune --list}: {@code keep   <stamp>  (rule: daily #1)}. */
    @Override
    public String toString() {
        return isKept()
                ? "keep   " + snapshot + "  (rule: " + reason + ")"
                : "prune  " + snapshot;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PruneDecision d && snapshot.equals(d.snapshot) && Objects.equals(reason, d.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(snapshot, reason);
    }
}
