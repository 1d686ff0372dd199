package io.revcrypt.core.crypto;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Small helpers around the JCE's AES. Every AES block on a hot path goes through the JCE so
 * HotSpot's AES-NI intrinsics run (design §4); Bouncy Castle's Java AES is ~50x slower here.
 */
final class Aes {

    static final int BLOCK = 16;

    private Aes() {
    }

    static SecretKeySpec key(byte[] raw) {
        if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
            throw new IllegalArgumentException("an AES key has 16, 24 or 32 bytes, got " + raw.length);
        }
        return new SecretKeySpec(raw, "AES");
    }

    static Cipher ecb(int mode, SecretKeySpec key) {
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(mode, key);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB/NoPadding is part of every JDK", e);
        }
    }

    /** CBC with an all-zero IV, for CBC-MAC: after each doFinal the cipher resets to this IV. */
    static Cipher cbcZeroIv(SecretKeySpec key) {
        try {
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(new byte[BLOCK]));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC/NoPadding is part of every JDK", e);
        }
    }

    static Cipher uninitialised(String transformation) {
        try {
            return Cipher.getInstance(transformation);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException(transformation + " is part of every JDK", e);
        }
    }

    /** GF(2^128) doubling, big-endian, as CMAC and S2V use it (RFC 4493 / RFC 5297). */
    static void dblBigEndian(byte[] b) {
        int carry = (b[0] & 0x80) != 0 ? 0x87 : 0;
        for (int i = 0; i < BLOCK - 1; i++) {
            b[i] = (byte) ((b[i] << 1) | ((b[i + 1] & 0xff) >>> 7));
        }
        b[BLOCK - 1] = (byte) ((b[BLOCK - 1] << 1) ^ carry);
    }

    static void xorInto(byte[] dst, int dstOff, byte[] src, int srcOff, int len) {
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] ^= src[srcOff + i];
        }
    }
}
