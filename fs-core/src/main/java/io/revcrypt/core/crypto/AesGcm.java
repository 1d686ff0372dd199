package io.revcrypt.core.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with gocryptfs's 16-byte nonces ({@code GCMIV128}) and a 16-byte tag appended to the
 * ciphertext, as Go's AEAD does. Used to wrap the master key in the config file and to decrypt the
 * content of ordinary (forward) gocryptfs filesystems. Thread-safe.
 */
public final class AesGcm implements AutoCloseable {

    public static final int NONCE_LENGTH = 16;
    public static final int TAG_LENGTH = 16;

    private final byte[] keyBytes;
    private final SecretKeySpec key;
    private final ThreadLocal<Cipher> cipher = ThreadLocal.withInitial(() -> Aes.uninitialised("AES/GCM/NoPadding"));

    public AesGcm(byte[] key) {
        keyBytes = key.clone();
        this.key = Aes.key(keyBytes);
    }

    /** Returns {@code ciphertext || tag}. Never call twice with the same nonce and key. */
    public byte[] encrypt(byte[] nonce, byte[] plaintext, byte[] aad) {
        checkNonce(nonce);
        try {
            Cipher c = Aes.uninitialised("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            c.updateAAD(aad);
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Decrypts {@code len} bytes of {@code ciphertext || tag} into {@code dst}; returns the plaintext
     * length.
     *
     * @throws AuthenticationException if the tag does not match
     */
    public int decrypt(byte[] nonce, byte[] src, int srcOff, int len, byte[] aad, byte[] dst, int dstOff) {
        checkNonce(nonce);
        if (len < TAG_LENGTH) {
            throw new AuthenticationException("ciphertext shorter than the GCM tag");
        }
        Cipher c = cipher.get();
        try {
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            c.updateAAD(aad);
            return c.doFinal(src, srcOff, len, dst, dstOff);
        } catch (AEADBadTagException e) {
            throw new AuthenticationException("AES-GCM tag mismatch");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] decrypt(byte[] nonce, byte[] ciphertext, byte[] aad) {
        byte[] out = new byte[Math.max(0, ciphertext.length - TAG_LENGTH)];
        decrypt(nonce, ciphertext, 0, ciphertext.length, aad, out, 0);
        return out;
    }

    @Override
    public void close() {
        Arrays.fill(keyBytes, (byte) 0);
    }

    private static void checkNonce(byte[] nonce) {
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("gocryptfs uses 16-byte GCM nonces, got " + nonce.length);
        }
    }
}
