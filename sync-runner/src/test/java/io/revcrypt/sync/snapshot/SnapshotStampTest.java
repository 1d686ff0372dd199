package io.revcrypt.sync.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotStampTest {

    @Test
    void formatsTheUtcSecondWithoutColons() {
        SnapshotStamp stamp = SnapshotStamp.of(Instant.parse("2026-11-23T00:45:12.987Z"));
        assertEquals("2026-11-23T004512Z", stamp.name());
        assertEquals("2026-11-23T004512Z", stamp.toString());
        assertEquals(Instant.parse("2026-11-23T00:45:12Z"), stamp.instant());
    }

    @Test
    void parsesWhatItFormats() {
        for (String name : List.of("2026-11-23T004512Z", "1970-01-01T000000Z", "2024-02-29T235959Z",
                "0000-01-01T000000Z", "9999-12-31T235959Z")) {
            SnapshotStamp stamp = SnapshotStamp.parse(name);
            assertEquals(name, stamp.name());
            assertEquals(stamp, SnapshotStamp.of(stamp.instant()));
        }
        assertEquals(Instant.parse("2026-11-23T00:45:12Z"), SnapshotStamp.parse("2026-11-23T004512Z").instant());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "latest", ".inprogress", "", "2026-11-23", "2026-11-23T00:45:12Z", "2026-11-23T004512",
        "2026-11-23t004512Z", "2026-11-23T004512z", "2026-11-23 004512Z", " 2026-11-23T004512Z",
        "2026-11-23T004512Z ", "2026-11-23T004512Z/", "2026-11-23T004512.5Z", "2026-11-23T004512+0000",
        "12026-11-23T004512Z", "26-11-23T004512Z", "2026-1-23T004512Z",
        "2026-02-30T000000Z", "2025-02-29T000000Z", "2026-13-01T000000Z", "2026-00-10T000000Z",
        "2026-11-23T240000Z", "2026-11-23T006000Z", "2026-11-23T004560Z",
        "٢٠٢٦-11-23T004512Z", // Arabic-Indic digits are digits to Unicode, not to us
    })
    void rejectsEverythingElse(String name) {
        assertEquals(Optional.empty(), SnapshotStamp.tryParse(name));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SnapshotStamp.parse(name));
        assertTrue(e.getMessage().contains("not a snapshot name"), e.getMessage());
    }

    @Test
    void tryParseAcceptsAStamp() {
        assertEquals(Optional.of(SnapshotStamp.parse("2026-11-23T004512Z")),
                SnapshotStamp.tryParse("2026-11-23T004512Z"));
        assertEquals(Optional.empty(), SnapshotStamp.tryParse(null));
    }

    @Test
    void constructorRefusesFractionsAndYearsThatDoNotFitTheName() {
        assertThrows(IllegalArgumentException.class,
                () -> new SnapshotStamp(Instant.parse("2026-11-23T00:45:12.001Z")));
        assertThrows(IllegalArgumentException.class,
                () -> new SnapshotStamp(Instant.parse("+10000-01-01T00:00:00Z")));
        assertThrows(IllegalArgumentException.class,
                () -> new SnapshotStamp(Instant.parse("-0001-12-31T23:59:59Z")));
        assertThrows(NullPointerException.class, () -> new SnapshotStamp(null));
    }

    @Test
    void nameOrderIsTimeOrder() {
        List<SnapshotStamp> stamps = new ArrayList<>();
        for (String name : List.of("2026-11-23T004512Z", "2025-12-31T235959Z", "2026-01-01T000000Z",
                "2026-11-23T004511Z", "2026-11-23T010000Z")) {
            stamps.add(SnapshotStamp.parse(name));
        }
        List<SnapshotStamp> byTime = new ArrayList<>(stamps);
        Collections.sort(byTime);
        List<String> byName = new ArrayList<>(stamps.stream().map(SnapshotStamp::name).toList());
        Collections.sort(byName);
        assertEquals(byName, byTime.stream().map(SnapshotStamp::name).toList());
    }
}
