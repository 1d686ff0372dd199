package io.revcrypt.sync.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revcrypt.sync.restore.Report;
import io.revcrypt.sync.snapshot.SnapshotCatalog;
import io.revcrypt.sync.snapshot.SnapshotRecord;
import io.revcrypt.sync.snapshot.SnapshotStamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The snapshot and problem lines: what each kind of entry says, and what is left out. */
class CopyAndSnapshotRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SnapshotStamp STAMP = SnapshotStamp.of(Instant.parse("2026-12-07T15:41:17Z"));

    private static JsonNode json(Object record) throws Exception {
        return JSON.readTree(JsonLines.toJson(record));
    }

    @Test
    void aCompleteSnapshotCarriesItsRunsCounts() throws Exception {
        SnapshotRecord r = new SnapshotRecord(STAMP.name(), SnapshotRecord.COMPLETE, "2026-12-07T15:41:17Z",
                "2026-12-07T15:41:20Z", 4, 1, 2, 1053, 0, "2026-12-06T101010Z", "fp");
        JsonNode e = json(SnapshotEntry.of(new SnapshotCatalog.Entry(STAMP, SnapshotCatalog.Kind.COMPLETE, r, null), true));
        assertEquals("snapshot", e.get("type").asText());
        assertEquals(STAMP.name(), e.get("name").asText());
        assertEquals("2026-12-07T15:41:17Z", e.get("time").asText());
        assertEquals("complete", e.get("status").asText());
        assertTrue(e.get("latest").asBoolean());
        assertEquals(List4.of(4, 1, 2, 1053), List4.of(e.get("created").asInt(), e.get("changed").asInt(),
                e.get("deleted").asInt(), e.get("bytesSent").asInt()));
        assertEquals("2026-12-06T101010Z", e.get("linkedTo").asText());
        assertFalse(e.has("why") || e.has("keyFingerprint"), e.toString());
    }

    @Test
    void anIncompleteOrForeignSnapshotHasNoCountsButWhy() throws Exception {
        JsonNode e = json(SnapshotEntry.of(new SnapshotCatalog.Entry(STAMP, SnapshotCatalog.Kind.NOT_OURS, null,
                "no revcrypt record"), false));
        assertEquals("not-ours", e.get("status").asText());
        assertFalse(e.get("latest").asBoolean());
        assertEquals("no revcrypt record", e.get("why").asText());
        assertFalse(e.has("created") || e.has("bytesSent") || e.has("started"), e.toString());
        assertEquals("incomplete", json(SnapshotEntry.of(new SnapshotCatalog.Entry(STAMP, SnapshotCatalog.Kind.INCOMPLETE,
                null, "publishing"), false)).get("status").asText());
    }

    @Test
    void aProblemNamesItsKindAndPlaintextPath() throws Exception {
        JsonNode p = json(ProblemEvent.of(new Report.Problem(Report.Kind.DAMAGED, "docs/a.txt", "abc/def", "block 0 ...")));
        assertEquals("problem", p.get("type").asText());
        assertEquals("damaged", p.get("kind").asText());
        assertEquals("docs/a.txt", p.get("path").asText());
        assertEquals("abc/def", p.get("cipherPath").asText());
        JsonNode name = json(ProblemEvent.of(new Report.Problem(Report.Kind.NAME, null, "zzz", "does not decrypt")));
        assertEquals("name", name.get("kind").asText());
        assertFalse(name.has("path"), "unknown: left out");
        for (Report.Kind k : Report.Kind.values()) {
            assertTrue(java.util.Set.of("damaged", "name", "metadata", "exists", "missing", "error")
                    .contains(ProblemEvent.kindOf(k)), "documented kind for " + k);
        }
    }

    /** Four numbers, compared at once so a failure shows all of them. */
    private record List4(long a, long b, long c, long d) {
        static List4 of(long a, long b, long c, long d) {
            return new List4(a, b, c, d);
        }
    }
}
