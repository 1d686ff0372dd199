package io.revcrypt.sync.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCatalogTest {

    private static final byte[] CONF_A = conf("a2V5IEE=", "c2FsdCBB");
    private static final byte[] CONF_B = conf("a2V5IEI=", "c2FsdCBC");
    private static final String KEY_A = KeyFingerprint.of(CONF_A);
    private static final String KEY_B = KeyFingerprint.of(CONF_B);

    @TempDir
    Path dest;

    private static byte[] conf(String encryptedKey, String salt) {
        return ("{\"Creator\":\"gocryptfs v2.3\",\"EncryptedKey\":\"" + encryptedKey + "\",\"ScryptObject\":{\"Salt\":\""
                + salt + "\",\"N\":1024,\"R\":8,\"P\":1,\"KeyLen\":32},\"Version\":2}").getBytes(StandardCharsets.UTF_8);
    }

    private void snapshot(String stamp, byte[] conf, String status, String fingerprint) throws Exception {
        Path dir = Files.createDirectories(dest.resolve(stamp));
        if (conf != null) {
            Files.write(dir.resolve(SnapshotLayout.CONFIG), conf);
        }
        if (status != null) {
            new LocalSnapshotStore(dest).putRecord(new SnapshotRecord(stamp, status, "2026-01-01T00:00:00Z", null, 0, 0, 0,
                    0, 0, null, fingerprint));
        }
    }

    private Map<String, SnapshotCatalog.Kind> kinds(String fingerprint) throws Exception {
        return SnapshotCatalog.read(new LocalSnapshotStore(dest), fingerprint).entries().stream()
                .collect(Collectors.toMap(SnapshotCatalog.Entry::name, SnapshotCatalog.Entry::kind));
    }

    @Test
    void fingerprintCoversKeyAndSaltOnly() {
        assertNotNull(KEY_A);
        assertEquals(KEY_A, KeyFingerprint.of(conf("a2V5IEE=", "c2FsdCBB")), "the same config, the same fingerprint");
        assertNotEquals(KEY_A, KEY_B);
        assertNotEquals(KEY_A, KeyFingerprint.of(conf("a2V5IEE=", "c2FsdCBC")), "the salt counts");
        assertNull(KeyFingerprint.of("{\"Version\":2}".getBytes(StandardCharsets.UTF_8)), "no key, no fingerprint");
        assertNull(KeyFingerprint.of("not json".getBytes(StandardCharsets.UTF_8)));
        assertNull(KeyFingerprint.of(null));
    }

    @Test
    void onlyRecordsOfThisKeyMakeSnapshots() throws Exception {
        snapshot("2026-01-01T000000Z", CONF_A, SnapshotRecord.COMPLETE, KEY_A);
        snapshot("2026-01-02T000000Z", CONF_A, SnapshotRecord.PARTIAL, KEY_A);
        snapshot("2026-01-03T000000Z", CONF_A, SnapshotRecord.PUBLISHING, KEY_A);
        snapshot("2026-01-04T000000Z", CONF_B, SnapshotRecord.COMPLETE, KEY_B);
        snapshot("2026-01-05T000000Z", null, null, null);
        snapshot("2026-01-06T000000Z", CONF_A, "exploded", KEY_A);
        Map<String, SnapshotCatalog.Kind> k = kinds(KEY_A);
        assertEquals(SnapshotCatalog.Kind.COMPLETE, k.get("2026-01-01T000000Z"));
        assertEquals(SnapshotCatalog.Kind.PARTIAL, k.get("2026-01-02T000000Z"));
        assertEquals(SnapshotCatalog.Kind.INCOMPLETE, k.get("2026-01-03T000000Z"), "publishing is not complete");
        assertEquals(SnapshotCatalog.Kind.NOT_OURS, k.get("2026-01-04T000000Z"), "another key's");
        assertEquals(SnapshotCatalog.Kind.NOT_OURS, k.get("2026-01-05T000000Z"), "no record");
        assertEquals(SnapshotCatalog.Kind.NOT_OURS, k.get("2026-01-06T000000Z"), "a status we never write");
        assertEquals(List.of("2026-01-01T000000Z", "2026-01-02T000000Z"), SnapshotCatalog.read(new LocalSnapshotStore(dest),
                KEY_A).published().stream().map(s -> s.stamp().name()).toList());
    }

    @Test
    void legacyRecordsCountOnlyWhenTheirConfigIsThisKeys() throws Exception {
        snapshot("2026-01-01T000000Z", CONF_A, SnapshotRecord.COMPLETE, null);
        snapshot("2026-01-02T000000Z", CONF_B, SnapshotRecord.COMPLETE, null);
        snapshot("2026-01-03T000000Z", null, SnapshotRecord.COMPLETE, null);
        Map<String, SnapshotCatalog.Kind> k = kinds(KEY_A);
        assertEquals(SnapshotCatalog.Kind.COMPLETE, k.get("2026-01-01T000000Z"));
        assertEquals(SnapshotCatalog.Kind.NOT_OURS, k.get("2026-01-02T000000Z"));
        assertEquals(SnapshotCatalog.Kind.NOT_OURS, k.get("2026-01-03T000000Z"));
    }

    @Test
    void withoutAKeyTheKeyOfLatestIsTaken() throws Exception {
        snapshot("2026-01-01T000000Z", CONF_B, SnapshotRecord.COMPLETE, KEY_B);
        snapshot("2026-01-02T000000Z", CONF_A, SnapshotRecord.COMPLETE, null); // legacy: its config says A
        snapshot("2026-01-03T000000Z", CONF_A, SnapshotRecord.PUBLISHING, KEY_A);
        new LocalSnapshotStore(dest).pointLatest("2026-01-02T000000Z");
        SnapshotCatalog c = SnapshotCatalog.read(new LocalSnapshotStore(dest), null);
        assertEquals(KEY_A, c.fingerprint());
        Map<String, SnapshotCatalog.Kind> k = kinds(null);
        assertEquals(SnapshotCatalog.Kind.NOT_OURS, k.get("2026-01-01T000000Z"));
        assertEquals(SnapshotCatalog.Kind.COMPLETE, k.get("2026-01-02T000000Z"));
        assertEquals(SnapshotCatalog.Kind.INCOMPLETE, k.get("2026-01-03T000000Z"));
    }

    @Test
    void withoutLatestTheOneSharedKeyOrNone() throws Exception {
        snapshot("2026-01-01T000000Z", CONF_A, SnapshotRecord.COMPLETE, KEY_A);
        snapshot("2026-01-02T000000Z", CONF_A, SnapshotRecord.COMPLETE, KEY_A);
        assertEquals(KEY_A, SnapshotCatalog.read(new LocalSnapshotStore(dest), null).fingerprint());
        snapshot("2026-01-03T000000Z", CONF_B, SnapshotRecord.COMPLETE, KEY_B);
        SnapshotCatalog c = SnapshotCatalog.read(new LocalSnapshotStore(dest), null);
        assertNull(c.fingerprint(), "two keys and no latest: whose is not known");
        assertEquals(List.of(), c.published(), "so nothing is ours, and prune deletes nothing");
    }

    @Test
    void theRecordKeepsItsFieldsThroughJson() {
        SnapshotRecord r = new SnapshotRecord("2026-01-01T000000Z", SnapshotRecord.PUBLISHING, "2026-01-01T00:00:00Z", null, 1,
                2, 3, 4, 0, "2025-12-31T000000Z", KEY_A);
        String json = new String(r.toJson(), StandardCharsets.UTF_8);
        assertEquals(r, SnapshotRecord.parse(r.toJson()), json);
        SnapshotRecord done = r.withStatus(SnapshotRecord.COMPLETE, "2026-01-01T00:01:00Z");
        assertEquals(done, SnapshotRecord.parse(done.toJson()));
        assertEquals(KEY_A, SnapshotRecord.parse(done.toJson()).keyFingerprint());
        assertEquals("2026-01-01T00:01:00Z", SnapshotRecord.parse(done.toJson()).finished());
    }
}
