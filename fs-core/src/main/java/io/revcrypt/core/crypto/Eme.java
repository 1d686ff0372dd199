package io.revcrypt.core.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * EME ("ECB-Mix-ECB", Halevi and Rogaway), the wide-block tweakable cipher gocryptfs uses for
 * file names, exactly as rfjakob/eme implements it (spec §6.2): AES-256, a 16-byte tweak, 1 to 128
 * blocks. Note that its doubling is little-endian, unlike CMAC's.
 *
 * <p>Both ECB passes run as single multi-block JCE calls. Thread-safe (per-thread ciphers).
 */
public final class Eme implements AutoCloseable {

    private static final int B = Aes.BLOCK;
    private static final int MAX_BLOCKS = 128;

    private final byte[] keyBytes;
    private final SecretKeySpec key;
    /** L_j = 2^j * E(0) for j = 1..128, computed once: they depend on the key only. */
    private final byte[][] l = new byte[MAX_BLOCKS][];
    private final ThreadLocal<Cipher> encryptor;
    private final ThreadLocal<Cipher> decryptor;
    private volatile boolean closed;

    public Eme(byte[] key) {
        keyBytes = key.clone();
        this.key = Aes.key(keyBytes);
        encryptor = ThreadLocal.withInitial(() -> Aes.ecb(Cipher.ENCRYPT_MODE, this.key));
        decryptor = ThreadLocal.withInitial(() -> Aes.ecb(Cipher.DECRYPT_MODE, this.key));
        byte[] li = run(encryptor.get(), new byte[B]);
        for (int j = 0; j < MAX_BLOCKS; j++) {
            dblLittleEndian(li);
            l[j] = li.clone();
        }
    }

    public byte[] encrypt(byte[] tweak, byte[] data) {
        return transform(tweak, data, true);
    }

    public byte[] decrypt(byte[] tweak, byte[] data) {
        return transform(tweak, data, false);
    }

    @Override
    public void close() {
        closed = true;
        Arrays.fill(keyBytes, (byte) 0);
        for (byte[] li : l) {
            Arrays.fill(li, (byte) 0);
        }
    }

    private byte[] transform(byte[] tweak, byte[] p, boolean encrypt) {
        if (closed) {
            throw new IllegalStateException("EME key already destroyed");
        }
        if (tweak.length != B) {
            throw new IllegalArgumentException("EME tweak must be 16 bytes");
        }
        if (p.length == 0 || p.length % B != 0 || p.length / B > MAX_BLOCKS) {
            throw new IllegalArgumentException("EME data must be 1 to 128 whole blocks, got " + p.length + " bytes");
        }
        Cipher e = encrypt ? encryptor.get() : decryptor.get();
        int m = p.length / B;

        // PPP_j = E(P_j ^ L_j), all blocks in one ECB call
        byte[] ppp = p.clone();
        for (int j = 0; j < m; j++) {
            Aes.xorInto(ppp, j * B, l[j], 0, B);
        }
        ppp = run(e, ppp);

        // MP = T ^ PPP_1 ^ ... ^ PPP_m; MC = E(MP); M = MP ^ MC
        byte[] mp = tweak.clone();
        for (int j = 0; j < m; j++) {
            Aes.xorInto(mp, 0, ppp, j * B, B);
        }
        byte[] mc = run(e, mp);
        byte[] mask = mp.clone();
        Aes.xorInto(mask, 0, mc, 0, B);

        // CCC_j = PPP_j ^ 2^(j-1) M for j >= 2; CCC_1 = MC ^ T ^ CCC_2 ^ ... ^ CCC_m
        byte[] ccc = new byte[p.length];
        byte[] ccc1 = mc.clone();
        Aes.xorInto(ccc1, 0, tweak, 0, B);
        for (int j = 1; j < m; j++) {
            dblLittleEndian(mask);
            System.arraycopy(ppp, j * B, ccc, j * B, B);
            Aes.xorInto(ccc, j * B, mask, 0, B);
            Aes.xorInto(ccc1, 0, ccc, j * B, B);
        }
        System.arraycopy(ccc1, 0, ccc, 0, B);

        // C_j = E(CCC_j) ^ L_j
        byte[] c = run(e, ccc);
        for (int j = 0; j < m; j++) {
            Aes.xorInto(c, j * B, l[j], 0, B);
        }
        return c;
    }

    /** Multiplication by x in GF(2^128), little-endian byte order as in rfjakob/eme. */
    static void dblLittleEndian(byte[] b) {
        int carry = (b[B - 1] & 0x80) != 0 ? 0x87 : 0;
        for (int j = B - 1; j > 0; j--) {
            b[j] = (byte) ((b[j] << 1) | ((b[j - 1] & 0xff) >>> 7));
        }
        b[0] = (byte) ((b[0] << 1) ^ carry);
    }

    private static byte[] run(Cipher c, byte[] in) {
        try {
            return c.doFinal(in);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
