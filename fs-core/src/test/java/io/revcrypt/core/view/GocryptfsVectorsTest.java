package io.revcrypt.core.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revcrypt.core.config.ConfigFile;
import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.crypto.MasterKey;
import io.revcrypt.core.format.FormatOptions;
import io.revcrypt.core.testsupport.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every value recorded from the real gocryptfs 2.3 in {@code shared/spec/vectors}, reproduced by
 * the view: names per directory, dir IVs, {@code .name} contents, symlink targets, sizes, modes,
 * mtimes, the SHA-256 of every ciphertext file, the ciphertext archive, the name-mode variants and
 * the path translations of the control-socket transcript.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GocryptfsVectorsTest {

    @TempDir
    static Path plain;
    private ReverseView view;
    private ConfigFile config;

    @BeforeAll
    void buildTreeAndView() throws Exception {
        Vectors.buildPlainTree(plain);
        config = ConfigFile.load(plain.resolve(".gocryptfs.reverse.conf"));
        try (MasterKey mk = config.unlock(Vectors.PASSWORD.getBytes(StandardCharsets.UTF_8))) {
            view = ReverseView.open(ViewOptions.defaults(plain).withFormat(config.formatOptions()), CryptoCore.derive(mk));
        }
    }

    @AfterAll
    void closeView() {
        view.close();
    }

    @Test
    void configWrittenByteForByteAsGocryptfsWroteIt() throws Exception {
        String expected = findEntry("", "gocryptfs.conf").get("cipher_sha256").asText();
        assertEquals(expected, sha256(Vectors.configBytes()));
    }

    @Test
    void passwordUnwrapsTheVectorMasterKey() throws Exception {
        try (MasterKey mk = config.unlock(Vectors.PASSWORD.getBytes(StandardCharsets.UTF_8))) {
            assertEquals(Vectors.MASTER_KEY_HEX, mk.toHex());
        }
    }

    @Test
    void everyDirectoryListsExactlyTheRecordedNames() throws Exception {
        for (JsonNode dir : Vectors.mainDirs()) {
            String cipherDir = dir.get("cipher_path").asText();
            Set<String> expected = new TreeSet<>();
            dir.get("entries").forEach(e -> expected.add(e.get("cipher_name").asText()));
            List<String> got = new ArrayList<>();
            view.list(cipherDir).forEach(e -> got.add(e.cipherName()));
            assertEquals(expected, new TreeSet<>(got), "listing of '" + cipherDir + "'");
            assertEquals(expected.size(), got.size(), "no duplicates in '" + cipherDir + "'");
            // gocryptfs's order: plaintext entries, then gocryptfs.diriv, then the .name files
            int diriv = got.indexOf("gocryptfs.diriv");
            for (int i = 0; i < got.size(); i++) {
                boolean nameFile = got.get(i).endsWith(".name");
                assertTrue(nameFile ? i > diriv : i <= diriv, "order of " + got.get(i) + " in '" + cipherDir + "'");
            }
        }
    }

    @Test
    void everyEntryHasTheRecordedAttributesAndContent() throws Exception {
        int files = 0;
        for (JsonNode dir : Vectors.mainDirs()) {
            String cipherDir = dir.get("cipher_path").asText();
            for (JsonNode e : dir.get("entries")) {
                String path = cipherDir.isEmpty() ? e.get("cipher_name").asText()
                        : cipherDir + "/" + e.get("cipher_name").asText();
                NodeAttributes a = view.getattr(path);
                assertEquals(e.get("mtime").asLong(), a.mtimeSec(), "mtime of " + path);
                int mode = Integer.parseInt(e.get("mode_octal").asText().substring(2), 8);
                assertEquals(mode, a.mode() & 07777, "mode of " + path);
                String type = e.get("type").asText();
                if (!type.equals("dir")) {
                    assertEquals(e.get("size").asLong(), a.size(), "size of " + path);
                }
                switch (type) {
                    case "file" -> {
                        assertTrue(a.isRegular(), path);
                        byte[] content = readAll(path, a.size());
                        assertEquals(e.get("cipher_sha256").asText(), sha256(content), "content of " + path);
                        if (e.has("cipher_hex")) {
                            assertEquals(e.get("cipher_hex").asText(), HexFormat.of().formatHex(content), path);
                        }
                        if (e.has("content_hex")) {
                            assertEquals(e.get("content_hex").asText(), HexFormat.of().formatHex(content), path);
                        }
                        if (e.has("content")) {
                            assertEquals(e.get("content").asText(), new String(content, StandardCharsets.US_ASCII), path);
                        }
                        files++;
                    }
                    case "symlink" -> {
                        assertTrue(a.isSymlink(), path);
                        assertEquals(e.get("cipher_target").asText(),
                                new String(view.readlink(path), StandardCharsets.US_ASCII), "target of " + path);
                    }
                    case "dir" -> assertTrue(a.isDirectory(), path);
                    case "fifo" -> assertEquals(0010000, a.type(), path);
                    default -> throw new AssertionError(type);
                }
            }
        }
        assertTrue(files > 25, "checked " + files + " files");
    }

    @Test
    void ciphertextArchiveEqualsTheView() throws Exception {
        Map<String, byte[]> tar = Vectors.ciphertextTar();
        assertFalse(tar.isEmpty());
        for (Map.Entry<String, byte[]> member : tar.entrySet()) {
            byte[] ours = readAll(member.getKey(), view.getattr(member.getKey()).size());
            assertArrayEquals(member.getValue(), ours, member.getKey());
        }
    }

    @Test
    void readsAtEveryOffsetAgreeWithTheWholeFile() throws Exception {
        String path = "lYItu7dRSZhbF-GK5iBIxg"; // data10000.bin, three blocks
        byte[] whole = readAll(path, 10114);
        try (OpenFile f = view.open(path)) {
            for (int off = 0; off < whole.length; off += 97) {
                for (int len : new int[] {1, 17, 4128, 5000}) {
                    byte[] buf = new byte[len];
                    int n = f.read(off, buf, 0, len);
                    assertEquals(Math.min(len, whole.length - off), n);
                    for (int i = 0; i < n; i++) {
                        if (buf[i] != whole[off + i]) {
                            throw new AssertionError("byte " + (off + i) + " differs (read at " + off + ", len " + len + ")");
                        }
                    }
                }
            }
            assertEquals(0, f.read(whole.length, new byte[10], 0, 10));
        }
    }

    @Test
    void controlSocketTranslationsOfTheTranscript() throws Exception {
        ObjectMapper json = new ObjectMapper();
        int checked = 0;
        for (JsonNode pair : Vectors.JSON.get("ctlsock_transcript")) {
            JsonNode sent;
            try {
                sent = json.readTree(pair.get("sent").asText());
            } catch (Exception e) {
                continue; // the garbage request
            }
            JsonNode got = json.readTree(pair.get("received").asText());
            if (got.get("ErrNo").asInt() != 0 || got.get("WarnText").asText().length() > 0) {
                continue; // errors and canonicalisation belong to the socket server
            }
            if (sent.has("EncryptPath")) {
                assertEquals(got.get("Result").asText(),
                        view.encryptPath(sent.get("EncryptPath").asText().getBytes(StandardCharsets.UTF_8)));
            } else {
                assertEquals(got.get("Result").asText(), new String(view.decryptPath(sent.get("DecryptPath").asText()),
                        StandardCharsets.UTF_8));
            }
            checked++;
        }
        assertEquals(4, checked);
    }

    @Test
    void decryptPathErrorsMatchGocryptfs() {
        assertEquals(2, assertTranslationFails("gocryptfs.diriv"));
        assertEquals(2, assertTranslationFails("AAAAAAAAAAAAAAAAAAAAAA"));
        assertEquals(-1, assertTranslationFails("gocryptfs.longname.N74iwka8J1gAbcS5Eo7n8K7Ub4EwIaz4wp8dU59RhaE.name"));
        assertEquals(2, assertTranslationFails("gocryptfs.longname.AAAAwka8J1gAbcS5Eo7n8K7Ub4EwIaz4wp8dU59RhaE"));
    }

    private int assertTranslationFails(String cipherPath) {
        try {
            view.decryptPath(cipherPath);
        } catch (TranslationException e) {
            return e.errNo();
        }
        throw new AssertionError("expected " + cipherPath + " to fail");
    }

    @Test
    void longNamesDecryptThroughTheSocket() throws Exception {
        assertEquals("n".repeat(176), new String(view.decryptPath(
                "gocryptfs.longname.N74iwka8J1gAbcS5Eo7n8K7Ub4EwIaz4wp8dU59RhaE"), StandardCharsets.UTF_8));
        assertEquals("dir1/" + "D".repeat(180) + "/in-longdir.txt", new String(view.decryptPath(
                "gjRGyPU7Yy0oajCJvtxFOg/gocryptfs.longname.lJ48rCLHEyyhLZ0qp23O0plBMSp_rfGYuqO7ViK9ITI/NHS7DOfid3GlpkoJ8LiBsg"),
                StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- variants

    @Test
    void deterministicNamesVariant() throws Exception {
        JsonNode variant = Vectors.JSON.get("variants").get("deterministic_names");
        try (ReverseView det = variantView(FormatOptions.reverseDefaults().withDeterministicNames(true))) {
            checkListing(det, "", variant.get("root"));
            variant.fieldNames().forEachRemaining(name -> {
                if (name.startsWith("dir_")) {
                    checkListingUnchecked(det, name.substring(4), variant.get(name));
                }
            });
        }
    }

    @Test
    void plaintextNamesVariant() throws Exception {
        JsonNode variant = Vectors.JSON.get("variants").get("plaintextnames");
        try (ReverseView ptn = variantView(FormatOptions.reverseDefaults().withPlaintextNames(true))) {
            checkListing(ptn, "", variant.get("root"));
            checkListing(ptn, "dir1", variant.get("dir1"));
        }
    }

    @Test
    void longNameMax62Variant() throws Exception {
        JsonNode variant = Vectors.JSON.get("variants").get("longnamemax_62");
        try (ReverseView lnm = variantView(FormatOptions.reverseDefaults().withLongNameMax(62))) {
            checkListing(lnm, "", variant.get("root"));
        }
    }

    private ReverseView variantView(FormatOptions format) throws Exception {
        try (MasterKey mk = MasterKey.of(Vectors.masterKey())) {
            return ReverseView.open(ViewOptions.defaults(plain).withFormat(format), CryptoCore.derive(mk));
        }
    }

    private void checkListingUnchecked(ReverseView v, String cipherDir, JsonNode expected) {
        try {
            checkListing(v, cipherDir, expected);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void checkListing(ReverseView v, String cipherDir, JsonNode expected) throws Exception {
        Set<String> want = new HashSet<>();
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode e : expected) {
            want.add(e.get("cipher_name").asText());
            byName.put(e.get("cipher_name").asText(), e);
        }
        Set<String> got = new HashSet<>();
        v.list(cipherDir).forEach(e -> got.add(e.cipherName()));
        assertEquals(new TreeSet<>(want), new TreeSet<>(got), "listing of '" + cipherDir + "'");
        for (JsonNode e : expected) {
            String path = cipherDir.isEmpty() ? e.get("cipher_name").asText() : cipherDir + "/" + e.get("cipher_name").asText();
            NodeAttributes a = v.getattr(path);
            if (e.has("cipher_target")) {
                assertEquals(e.get("cipher_target").asText(), new String(v.readlink(path), StandardCharsets.UTF_8), path);
            }
            if (e.has("cipher_sha256")) {
                assertEquals(e.get("size").asLong(), a.size(), path);
                byte[] content = new byte[(int) a.size()];
                try (OpenFile f = v.open(path)) {
                    assertEquals(content.length, f.read(0, content, 0, content.length));
                }
                assertEquals(e.get("cipher_sha256").asText(), sha256(content), "content of " + path);
            }
            if (e.has("content")) {
                byte[] content = new byte[(int) a.size()];
                try (OpenFile f = v.open(path)) {
                    f.read(0, content, 0, content.length);
                }
                assertEquals(e.get("content").asText(), new String(content, StandardCharsets.US_ASCII), path);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private byte[] readAll(String path, long size) throws Exception {
        byte[] content = new byte[(int) size];
        try (OpenFile f = view.open(path)) {
            int n = f.read(0, content, 0, content.length);
            assertEquals(size, n, "bytes read from " + path);
            assertEquals(0, f.read(size, new byte[1], 0, 1), "EOF of " + path);
        }
        return content;
    }

    private static JsonNode findEntry(String cipherDir, String name) {
        for (JsonNode dir : Vectors.mainDirs()) {
            if (dir.get("cipher_path").asText().equals(cipherDir)) {
                for (JsonNode e : dir.get("entries")) {
                    if (e.get("cipher_name").asText().equals(name)) {
                        return e;
                    }
                }
            }
        }
        throw new AssertionError("no entry " + name);
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
