package io.revcrypt.core.format;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Reverse mode's deterministic IVs (spec §0.2, gocryptfs {@code internal/pathiv}): the first 16 bytes
 * of {@code SHA-256(cipherPath || 0x00 || PURPOSE)}. The cipher path is the relative path as the
 * mount shows it (hashed long names included, no leading slash, root = empty).
 */
public final class PathIv {

    public static final int LENGTH = 16;

    /** The purposes gocryptfs hashes in; the enum constant's name is the exact ASCII suffix. */
    public enum Purpose {
        DIRIV, FILEID, BLOCK0IV, SYMLINKIV;

        private final byte[] suffix = ("\0" + name()).getBytes(StandardCharsets.US_ASCII);
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });

    private PathIv() {
    }

    public static byte[] derive(String cipherPath, Purpose purpose) {
        return derive(cipherPath.getBytes(StandardCharsets.UTF_8), purpose);
    }

    public static byte[] derive(byte[] cipherPath, Purpose purpose) {
        MessageDigest sha = SHA256.get();
        sha.update(cipherPath);
        sha.update(purpose.suffix);
        byte[] digest = sha.digest();
        byte[] iv = new byte[LENGTH];
        System.arraycopy(digest, 0, iv, 0, LENGTH);
        return iv;
    }

    /**
     * The nonce of content block {@code blockNo}: block 0's IV with its low 64 bits (big-endian)
     * increased by the block number, wrapping without a carry into the high half.
     */
    public static void blockIv(byte[] block0Iv, long blockNo, byte[] out) {
        System.arraycopy(block0Iv, 0, out, 0, 8);
        long low = 0;
        for (int i = 8; i < 16; i++) {
            low = (low << 8) | (block0Iv[i] & 0xff);
        }
        low += blockNo;
        for (int i = 15; i >= 8; i--) {
            out[i] = (byte) low;
            low >>>= 8;
        }
    }
}
