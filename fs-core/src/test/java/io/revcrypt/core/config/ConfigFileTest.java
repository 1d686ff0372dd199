package io.revcrypt.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.crypto.MasterKey;
import io.revcrypt.core.testsupport.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    private static final byte[] PASSWORD = "correct horse".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void createWriteLoadUnlock() throws Exception {
        Path file = dir.resolve(".gocryptfs.reverse.conf");
        try (MasterKey mk = MasterKey.random()) {
            ConfigFile.create(mk, PASSWORD, 10, "revcrypt test").writeNew(file);
            assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            ConfigFile loaded = ConfigFile.load(file);
            assertEquals(ConfigFile.REVERSE_DEFAULT_FLAGS, loaded.featureFlags());
            assertEquals(1024, loaded.scrypt().n());
            try (MasterKey back = loaded.unlock(PASSWORD)) {
                assertEquals(mk.toHex(), back.toHex());
            }
            assertTrue(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).startsWith("{\n\t\"Creator\": \"revcrypt test\",\n"));
        }
    }

    @Test
    void refusesToOverwriteAnExistingConfig() throws Exception {
        Path file = dir.resolve("c.conf");
        Files.writeString(file, "precious");
        try (MasterKey mk = MasterKey.random()) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigFile.create(mk, PASSWORD, 10, "t").writeNew(file));
            assertEquals(ConfigException.Kind.EXISTS, e.kind());
        }
        assertEquals("precious", Files.readString(file));
    }

    @Test
    void wrongPassword() throws Exception {
        ConfigFile c = ConfigFile.parse(Vectors.configBytes(), "vectors");
        ConfigException e = assertThrows(ConfigException.class, () -> c.unlock("wrong".getBytes()));
        assertEquals(ConfigException.Kind.WRONG_PASSWORD, e.kind());
        assertTrue(e.getMessage().contains("wrong password"));
    }

    @Test
    void flippedByteInTheWrappedKeyIsDetected() throws Exception {
        String json = new String(Vectors.configBytes(), StandardCharsets.UTF_8);
        int at = json.indexOf("\"EncryptedKey\": \"") + 30;
        char c = json.charAt(at);
        String tampered = json.substring(0, at) + (c == 'A' ? 'B' : 'A') + json.substring(at + 1);
        ConfigFile cf = ConfigFile.parse(tampered.getBytes(StandardCharsets.UTF_8), "tampered");
        assertEquals(ConfigException.Kind.WRONG_PASSWORD,
                assertThrows(ConfigException.class, () -> cf.unlock(Vectors.PASSWORD.getBytes())).kind());
    }

    @Test
    void damagedFilesGiveAClearMessage() {
        assertDamaged("{", "not valid JSON");
        assertDamaged("[]", "not a JSON object");
        assertDamaged("{\"Version\": 2, \"FeatureFlags\": [\"HKDF\"]}", "ScryptObject missing");
        String ok = new String(configOrFail(), StandardCharsets.UTF_8);
        assertDamaged(ok.replace("\"EncryptedKey\": \"", "\"EncryptedKey\": \"!!"), "EncryptedKey is not valid base64");
        assertDamaged(ok.replace("\"N\": 1024", "\"N\": 1000"), "power of two");
        assertDamaged(ok.replace("\"GCMIV128\",", ""), "GCMIV128");
    }

    @Test
    void unknownFlagsAndOtherVersionsAreUnsupported() {
        String ok = new String(configOrFail(), StandardCharsets.UTF_8);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigFile.parse(ok.replace("\"AESSIV\"", "\"AESSIV\",\n\t\t\"TimeTravel\"").getBytes(), "x"));
        assertEquals(ConfigException.Kind.UNSUPPORTED, e.kind());
        assertTrue(e.getMessage().contains("TimeTravel"));
        e = assertThrows(ConfigException.class, () -> ConfigFile.parse(ok.replace("\"Version\": 2", "\"Version\": 3").getBytes(), "x"));
        assertEquals(ConfigException.Kind.UNSUPPORTED, e.kind());
        e = assertThrows(ConfigException.class, () -> ConfigFile.parse(ok.replace("\"AESSIV\"", "\"AESSIV\",\"FIDO2\"").getBytes(), "x"));
        assertTrue(e.getMessage().contains("FIDO2"));
    }

    @Test
    void keysAreCaseInsensitiveAndUnknownKeysIgnoredLikeGo() throws Exception {
        String ok = new String(configOrFail(), StandardCharsets.UTF_8);
        String variant = ok.replace("\"Version\"", "\"version\"").replace("{\n", "{\n\t\"Whatever\": 1,\n");
        ConfigFile c = ConfigFile.parse(variant.getBytes(), "x");
        try (MasterKey mk = c.unlock(Vectors.PASSWORD.getBytes())) {
            assertEquals(Vectors.MASTER_KEY_HEX, mk.toHex());
        }
    }

    @Test
    void missingFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.load(dir.resolve("nope")));
        assertEquals(ConfigException.Kind.MISSING, e.kind());
    }

    @Test
    void masterKeyHexAsGocryptfsAcceptsIt() {
        String dashed = "01020304-05060708-090A0B0C-0d0e0f10-11121314-15161718-191a1b1c-1d1e1f20";
        try (MasterKey mk = MasterKey.parseHex(dashed)) {
            assertEquals(Vectors.MASTER_KEY_HEX, mk.toHex());
            assertEquals("01020304-05060708-090a0b0c-0d0e0f10-\n    11121314-15161718-191a1b1c-1d1e1f20", mk.toDisplayString());
        }
        assertThrows(IllegalArgumentException.class, () -> MasterKey.parseHex("0102"));
        assertThrows(IllegalArgumentException.class, () -> MasterKey.parseHex("zz".repeat(32)));
    }

    private static byte[] configOrFail() {
        try {
            return Vectors.configBytes();
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertDamaged(String json, String expectedText) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.parse(json.getBytes(), "test.conf"));
        assertEquals(ConfigException.Kind.DAMAGED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(expectedText), e.getMessage());
    }
}
