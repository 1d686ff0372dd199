package io.revcrypt.sync.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test helpers: build snapshots from readable times and compare a plan with an expected table. */
final class Plans {

    private Plans() {}

    /** A complete snapshot at {@code yyyy-MM-ddTHH:mm:ss} UTC. */
    static SnapshotInfo complete(String isoLocal) {
        return SnapshotInfo.complete(stamp(isoLocal));
    }

    static SnapshotInfo partial(String isoLocal) {
        return SnapshotInfo.partial(stamp(isoLocal));
    }

    static SnapshotStamp stamp(String isoLocal) {
        return new SnapshotStamp(LocalDateTime.parse(isoLocal).toInstant(ZoneOffset.UTC));
    }

    static List<SnapshotInfo> completeAt(String... isoLocals) {
        List<SnapshotInfo> out = new ArrayList<>();
        for (String t : isoLocals) {
            out.add(complete(t));
        }
        return out;
    }

    /**
     * Asserts the whole plan: {@code expectedKept} maps a time ({@code yyyy-MM-ddTHH:mm:ss}) to the
     * reason printed for it ("daily #1"); every other snapshot must be pruned.
     */
    static void assertPlan(Map<String, String> expectedKept, PrunePlan plan) {
        Map<String, String> expected = new TreeMap<>();
        expectedKept.forEach((time, reason) -> expected.put(stamp(time).name(), reason));
        Map<String, String> actual = new TreeMap<>();
        for (PruneDecision d : plan.decisions()) {
            actual.put(d.snapshot().stamp().name(), d.reason().map(Object::toString).orElse("PRUNE"));
        }
        Map<String, String> expectedAll = new TreeMap<>();
        actual.keySet().forEach(name -> expectedAll.put(name, expected.getOrDefault(name, "PRUNE")));
        expected.keySet().forEach(name -> expectedAll.putIfAbsent(name, "(not in the plan's input)"));
        assertEquals(table(expectedAll), table(actual), "plan for " + plan.policy());
    }

    /** {@code time → reason} in the order given, for readable expected tables. */
    static Map<String, String> kept(String... timeReasonPairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < timeReasonPairs.length; i += 2) {
            m.put(timeReasonPairs[i], timeReasonPairs[i + 1]);
        }
        return m;
    }

    private static String table(Map<String, String> m) {
        StringBuilder s = new StringBuilder();
        m.forEach((k, v) -> s.append(k).append("  ").append(v).append('\n'));
        return s.toString();
    }
}
