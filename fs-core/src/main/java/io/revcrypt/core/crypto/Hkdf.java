package io.revcrypt.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869) as gocryptfs uses it: no salt, an ASCII info string per purpose.
 * The JDK 17 has no HKDF, so it is written here on top of {@code HmacSHA256}.
 */
public final class Hkdf {

    private static final int HASH_LEN = 32;

    private Hkdf() {
    }

    /** Derives {@code length} bytes from {@code ikm} for {@code info}, with no salt. */
    public static byte[] sha256(byte[] ikm, String info, int length) {
        return sha256(ikm, new byte[HASH_LEN], info.getBytes(StandardCharsets.US_ASCII), length);
    }

    /**
     * The full RFC 5869 construction. An empty salt means HashLen zero bytes (RFC 5869 §2.2);
     * {@code SecretKeySpec} refuses an empty key, hence the explicit zeros.
     */
    public static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        if (length <= 0 || length > 255 * HASH_LEN) {
            throw new IllegalArgumentException("HKDF output length out of range: " + length);
        }
        byte[] saltKey = salt.length == 0 ? new byte[HASH_LEN] : salt;
        byte[] prk = null;
        byte[] block = new byte[0];
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(saltKey, "HmacSHA256"));
            prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] out = new byte[length];
            int written = 0;
            for (int counter = 1; written < length; counter++) {
                mac.update(block);
                mac.update(info);
                mac.update((byte) counter);
                byte[] next = mac.doFinal();
                Arrays.fill(block, (byte) 0);
                block = next;
                int n = Math.min(block.length, length - written);
                System.arraycopy(block, 0, out, written, n);
                written += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        } finally {
            if (prk != null) {
                Arrays.fill(prk, (byte) 0);
            }
            Arrays.fill(block, (byte) 0);
        }
    }
}
