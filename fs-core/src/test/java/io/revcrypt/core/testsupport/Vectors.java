package io.revcrypt.core.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revcrypt.core.config.ConfigFile;
import io.revcrypt.core.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * The gocryptfs 2.3 test vectors of {@code shared/spec/vectors} (copied into the test resources):
 * the recorded values, and the plaintext tree they were made from, rebuilt from the JSON.
 */
public final class Vectors {

    public static final JsonNode JSON = load();
    public static final String PASSWORD = JSON.get("password").asText();
    public static final String MASTER_KEY_HEX = JSON.get("masterkey_hex").asText();
    public static final long TIMESTAMP = JSON.get("plaintext_timestamps_unix").asLong();

    private Vectors() {
    }

    private static JsonNode load() {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/vectors.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] masterKey() {
        return HexFormat.of().parseHex(MASTER_KEY_HEX);
    }

    public static Iterable<JsonNode> mainDirs() {
        return JSON.get("main").get("dirs");
    }

    public static Map<String, byte[]> ciphertextTar() throws IOException {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/ciphertext.tar")) {
            return TarReader.regularFiles(in);
        }
    }

    /** The config file bytes, rebuilt from its JSON fields with gocryptfs's layout. */
    public static byte[] configBytes() throws ConfigException {
        try {
            byte[] json = new ObjectMapper().writeValueAsBytes(JSON.get("config_file"));
            return ConfigFile.parse(json, "vectors.json").toJson();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Rebuilds the plaintext tree of the vectors under {@code root}, with
     * {@code .gocryptfs.reverse.conf}, modes and timestamps as recorded.
     */
    public static void buildPlainTree(Path root) throws Exception {
        for (JsonNode dir : mainDirs()) {
            Path plainDir = root.resolve(dir.get("plain_path").asText());
            Files.createDirectories(plainDir);
            for (JsonNode e : dir.get("entries")) {
                if (e.has("virtual")) {
                    continue;
                }
                byte[] name = HexFormat.of().parseHex(e.get("plain_name_hex").asText());
                switch (e.get("type").asText()) {
                    case "file" -> RawFiles.writeFile(plainDir, name, plainContent(e));
                    case "dir" -> Files.createDirectories(plainDir.resolve(new String(name, StandardCharsets.UTF_8)));
                    case "symlink" -> RawFiles.symlink(plainDir, name,
                            e.get("plain_target").asText().getBytes(StandardCharsets.UTF_8));
                    case "fifo" -> RawFiles.mkfifo(plainDir, name);
                    default -> throw new IllegalStateException("unexpected type " + e);
                }
                if (!e.get("type").asText().equals("symlink")) {
                    Path p = plainDir.resolve(new String(name, StandardCharsets.UTF_8));
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permString(e)));
                }
            }
        }
        Path conf = root.resolve(".gocryptfs.reverse.conf");
        Files.write(conf, configBytes());
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("r--------"));
        PlainTrees.touchAll(root, TIMESTAMP);
    }

    public static byte[] plainContent(JsonNode entry) {
        if (entry.has("plain_content_b64")) {
            return Base64.getDecoder().decode(entry.get("plain_content_b64").asText());
        }
        if (entry.has("plain_content_pattern")) {
            return PlainTrees.pattern(entry.get("plain_size").asInt());
        }
        throw new IllegalStateException("no plaintext recorded for " + entry);
    }

    private static String permString(JsonNode e) {
        int mode = Integer.parseInt(e.get("mode_octal").asText().substring(2), 8);
        StringBuilder sb = new StringBuilder();
        String rwx = "rwx";
        for (int i = 8; i >= 0; i--) {
            sb.append((mode & (1 << i)) != 0 ? rwx.charAt(2 - i % 3) : '-');
        }
        return sb.toString();
    }
}
