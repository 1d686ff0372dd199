package io.revcrypt.sync.snapshot;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome of {@link Retention#plan}: one decision per snapshot, newest first. Only a plan;
 * deleting is the caller's job.
 */
public record PrunePlan(RetentionPolicy policy, List<PruneDecision> decisions) {

    public PrunePlan {
        decisions = List.copyOf(decisions);
    }

    public List<SnapshotInfo> kept() {
        return decisions.stream().filter(PruneDecision::isKept).map(PruneDecision::snapshot).toList();
    }

    public List<SnapshotInfo> toPrune() {
        return decisions.stream().filter(d -> !d.isKept()).map(PruneDecision::snapshot).toList();
    }

    /** The decision for the snapshot named {@code stamp}, if it was in the plan's input. */
    public Optional<PruneDecision> decisionFor(SnapshotStamp stamp) {
        return decisions.stream().filter(d -> d.snapshot().stamp().equals(stamp)).findFirst();
    }

    /** The whole plan, one {@link PruneDecision} line per snapshot, newest first. */
    @Override
    public String toString() {
        return decisions.stream().map(PruneDecision::toString)
                .collect(Collectors.joining("\n", policy + "\n", ""));
    }
}
