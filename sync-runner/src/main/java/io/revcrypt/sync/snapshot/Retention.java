package io.revcrypt.sync.snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which snapshots a retention policy keeps, with BorgBackup's {@code prune} semantics plus
 * our own safety rule.
 *
 * <h2>Borg's semantics</h2>
 * Followed from Borg 1.4 (the released line, 1.4-maint at 0846833b6): {@code prune_split} in
 * {@code src/borg/helpers/misc.py} and {@code do_prune} in {@code src/borg/archiver.py}, and the
 * worked example {@code docs/misc/prune-example.txt}:
 * <ol>
 *   <li>Snapshots are taken newest first.
 *   <li>The rules run in the fixed order last, hourly, daily, weekly, monthly, yearly (the order of
 *       {@link RetentionRule}), whatever order the options were given in.
 *   <li>A rule walks the snapshots and, each time the period changes, looks at the newest snapshot
 *       of the new period: if no earlier rule kept it, the rule keeps it and counts it; if an
 *       earlier rule did, that period is used up and nothing else in it is kept by this rule. The
 *       rule stops once it has kept N.
 *   <li>"Keep oldest" (Borg 1.2.0 and later): if a rule ran out of snapshots before keeping N, it
 *       also keeps the very oldest snapshot, unless that one is already kept
 *       ({@code yearly[oldest] #1}). So the first snapshot ages until a real candidate replaces it.
 *       In 1.4 this applies to every rule that falls short, which is what we do. (Borg 2.0, still in
 *       beta on master's {@code src/borg/archiver/prune_cmd.py}, narrows it to the coarsest active
 *       rule and replaces {@code --keep-last} by a {@code --keep} that counts archives, not seconds.)
 * </ol>
 * Periods are computed in UTC, not in local time as Borg does; see {@link RetentionRule}.
 *
 * <h2>Ours, on top</h2>
 * <ul>
 *   <li>A partial snapshot takes part like any other (it is a real, published snapshot; unlike a
 *       Borg 1.x checkpoint it is not set aside). But the newest snapshot that is <em>not</em> partial
 *       is always kept, reason "newest complete", so a string of partial runs can never push the last
 *       good one out.
 *   <li>An empty policy keeps everything (reason "no policy"); it never deletes.
 *   <li>The run in progress ({@code DEST/.inprogress/}) is not a snapshot and must not be in the
 *       list; plan only ever sees published snapshots.
 * </ul>
 */
public final class Retention {

    private static final Comparator<SnapshotInfo> NEWEST_FIRST =
            Comparator.comparing(SnapshotInfo::stamp).reversed();

    private Retention() {}

    /**
     * Plans which {@code snapshots} to keep under {@code policy}.
     *
     * @param snapshots the published snapshots of one destination, in any order
     * @return one decision per snapshot, newest first
     * @throws IllegalArgumentException if a stamp occurs twice (one directory cannot be two
     *     snapshots; a list that says so is a bug upstream and pruning on it would be unsafe)
     */
    public static PrunePlan plan(List<SnapshotInfo> snapshots, RetentionPolicy policy) {
        Objects.requireNonNull(snapshots, "snapshots");
        Objects.requireNonNull(policy, "policy");
        List<SnapshotInfo> newestFirst = new ArrayList<>(snapshots);
        requireDistinctStamps(newestFirst);
        newestFirst.sort(NEWEST_FIRST);

        Map<SnapshotInfo, KeepReason> keptBecause = new HashMap<>();
        if (policy.isEmpty()) {
            newestFirst.forEach(s -> keptBecause.put(s, new KeepReason.NoPolicy()));
        } else {
            for (RetentionRule rule : RetentionRule.values()) {
                int n = rule.countIn(policy);
                if (n > 0) {
                    applyRule(newestFirst, rule, n, keptBecause);
                }
            }
            newestComplete(newestFirst).ifPresent(s -> keptBecause.putIfAbsent(s, new KeepReason.NewestComplete()));
        }

        List<PruneDecision> decisions = new ArrayList<>(newestFirst.size());
        for (SnapshotInfo s : newestFirst) {
            KeepReason reason = keptBecause.get(s);
            decisions.add(reason != null ? PruneDecision.keep(s, reason) : PruneDecision.prune(s));
        }
        return new PrunePlan(policy, decisions);
    }

    /** Borg's {@code prune_split} for one rule; adds what it keeps to {@code keptBecause}. */
    private static void applyRule(
            List<SnapshotInfo> newestFirst, RetentionRule rule, int n, Map<SnapshotInfo, KeepReason> keptBecause) {
        int kept = 0;
        Object lastPeriod = null;
        SnapshotInfo lastSeen = null;
        for (SnapshotInfo s : newestFirst) {
            lastSeen = s;
            Object period = rule.periodOf(s.stamp().instant());
            if (!period.equals(lastPeriod)) {
                lastPeriod = period;
                // the period's newest snapshot: if an earlier rule has it, this period is used up
                if (!keptBecause.containsKey(s)) {
                    kept++;
                    keptBecause.put(s, new KeepReason.ByRule(rule, kept, false));
                    if (kept == n) {
                        break;
                    }
                }
            }
        }
        // Borg >= 1.2: a rule that could not fill its count also keeps the oldest snapshot. When the
        // loop above stopped early, kept == n and this does nothing, so lastSeen is the oldest here.
        if (lastSeen != null && kept < n && !keptBecause.containsKey(lastSeen)) {
            kept++;
            keptBecause.put(lastSeen, new KeepReason.ByRule(rule, kept, true));
        }
    }

    private static Optional<SnapshotInfo> newestComplete(List<SnapshotInfo> newestFirst) {
        return newestFirst.stream().filter(s -> !s.partial()).findFirst();
    }

    private static void requireDistinctStamps(List<SnapshotInfo> snapshots) {
        Set<SnapshotStamp> seen = new HashSet<>();
        for (SnapshotInfo s : snapshots) {
            Objects.requireNonNull(s, "snapshot in list");
            if (!seen.add(s.stamp())) {
                throw new IllegalArgumentException("snapshot " + s.stamp() + " is listed twice");
            }
        }
    }
}
