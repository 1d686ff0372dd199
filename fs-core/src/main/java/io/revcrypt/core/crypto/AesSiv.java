package io.revcrypt.core.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-SIV (RFC 5297): the first half of the key keys S2V's CMAC, the second half keys CTR.
 * gocryptfs uses a 512-bit key (two AES-256 keys); the shorter RFC test keys work too.
 *
 * <p>Written on the JCE so every AES block runs on AES-NI. S2V's CMAC over the plaintext is one
 * {@code AES/CBC} pass with a zero IV (CBC-MAC: the last cipher block is the chaining value),
 * with only the last one or two blocks done by hand — about six times faster than feeding a
 * CMAC one block at a time (design §4). The final S2V step XORs D into the last 16 bytes of the
 * plaintext ("xorend"); that only touches the last two CMAC blocks, so the plaintext is never
 * copied.
 *
 * <p>Thread-safe: JCE ciphers are per thread. {@link #close()} wipes the key bytes this object
 * holds; the JCE keeps its own expanded copies, which cannot be wiped.
 */
public final class AesSiv implements AutoCloseable {

    public static final int KEY_LENGTH = 64;
    public static final int TAG_LENGTH = 16;

    private static final int B = Aes.BLOCK;
    private static final int SCRATCH = 4096 + 2 * B;

    private final byte[] macKeyBytes;
    private final byte[] ctrKeyBytes;
    private final SecretKeySpec macKey;
    private final SecretKeySpec ctrKey;
    /** CMAC sub-keys (RFC 4493) and S2V's D0 = CMAC(K1, 0^128); all three depend on the key only. */
    private final byte[] subKey1 = new byte[B];
    private final byte[] subKey2 = new byte[B];
    private final byte[] d0 = new byte[B];
    private final ThreadLocal<PerThread> perThread = ThreadLocal.withInitial(PerThread::new);
    private volatile boolean closed;

    public AesSiv(byte[] key) {
        if (key.length != 32 && key.length != 48 && key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("AES-SIV needs a 32, 48 or 64-byte key, got " + key.length);
        }
        int half = key.length / 2;
        macKeyBytes = Arrays.copyOfRange(key, 0, half);
        ctrKeyBytes = Arrays.copyOfRange(key, half, key.length);
        macKey = Aes.key(macKeyBytes);
        ctrKey = Aes.key(ctrKeyBytes);
        Cipher ecb = Aes.ecb(Cipher.ENCRYPT_MODE, macKey);
        try {
            byte[] l = ecb.doFinal(new byte[B]);
            System.arraycopy(l, 0, subKey1, 0, B);
            Aes.dblBigEndian(subKey1);
            System.arraycopy(subKey1, 0, subKey2, 0, B);
            Aes.dblBigEndian(subKey2);
            Arrays.fill(l, (byte) 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        byte[] zero = new byte[B];
        PerThread t = perThread.get();
        cmac(t, zero, 0, B, d0);
    }

    /** Per-thread JCE objects and scratch space; JCE ciphers are not thread-safe. */
    private final class PerThread {
        final Cipher ecb = Aes.ecb(Cipher.ENCRYPT_MODE, macKey);
        final Cipher cbc = Aes.cbcZeroIv(macKey);
        final Cipher ctr = Aes.uninitialised("AES/CTR/NoPadding");
        final byte[] scratch = new byte[SCRATCH];
        final byte[] d = new byte[B];
        final byte[] mac = new byte[B];
        final byte[] block = new byte[B];
        final byte[] last = new byte[B];
        final byte[] tail = new byte[2 * B];
        final byte[] q = new byte[B];
    }

    // ---------------------------------------------------------------- the gocryptfs block API

    /**
     * Encrypts with the associated-data vector {@code [ad, nonce]} as gocryptfs's content and
     * symlink encryption do, writing {@code V || C} ({@code 16 + len} bytes) to {@code dst}.
     */
    public void seal(byte[] ad, byte[] nonce, byte[] src, int srcOff, int len, byte[] dst, int dstOff) {
        PerThread t = state();
        byte[] d = t.d;
        s2vHeader(t, ad, nonce, d);
        s2vFinal(t, d, src, srcOff, len, t.mac);
        System.arraycopy(t.mac, 0, dst, dstOff, TAG_LENGTH);
        ctr(t, t.mac, src, srcOff, len, dst, dstOff + TAG_LENGTH);
    }

    /**
     * Decrypts {@code V || C} ({@code len} bytes at {@code src[srcOff]}) with the associated-data
     * vector {@code [ad, nonce]}, writing {@code len - 16} plaintext bytes to {@code dst}.
     *
     * @throws AuthenticationException if the tag does not match
     */
    public void open(byte[] ad, byte[] nonce, byte[] src, int srcOff, int len, byte[] dst, int dstOff) {
        if (len < TAG_LENGTH) {
            throw new AuthenticationException("ciphertext shorter than the SIV tag");
        }
        PerThread t = state();
        byte[] v = Arrays.copyOfRange(src, srcOff, srcOff + TAG_LENGTH);
        int plainLen = len - TAG_LENGTH;
        ctr(t, v, src, srcOff + TAG_LENGTH, plainLen, dst, dstOff);
        s2vHeader(t, ad, nonce, t.d);
        s2vFinal(t, t.d, dst, dstOff, plainLen, t.mac);
        if (!MessageDigest.isEqual(v, t.mac)) {
            Arrays.fill(dst, dstOff, dstOff + plainLen, (byte) 0);
            throw new AuthenticationException("AES-SIV tag mismatch");
        }
    }

    // ---------------------------------------------------------------- general RFC 5297 API

    /** RFC 5297 encryption with any number of associated-data strings; returns {@code V || C}. */
    public byte[] encrypt(byte[] plaintext, byte[]... associatedData) {
        PerThread t = state();
        byte[] v = s2v(t, associatedData, plaintext);
        byte[] out = new byte[TAG_LENGTH + plaintext.length];
        System.arraycopy(v, 0, out, 0, TAG_LENGTH);
        ctr(t, v, plaintext, 0, plaintext.length, out, TAG_LENGTH);
        return out;
    }

    /** RFC 5297 decryption of {@code V || C}. */
    public byte[] decrypt(byte[] ciphertext, byte[]... associatedData) {
        if (ciphertext.length < TAG_LENGTH) {
            throw new AuthenticationException("ciphertext shorter than the SIV tag");
        }
        PerThread t = state();
        byte[] v = Arrays.copyOfRange(ciphertext, 0, TAG_LENGTH);
        byte[] plain = new byte[ciphertext.length - TAG_LENGTH];
        ctr(t, v, ciphertext, TAG_LENGTH, plain.length, plain, 0);
        byte[] check = s2v(t, associatedData, plain);
        if (!MessageDigest.isEqual(v, check)) {
            Arrays.fill(plain, (byte) 0);
            throw new AuthenticationException("AES-SIV tag mismatch");
        }
        return plain;
    }

    @Override
    public void close() {
        closed = true;
        Arrays.fill(macKeyBytes, (byte) 0);
        Arrays.fill(ctrKeyBytes, (byte) 0);
        Arrays.fill(subKey1, (byte) 0);
        Arrays.fill(subKey2, (byte) 0);
        Arrays.fill(d0, (byte) 0);
    }

    // ---------------------------------------------------------------- S2V

    private PerThread state() {
        if (closed) {
            throw new IllegalStateException("AES-SIV key already destroyed");
        }
        return perThread.get();
    }

    private byte[] s2v(PerThread t, byte[][] associatedData, byte[] plaintext) {
        byte[] d = d0.clone();
        byte[] mac = new byte[B];
        for (byte[] ad : associatedData) {
            Aes.dblBigEndian(d);
            cmac(t, ad, 0, ad.length, mac);
            Aes.xorInto(d, 0, mac, 0, B);
        }
        byte[] v = new byte[B];
        s2vFinal(t, d, plaintext, 0, plaintext.length, v);
        return v;
    }

    /** D = dbl(dbl(D0) ^ CMAC(ad)) ^ CMAC(nonce): the two associated-data steps of S2V. */
    private void s2vHeader(PerThread t, byte[] ad, byte[] nonce, byte[] d) {
        System.arraycopy(d0, 0, d, 0, B);
        Aes.dblBigEndian(d);
        cmac(t, ad, 0, ad.length, t.block);
        Aes.xorInto(d, 0, t.block, 0, B);
        Aes.dblBigEndian(d);
        cmac(t, nonce, 0, nonce.length, t.block);
        Aes.xorInto(d, 0, t.block, 0, B);
    }

    /** V = CMAC(P xorend D) if len(P) >= 16, else CMAC(dbl(D) ^ pad(P)). D is clobbered. */
    private void s2vFinal(PerThread t, byte[] d, byte[] p, int off, int len, byte[] v) {
        if (len < B) {
            Aes.dblBigEndian(d);
            byte[] padded = t.block;
            System.arraycopy(p, off, padded, 0, len);
            padded[len] = (byte) 0x80;
            Arrays.fill(padded, len + 1, B, (byte) 0);
            Aes.xorInto(padded, 0, d, 0, B);
            cmac(t, padded, 0, B, v);
            return;
        }
        // CMAC blocks untouched by xorend go through one CBC pass; the rest (16..31 bytes) by hand.
        int untouched = (len - B) / B;
        byte[] x = t.q;
        cbcMac(t, p, off, untouched * B, x);
        int tailStart = untouched * B;
        int tailLen = len - tailStart;
        byte[] tail = t.tail;
        System.arraycopy(p, off + tailStart, tail, 0, tailLen);
        Aes.xorInto(tail, tailLen - B, d, 0, B);
        if (tailLen == B) {
            lastBlock(t, x, tail, 0, B, v);
        } else {
            Aes.xorInto(x, 0, tail, 0, B);
            encryptBlock(t, x, t.block);
            System.arraycopy(t.block, 0, x, 0, B);
            lastBlock(t, x, tail, B, tailLen - B, v);
        }
    }

    // ---------------------------------------------------------------- CMAC (RFC 4493)

    private void cmac(PerThread t, byte[] m, int off, int len, byte[] out) {
        int lastLen = len == 0 ? 0 : ((len - 1) % B) + 1;
        int prefix = len - lastLen;
        byte[] x = t.q;
        cbcMac(t, m, off, prefix, x);
        lastBlock(t, x, m, off + prefix, lastLen, out);
    }

    /** CBC-MAC chaining value over whole blocks; zero for an empty input. */
    private void cbcMac(PerThread t, byte[] m, int off, int len, byte[] x) {
        if (len == 0) {
            Arrays.fill(x, (byte) 0);
            return;
        }
        byte[] out = len <= t.scratch.length ? t.scratch : new byte[len];
        try {
            t.cbc.doFinal(m, off, len, out, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        System.arraycopy(out, len - B, x, 0, B);
    }

    /** out = E(x ^ last ^ K1) for a complete last block, E(x ^ pad(last) ^ K2) otherwise. */
    private void lastBlock(PerThread t, byte[] x, byte[] m, int off, int len, byte[] out) {
        byte[] blk = t.last;
        if (len == B) {
            System.arraycopy(m, off, blk, 0, B);
            Aes.xorInto(blk, 0, subKey1, 0, B);
        } else {
            System.arraycopy(m, off, blk, 0, len);
            blk[len] = (byte) 0x80;
            Arrays.fill(blk, len + 1, B, (byte) 0);
            Aes.xorInto(blk, 0, subKey2, 0, B);
        }
        Aes.xorInto(blk, 0, x, 0, B);
        encryptBlock(t, blk, out);
    }

    private void encryptBlock(PerThread t, byte[] in, byte[] out) {
        try {
            t.ecb.doFinal(in, 0, B, out, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- CTR

    /** CTR with Q = V, bits 63 and 31 cleared (RFC 5297 §2.5), over a 128-bit counter. */
    private void ctr(PerThread t, byte[] v, byte[] in, int inOff, int len, byte[] out, int outOff) {
        if (len == 0) {
            return;
        }
        byte[] q = Arrays.copyOf(v, B);
        q[8] &= 0x7f;
        q[12] &= 0x7f;
        try {
            t.ctr.init(Cipher.ENCRYPT_MODE, ctrKey, new IvParameterSpec(q));
            t.ctr.doFinal(in, inOff, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
