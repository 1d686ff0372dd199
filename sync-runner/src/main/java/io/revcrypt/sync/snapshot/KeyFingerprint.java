package io.revcrypt.sync.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Which key a snapshot was made with, without the key: SHA-256 over a fixed label and the
 * {@code EncryptedKey} and {@code ScryptObject.Salt} fields of the copy's {@code gocryptfs.conf}.
 * Both are random per {@code init}, so two configs share a fingerprint only if they are the same
 * config (a password change with {@code gocryptfs -passwd} gives a new one, as it gives a new
 * {@code gocryptfs.conf}). Nothing secret goes in: both fields are already in every copy.
 */
public final class KeyFingerprint {

    private static final String LABEL = "revcrypt snapshot key fingerprint v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeyFingerprint() {
    }

    /** The fingerprint of a {@code gocryptfs.conf}, or null if it is not one (no key or salt in it). */
    public static String of(byte[] gocryptfsConf) {
        if (gocryptfsConf == null) {
            return null;
        }
        JsonNode conf;
        try {
            conf = JSON.readTree(gocryptfsConf);
        } catch (IOException e) {
            return null;
        }
        if (conf == null || !conf.path("EncryptedKey").isTextual() || !conf.path("ScryptObject").path("Salt").isTextual()) {
            return null;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // NUL-separated: no field can end where the next begins (base64 has no NUL)
            for (String part : new String[] {LABEL, conf.get("EncryptedKey").asText(),
                    conf.get("ScryptObject").get("Salt").asText()}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
