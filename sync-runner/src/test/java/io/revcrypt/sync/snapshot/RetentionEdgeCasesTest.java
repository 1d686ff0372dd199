package io.revcrypt.sync.snapshot;

import static io.revcrypt.sync.snapshot.Plans.assertPlan;
import static io.revcrypt.sync.snapshot.Plans.complete;
import static io.revcrypt.sync.snapshot.Plans.completeAt;
import static io.revcrypt.sync.snapshot.Plans.kept;
import static io.revcrypt.sync.snapshot.Plans.partial;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Edge cases. Expected tables are worked out by hand from Borg's rules as documented in {@link
 * Retention} (weekdays and ISO weeks checked with {@code date -u -d DAY +'%a %G-W%V'}); none is
 * copied from this code's output.
 */
class RetentionEdgeCasesTest {

    /**
     * ISO week 53 and the turn of the year: 2020-12-28 (Mon) and 2021-01-03 (Sun) are both in
     * 2020-W53, 2020-12-27 (Sun) is 2020-W52, 2021-01-04 (Mon) is 2021-W01.
     */
    @Test
    void weeklyUsesIsoWeekBasedYearAcrossWeek53() {
        List<SnapshotInfo> s = completeAt(
                "2020-12-27T12:00:00", "2020-12-28T12:00:00", "2021-01-03T12:00:00", "2021-01-04T12:00:00");
        assertPlan(kept(
                "2021-01-04T12:00:00", "weekly #1",
                "2021-01-03T12:00:00", "weekly #2", // newest of 2020-W53, so 2020-12-28 goes
                "2020-12-27T12:00:00", "weekly #3"),
                Retention.plan(s, RetentionPolicy.none().withWeekly(3)));
    }

    /**
     * 2027-01-02 (Sat) and 2026-12-28 (Mon) are both in 2026-W53, but in different calendar years:
     * weekly groups them, yearly does not.
     */
    @Test
    void weekBasedYearIsNotTheCalendarYear() {
        List<SnapshotInfo> s = completeAt(
                "2026-12-27T06:00:00", "2026-12-28T06:00:00", "2027-01-02T06:00:00", "2027-01-04T06:00:00");
        assertPlan(kept(
                "2027-01-04T06:00:00", "weekly #1", // 2027-W01
                "2027-01-02T06:00:00", "weekly #2", // 2026-W53
                "2026-12-27T06:00:00", "weekly #3"), // 2026-W52
                Retention.plan(s, RetentionPolicy.none().withWeekly(3)));
        assertPlan(kept(
                "2027-01-04T06:00:00", "yearly #1",
                "2026-12-28T06:00:00", "yearly #2"), // newest of calendar 2026
                Retention.plan(s, RetentionPolicy.none().withYearly(2)));
        // and 2024-12-30 (Mon) belongs to 2025-W01, with 2025-01-05 (Sun)
        assertPlan(kept(
                "2025-01-05T00:00:00", "weekly #1",
                "2024-12-29T00:00:00", "weekly #2"), // Sun, 2024-W52
                Retention.plan(completeAt("2024-12-29T00:00:00", "2024-12-30T00:00:00", "2025-01-05T00:00:00"),
                        RetentionPolicy.none().withWeekly(2)));
    }

    /** Periods are UTC: one second either side of midnight on New Year's Eve are different days and years. */
    @Test
    void periodBoundariesAreUtc() {
        List<SnapshotInfo> s = completeAt("2025-12-31T23:59:59", "2026-01-01T00:00:00", "2026-01-01T00:59:59");
        assertPlan(kept(
                "2026-01-01T00:59:59", "hourly #1",
                "2025-12-31T23:59:59", "hourly #2"),
                Retention.plan(s, RetentionPolicy.none().withHourly(2)));
        assertPlan(kept(
                "2026-01-01T00:59:59", "yearly #1",
                "2025-12-31T23:59:59", "yearly #2"),
                Retention.plan(s, RetentionPolicy.none().withYearly(5)));
    }

    /** Two snapshots in one period: the newer one represents it. */
    @Test
    void samePeriodTwiceKeepsTheNewer() {
        List<SnapshotInfo> s = completeAt("2026-03-04T12:00:00", "2026-03-05T01:00:00", "2026-03-05T23:00:00");
        assertPlan(kept(
                "2026-03-05T23:00:00", "daily #1",
                "2026-03-04T12:00:00", "daily #2"),
                Retention.plan(s, RetentionPolicy.none().withDaily(2)));
    }

    /** Fewer periods than N: all period heads are kept, plus Borg's oldest fill-up. */
    @Test
    void fewerSnapshotsThanN() {
        // three days, daily 7: all three kept by the rule; the oldest already is, nothing to add
        assertPlan(kept(
                "2026-03-03T10:00:00", "daily #1",
                "2026-03-02T10:00:00", "daily #2",
                "2026-03-01T10:00:00", "daily #3"),
                Retention.plan(completeAt("2026-03-01T10:00:00", "2026-03-02T10:00:00", "2026-03-03T10:00:00"),
                        RetentionPolicy.none().withDaily(7)));
        // the two oldest share a day: 03-09T08 is not its day's newest, but daily fell short (2 of 3)
        // so it is kept as the oldest
        assertPlan(kept(
                "2026-03-10T10:00:00", "daily #1",
                "2026-03-09T10:00:00", "daily #2",
                "2026-03-09T08:00:00", "daily[oldest] #3"),
                Retention.plan(completeAt("2026-03-10T10:00:00", "2026-03-09T10:00:00", "2026-03-09T08:00:00"),
                        RetentionPolicy.none().withDaily(3)));
        // one snapshot, any rule
        assertPlan(kept("2026-03-10T10:00:00", "monthly #1"),
                Retention.plan(completeAt("2026-03-10T10:00:00"), RetentionPolicy.none().withMonthly(12)));
    }

    /**
     * Borg 1.4 fills up with the oldest for every rule that falls short (Borg 2.0 only for the
     * coarsest rule, and would prune 2026-01-30 here). Weekly 5: 2026-02-01 (Sun, W05) heads W05,
     * 01-31 and 01-30 are in W05 too, so weekly keeps 1 and then the oldest. Monthly 1: 2026-02 is used
     * up by 02-01, 2026-01's newest is 01-31.
     */
    @Test
    void everyRuleThatFallsShortKeepsTheOldest() {
        assertPlan(kept(
                "2026-02-01T09:00:00", "weekly #1",
                "2026-01-30T09:00:00", "weekly[oldest] #2",
                "2026-01-31T09:00:00", "monthly #1"),
                Retention.plan(completeAt("2026-01-30T09:00:00", "2026-01-31T09:00:00", "2026-02-01T09:00:00"),
                        RetentionPolicy.none().withWeekly(5).withMonthly(1)));
    }

    /**
     * A period whose newest snapshot an earlier rule kept is used up for later rules (Borg's
     * "December is not considered for this rule, because that archive was already kept because of the
     * daily rule"): keep-last takes 03-10T12, so daily cannot take 03-10T08 and goes to 03-09.
     */
    @Test
    void periodUsedUpByAnEarlierRule() {
        assertPlan(kept(
                "2026-03-10T12:00:00", "last #1",
                "2026-03-09T12:00:00", "daily #1"),
                Retention.plan(completeAt("2026-03-09T12:00:00", "2026-03-10T08:00:00", "2026-03-10T12:00:00"),
                        RetentionPolicy.none().withLast(1).withDaily(1)));
    }

    /** keep-last counts snapshots (our stamps are whole seconds, so Borg's secondly = one each). */
    @Test
    void keepLast() {
        List<SnapshotInfo> s = completeAt("2026-03-10T12:00:00", "2026-03-10T12:00:01", "2026-03-10T12:00:02",
                "2026-03-10T12:00:03", "2026-03-10T12:00:04");
        assertPlan(kept(
                "2026-03-10T12:00:04", "last #1",
                "2026-03-10T12:00:03", "last #2",
                "2026-03-10T12:00:02", "last #3"),
                Retention.plan(s, RetentionPolicy.none().withLast(3)));
    }

    /**
     * The docs' usage example {@code --keep-daily=7 --keep-weekly=4} ("7 end of day and 4 additional
     * end of week archives"; Borg gives no table for it). One snapshot a day, 2026-01-01..02-15.
     * Daily: 02-15..02-09. W07 (02-09..02-15) is used up by daily, so weekly takes the Sundays
     * 02-08 (W06), 02-01 (W05), 01-25 (W04), 01-18 (W03).
     */
    @Test
    void daily7Weekly4() {
        List<SnapshotInfo> s = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2026, 1, 1); !d.isAfter(LocalDate.of(2026, 2, 15)); d = d.plusDays(1)) {
            s.add(complete(d + "T03:00:00"));
        }
        assertPlan(kept(
                "2026-02-15T03:00:00", "daily #1",
                "2026-02-14T03:00:00", "daily #2",
                "2026-02-13T03:00:00", "daily #3",
                "2026-02-12T03:00:00", "daily #4",
                "2026-02-11T03:00:00", "daily #5",
                "2026-02-10T03:00:00", "daily #6",
                "2026-02-09T03:00:00", "daily #7",
                "2026-02-08T03:00:00", "weekly #1",
                "2026-02-01T03:00:00", "weekly #2",
                "2026-01-25T03:00:00", "weekly #3",
                "2026-01-18T03:00:00", "weekly #4"),
                Retention.plan(s, RetentionPolicy.none().withDaily(7).withWeekly(4)));
    }

    /** Partial snapshots count like any; the newest complete one survives even when no rule wants it. */
    @Test
    void newestCompleteIsAlwaysKept() {
        List<SnapshotInfo> s = List.of(
                partial("2026-03-10T12:00:00"), partial("2026-03-09T12:00:00"),
                complete("2026-03-08T12:00:00"), complete("2026-03-07T12:00:00"));
        assertPlan(kept(
                "2026-03-10T12:00:00", "last #1",
                "2026-03-09T12:00:00", "last #2",
                "2026-03-08T12:00:00", "newest complete"),
                Retention.plan(s, RetentionPolicy.none().withLast(2)));
        // when a rule keeps it anyway, the rule is the reason
        assertPlan(kept(
                "2026-03-10T12:00:00", "daily #1",
                "2026-03-09T12:00:00", "daily #2",
                "2026-03-08T12:00:00", "daily #3"),
                Retention.plan(s, RetentionPolicy.none().withDaily(3)));
    }

    /** All partial: there is no complete one to protect; Borg's rules alone decide. */
    @Test
    void allPartial() {
        List<SnapshotInfo> s = List.of(
                partial("2026-03-10T12:00:00"), partial("2026-03-09T12:00:00"), partial("2026-03-08T12:00:00"));
        assertPlan(kept("2026-03-10T12:00:00", "daily #1"),
                Retention.plan(s, RetentionPolicy.none().withDaily(1)));
    }

    @Test
    void emptyPolicyKeepsEverythingEvenPartialOnes() {
        List<SnapshotInfo> s = List.of(
                partial("2026-03-10T12:00:00"), complete("2026-03-09T12:00:00"), complete("2020-01-01T00:00:00"));
        PrunePlan plan = Retention.plan(s, RetentionPolicy.none());
        assertPlan(kept(
                "2026-03-10T12:00:00", "no policy",
                "2026-03-09T12:00:00", "no policy",
                "2020-01-01T00:00:00", "no policy"),
                plan);
        assertTrue(plan.toPrune().isEmpty());
    }

    @Test
    void noSnapshotsNoDecisions() {
        assertTrue(Retention.plan(List.of(), RetentionPolicy.none().withDaily(7)).decisions().isEmpty());
        assertTrue(Retention.plan(List.of(), RetentionPolicy.none()).decisions().isEmpty());
    }

    /** Input order does not matter; decisions come newest first. */
    @Test
    void unsortedInput() {
        List<SnapshotInfo> sorted = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2015, 1, 1); d.getYear() == 2015; d = d.plusDays(1)) {
            sorted.add(complete(d + "T00:00:00"));
        }
        RetentionPolicy policy = RetentionPolicy.none().withDaily(14).withMonthly(6).withYearly(1);
        PrunePlan fromSorted = Retention.plan(sorted, policy);
        List<SnapshotInfo> shuffled = new ArrayList<>(sorted);
        Collections.shuffle(shuffled, new Random(20261123));
        assertEquals(fromSorted.decisions(), Retention.plan(shuffled, policy).decisions());
        List<SnapshotInfo> newestFirst = new ArrayList<>(sorted);
        Collections.reverse(newestFirst);
        assertEquals(newestFirst, fromSorted.decisions().stream().map(PruneDecision::snapshot).toList());
    }

    /** One directory cannot be two snapshots; a list that says so must not be pruned on. */
    @Test
    void duplicatesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Retention.plan(
                List.of(complete("2026-03-10T12:00:00"), partial("2026-03-10T12:00:00")),
                RetentionPolicy.none().withDaily(1)));
        assertTrue(e.getMessage().contains("2026-03-10T120000Z"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Retention.plan(
                List.of(complete("2026-03-10T12:00:00"), complete("2026-03-10T12:00:00")), RetentionPolicy.none()));
    }

    @Test
    void planPrintsLikeBorgList() {
        PrunePlan plan = Retention.plan(
                List.of(partial("2026-03-10T12:00:00"), complete("2026-03-09T12:00:00"),
                        complete("2026-03-08T12:00:00")),
                RetentionPolicy.none().withLast(1));
        assertEquals("""
                --keep-last 1
                keep   2026-03-10T120000Z (partial)  (rule: last #1)
                keep   2026-03-09T120000Z  (rule: newest complete)
                prune  2026-03-08T120000Z""", plan.toString());
    }
}
