package io.revcrypt.core.format;

import io.revcrypt.core.crypto.AuthenticationException;
import io.revcrypt.core.crypto.CryptoCore;

/**
 * Content blocks (spec §5): encryption is AES-SIV with the block's derived nonce (reverse mode);
 * decryption reads the nonce stored in the block and uses AES-SIV or AES-GCM as the filesystem's
 * flags say. The associated data of every block is {@code be64(blockNo) || fileID}.
 * Thread-safe; scratch arrays are per thread.
 */
public final class ContentCrypto {

    public static final int NONCE_LENGTH = 16;

    private final CryptoCore core;
    private final boolean aesSiv;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final byte[] ad = new byte[8 + FileHeader.ID_LENGTH];
        final byte[] nonce = new byte[NONCE_LENGTH];
    }

    public ContentCrypto(CryptoCore core, boolean aesSiv) {
        this.core = core;
        this.aesSiv = aesSiv;
    }

    /**
     * Encrypts one plaintext block (1..4096 bytes) into {@code nonce || SIV || ciphertext}
     * ({@code len + 32} bytes at {@code out[outOff]}), the nonce being {@code block0Iv + blockNo}.
     */
    public void encryptBlock(byte[] plain, int off, int len, long blockNo, byte[] fileId, byte[] block0Iv,
                             byte[] out, int outOff) {
        if (len <= 0 || len > BlockLayout.PLAIN_BLOCK) {
            throw new IllegalArgumentException("a content block holds 1..4096 bytes, got " + len);
        }
        Scratch s = scratch.get();
        aad(s.ad, blockNo, fileId);
        PathIv.blockIv(block0Iv, blockNo, s.nonce);
        System.arraycopy(s.nonce, 0, out, outOff, NONCE_LENGTH);
        core.siv().seal(s.ad, s.nonce, plain, off, len, out, outOff + NONCE_LENGTH);
    }

    /**
     * Decrypts one stored block of {@code len} (33..4128) bytes; returns the plaintext length.
     * A block of only zero bytes is a hole in forward mode and decrypts to zeros.
     *
     * @throws CorruptContentException if it is malformed or does not authenticate
     */
    public int decryptBlock(byte[] in, int off, int len, long blockNo, byte[] fileId, byte[] out, int outOff)
            throws CorruptContentException {
        if (len <= BlockLayout.OVERHEAD || len > BlockLayout.CIPHER_BLOCK) {
            throw new CorruptContentException("block " + blockNo + " has an impossible length " + len);
        }
        int plainLen = len - BlockLayout.OVERHEAD;
        // only a block with a zero nonce can be a hole, so the common block is not scanned twice
        if (allZero(in, off, NONCE_LENGTH)) {
            if (allZero(in, off, len)) {
                java.util.Arrays.fill(out, outOff, outOff + plainLen, (byte) 0);
                return plainLen;
            }
            throw new CorruptContentException("block " + blockNo + " has an all-zero nonce");
        }
        Scratch s = scratch.get();
        System.arraycopy(in, off, s.nonce, 0, NONCE_LENGTH);
        aad(s.ad, blockNo, fileId);
        try {
            if (aesSiv) {
                core.siv().open(s.ad, s.nonce, in, off + NONCE_LENGTH, len - NONCE_LENGTH, out, outOff);
            } else {
                core.gcm().decrypt(s.nonce, in, off + NONCE_LENGTH, len - NONCE_LENGTH, s.ad, out, outOff);
            }
        } catch (AuthenticationException e) {
            throw new CorruptContentException("block " + blockNo + " does not authenticate (tampered or damaged)");
        }
        return plainLen;
    }

    private static void aad(byte[] ad, long blockNo, byte[] fileId) {
        for (int i = 7; i >= 0; i--) {
            ad[i] = (byte) blockNo;
            blockNo >>>= 8;
        }
        System.arraycopy(fileId, 0, ad, 8, FileHeader.ID_LENGTH);
    }

    private static boolean allZero(byte[] b, int off, int len) {
        int acc = 0;
        for (int i = off; i < off + len; i++) {
            acc |= b[i];
        }
        return acc == 0;
    }
}
