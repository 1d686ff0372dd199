package io.revcrypt.sync.snapshot;

import static io.revcrypt.sync.snapshot.Plans.assertPlan;
import static io.revcrypt.sync.snapshot.Plans.complete;
import static io.revcrypt.sync.snapshot.Plans.completeAt;
import static io.revcrypt.sync.snapshot.Plans.kept;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inputs and expected outputs transcribed from BorgBackup's own documentation and test suite,
 * branch 1.4-maint at commit 0846833b6 (github.com/borgbackup/borg). Borg computes periods in local
 * time and its tests create archives in the local zone; our times are UTC, which is the same as
 * running those tests with TZ=UTC.
 */
class RetentionBorgExamplesTest {

    private static final RetentionPolicy DAILY_14_MONTHLY_6_YEARLY_1 =
            RetentionPolicy.none().withDaily(14).withMonthly(6).withYearly(1);

    /**
     * docs/misc/prune-example.txt, "List view": one backup on each day of 2015 except 2015-12-19,
     * {@code --keep-daily 14 --keep-monthly 6 --keep-yearly 1}.
     */
    @Test
    void docsPruneExampleCalendar() {
        List<SnapshotInfo> snapshots = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2015, 1, 1); d.getYear() == 2015; d = d.plusDays(1)) {
            if (!d.equals(LocalDate.of(2015, 12, 19))) {
                snapshots.add(complete(d + "T00:00:00"));
            }
        }
        assertEquals(364, snapshots.size());

        Map<String, String> expected = new LinkedHashMap<>();
        String[] daily = {"12-31", "12-30", "12-29", "12-28", "12-27", "12-26", "12-25", "12-24", "12-23",
            "12-22", "12-21", "12-20", "12-18", "12-17"};
        for (int i = 0; i < daily.length; i++) {
            expected.put("2015-" + daily[i] + "T00:00:00", "daily #" + (i + 1));
        }
        String[] monthly = {"11-30", "10-31", "09-30", "08-31", "07-31", "06-30"};
        for (int i = 0; i < monthly.length; i++) {
            expected.put("2015-" + monthly[i] + "T00:00:00", "monthly #" + (i + 1));
        }
        // "The oldest archive at 2015-01-01 fills the remaining slot" (and Borg's test below prints
        // it as "yearly[oldest] #1")
        expected.put("2015-01-01T00:00:00", "yearly[oldest] #1");

        PrunePlan plan = Retention.plan(snapshots, DAILY_14_MONTHLY_6_YEARLY_1);
        assertPlan(expected, plan);
        assertEquals(364 - 21, plan.toPrune().size());
    }

    /**
     * src/borg/testsuite/archiver.py, test_prune_repository_example ("This test must match
     * docs/misc/prune-example.txt"): 24 archives test01..test24 at midnight; test22-24 pruned.
     */
    @Test
    void testsuitePruneRepositoryExample() {
        List<SnapshotInfo> snapshots = completeAt(
                "2015-01-01T00:00:00", // test01 oldest archive
                "2015-06-30T00:00:00", "2015-07-31T00:00:00", "2015-08-31T00:00:00", // test02-04 monthly
                "2015-09-30T00:00:00", "2015-10-31T00:00:00", "2015-11-30T00:00:00", // test05-07 monthly
                "2015-12-17T00:00:00", "2015-12-18T00:00:00", "2015-12-20T00:00:00", // test08-10 daily
                "2015-12-21T00:00:00", "2015-12-22T00:00:00", "2015-12-23T00:00:00", // test11-13
                "2015-12-24T00:00:00", "2015-12-25T00:00:00", "2015-12-26T00:00:00", // test14-16
                "2015-12-27T00:00:00", "2015-12-28T00:00:00", "2015-12-29T00:00:00", // test17-19
                "2015-12-30T00:00:00", "2015-12-31T00:00:00", // test20-21
                "2015-01-02T00:00:00", // test22 "the second backup of the year" - pruned
                "2015-05-31T00:00:00", // test23 "the next older monthly backup" - pruned
                "2015-12-16T00:00:00"); // test24 "the next older daily backup" - pruned

        assertPlan(kept(
                "2015-01-01T00:00:00", "yearly[oldest] #1",
                // monthly #i -> test(8-i)
                "2015-11-30T00:00:00", "monthly #1",
                "2015-10-31T00:00:00", "monthly #2",
                "2015-09-30T00:00:00", "monthly #3",
                "2015-08-31T00:00:00", "monthly #4",
                "2015-07-31T00:00:00", "monthly #5",
                "2015-06-30T00:00:00", "monthly #6",
                // daily #i -> test(22-i)
                "2015-12-31T00:00:00", "daily #1",
                "2015-12-30T00:00:00", "daily #2",
                "2015-12-29T00:00:00", "daily #3",
                "2015-12-28T00:00:00", "daily #4",
                "2015-12-27T00:00:00", "daily #5",
                "2015-12-26T00:00:00", "daily #6",
                "2015-12-25T00:00:00", "daily #7",
                "2015-12-24T00:00:00", "daily #8",
                "2015-12-23T00:00:00", "daily #9",
                "2015-12-22T00:00:00", "daily #10",
                "2015-12-21T00:00:00", "daily #11",
                "2015-12-20T00:00:00", "daily #12",
                "2015-12-18T00:00:00", "daily #13",
                "2015-12-17T00:00:00", "daily #14"),
                Retention.plan(snapshots, DAILY_14_MONTHLY_6_YEARLY_1));
    }

    /** The 13 archives of src/borg/testsuite/helpers.py, test_prune_split; ids 1..13. */
    private static final List<SnapshotInfo> PRUNE_SPLIT_ARCHIVES = completeAt(
            // years apart
            "2015-01-01T10:00:00", "2016-01-01T10:00:00", "2017-01-01T10:00:00",
            // months apart
            "2017-02-01T10:00:00", "2017-03-01T10:00:00",
            // days apart
            "2017-03-02T10:00:00", "2017-03-03T10:00:00", "2017-03-04T10:00:00",
            // minutes apart
            "2017-10-01T09:45:00", "2017-10-01T09:55:00",
            // seconds apart
            "2017-10-01T10:00:01", "2017-10-01T10:00:03", "2017-10-01T10:00:05");

    /**
     * The parameter table of test_prune_split (rule, num_to_keep, expected_ids). Borg's row
     * ("daily", 0, []) is left out on purpose: an all-zero policy keeps everything here, see
     * {@link RetentionEdgeCasesTest#emptyPolicyKeepsEverythingEvenPartialOnes}. Borg has
     * "secondly" where we have keep-last (the same option in Borg 1.4).
     */
    static Stream<Arguments> pruneSplitTable() {
        return Stream.of(
                Arguments.of(RetentionPolicy.none().withYearly(3), List.of(13, 2, 1)),
                Arguments.of(RetentionPolicy.none().withMonthly(3), List.of(13, 8, 4)),
                Arguments.of(RetentionPolicy.none().withWeekly(2), List.of(13, 8)),
                Arguments.of(RetentionPolicy.none().withDaily(3), List.of(13, 8, 7)),
                Arguments.of(RetentionPolicy.none().withHourly(3), List.of(13, 10, 8)),
                Arguments.of(RetentionPolicy.none().withLast(4), List.of(13, 12, 11, 10)));
    }

    @ParameterizedTest
    @MethodSource("pruneSplitTable")
    void testsuitePruneSplit(RetentionPolicy policy, List<Integer> expectedIds) {
        PrunePlan plan = Retention.plan(PRUNE_SPLIT_ARCHIVES, policy);

        List<SnapshotInfo> expected = expectedIds.stream().map(id -> PRUNE_SPLIT_ARCHIVES.get(id - 1)).toList();
        assertEquals(expected, plan.kept()); // Borg's ids happen to be listed newest first
        // "for item in keep: assert kept_because[item.id][0] == rule"
        RetentionRule onlyRule = onlyActiveRule(policy);
        for (PruneDecision d : plan.decisions()) {
            d.reason().ifPresent(r -> assertEquals(new KeepReason.ByRule(onlyRule,
                    expected.indexOf(d.snapshot()) + 1, false), r));
        }
    }

    /** src/borg/testsuite/helpers.py, test_prune_split_keep_oldest. */
    @Test
    void testsuitePruneSplitKeepOldest() {
        List<SnapshotInfo> archives = completeAt(
                "2018-01-01T10:00:00", // 1: oldest backup, but not last in its year
                "2018-12-30T10:00:00", // 2: an interim backup
                "2018-12-31T10:00:00", // 3: year-end backups
                "2019-12-31T10:00:00"); // 4

        // "Keep oldest when retention target can't otherwise be met"
        assertPlan(kept(
                "2019-12-31T10:00:00", "yearly #1",
                "2018-12-31T10:00:00", "yearly #2",
                "2018-01-01T10:00:00", "yearly[oldest] #3"),
                Retention.plan(archives, RetentionPolicy.none().withYearly(3)));
        // "Otherwise, prune it"
        assertPlan(kept(
                "2019-12-31T10:00:00", "yearly #1",
                "2018-12-31T10:00:00", "yearly #2"),
                Retention.plan(archives, RetentionPolicy.none().withYearly(2)));
    }

    /**
     * src/borg/testsuite/archiver.py, test_prune_retain_and_expire_oldest: "With an initial and
     * daily backup, prune daily until oldest is replaced by a monthly backup", pruning with
     * {@code --keep-daily=7 --keep-monthly=1} after every backup.
     */
    @Test
    void testsuiteRetainAndExpireOldest() {
        RetentionPolicy policy = RetentionPolicy.none().withDaily(7).withMonthly(1);
        SnapshotInfo original = complete("2020-09-01T11:15:00");
        List<SnapshotInfo> dest = new ArrayList<>(List.of(original));
        for (int day = 1; day <= 30; day++) {
            dest.add(complete(String.format("2020-09-%02dT12:00:00", day)));
            dest = new ArrayList<>(Retention.plan(dest, policy).kept()); // "archive and prune daily for 30 days"
        }
        for (int day = 1; day <= 6; day++) {
            dest.add(complete(String.format("2020-10-%02dT12:00:00", day)));
            dest = new ArrayList<>(Retention.plan(dest, policy).kept()); // "6 days into the next month"
        }
        // "Oldest backup is still retained"
        assertEquals("monthly[oldest] #1", reasonOf(Retention.plan(dest, policy), original));

        dest.add(complete("2020-10-07T12:00:00"));
        dest = new ArrayList<>(Retention.plan(dest, policy).kept());
        // "Last day of previous month is retained as monthly, and oldest is expired."
        PrunePlan after = Retention.plan(dest, policy);
        assertEquals("monthly #1", reasonOf(after, complete("2020-09-30T12:00:00")));
        assertTrue(!dest.contains(original), "original archive expired: " + dest);
    }

    private static String reasonOf(PrunePlan plan, SnapshotInfo s) {
        return plan.decisionFor(s.stamp()).orElseThrow().reason().map(Object::toString).orElse("PRUNE");
    }

    private static RetentionRule onlyActiveRule(RetentionPolicy policy) {
        List<RetentionRule> active = Stream.of(RetentionRule.values()).filter(r -> r.countIn(policy) > 0).toList();
        assertEquals(1, active.size());
        return active.get(0);
    }
}
