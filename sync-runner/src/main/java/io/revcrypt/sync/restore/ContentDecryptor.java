package io.revcrypt.sync.restore;

import io.revcrypt.core.crypto.AuthenticationException;
import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.format.BlockLayout;
import io.revcrypt.core.format.ContentCrypto;
import io.revcrypt.core.format.CorruptContentException;
import io.revcrypt.core.format.FileHeader;
import io.revcrypt.core.forward.DecryptResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decrypts gocryptfs content files (spec §5.6) for restore and verify: the same rules and the
 * same {@link DecryptResult} as fs-core's {@code FileDecryptor}, but reading and writing about a
 * MiB at a time, and checking for an all-zero block (a hole) only when its nonce is zero, so the
 * common block costs no extra pass over its bytes. Every block is authenticated; a bad block is
 * listed, its plaintext written as zeros, and the rest of the file still decrypts.
 * Thread-safe; scratch space is per thread.
 */
public final class ContentDecryptor {

    private static final int BLOCKS = 254;
    private static final int NONCE = ContentCrypto.NONCE_LENGTH;

    private final CryptoCore core;
    private final boolean aesSiv;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final byte[] in = new byte[BLOCKS * BlockLayout.CIPHER_BLOCK];
        final byte[] out = new byte[BLOCKS * BlockLayout.PLAIN_BLOCK];
        final byte[] ad = new byte[8 + FileHeader.ID_LENGTH];
        final byte[] nonce = new byte[NONCE];
    }

    /** @param aesSiv AES-SIV content (reverse-mode copies); AES-GCM otherwise (the config's flags say) */
    public ContentDecryptor(CryptoCore core, boolean aesSiv) {
        this.core = core;
        this.aesSiv = aesSiv;
    }

    /** Decrypts {@code in} to {@code out} ({@code out} null: only check). */
    public DecryptResult decrypt(InputStream in, OutputStream out) throws IOException {
        byte[] headerBytes = in.readNBytes(BlockLayout.HEADER_LENGTH);
        if (headerBytes.length == 0) {
            return new DecryptResult(0, List.of(), null);
        }
        byte[] fileId;
        try {
            fileId = FileHeader.parse(headerBytes, 0, headerBytes.length).fileId();
        } catch (CorruptContentException e) {
            return new DecryptResult(0, List.of(), e.getMessage());
        }
        Scratch s = scratch.get();
        System.arraycopy(fileId, 0, s.ad, 8, FileHeader.ID_LENGTH);
        List<Long> bad = new ArrayList<>();
        long written = 0;
        long blockNo = 0;
        while (true) {
            int n = in.readNBytes(s.in, 0, s.in.length);
            if (n == 0) {
                break;
            }
            int outLen = 0;
            for (int off = 0; off < n; off += BlockLayout.CIPHER_BLOCK, blockNo++) {
                int len = Math.min(BlockLayout.CIPHER_BLOCK, n - off);
                if (len <= BlockLayout.OVERHEAD) {
                    if (out != null) {
                        out.write(s.out, 0, outLen);
                    }
                    return new DecryptResult(written + outLen, bad, "block " + blockNo + " is truncated (" + len + " bytes)");
                }
                int plainLen = len - BlockLayout.OVERHEAD;
                if (!decryptBlock(s, s.in, off, len, blockNo, outLen)) {
                    bad.add(blockNo);
                    Arrays.fill(s.out, outLen, outLen + plainLen, (byte) 0);
                }
                outLen += plainLen;
            }
            if (out != null) {
                out.write(s.out, 0, outLen);
            }
            written += outLen;
            if (n < s.in.length) {
                break;
            }
        }
        return new DecryptResult(written, bad, null);
    }

    /** One block into {@code s.out} at {@code outOff}; false if it does not authenticate. */
    private boolean decryptBlock(Scratch s, byte[] in, int off, int len, long blockNo, int outOff) {
        int plainLen = len - BlockLayout.OVERHEAD;
        if (allZero(in, off, NONCE)) {
            // forward mode: a block of only zeros is a hole; any other block with a zero nonce is invalid
            if (allZero(in, off, len)) {
                Arrays.fill(s.out, outOff, outOff + plainLen, (byte) 0);
                return true;
            }
            return false;
        }
        System.arraycopy(in, off, s.nonce, 0, NONCE);
        long b = blockNo;
        for (int i = 7; i >= 0; i--) {
            s.ad[i] = (byte) b;
            b >>>= 8;
        }
        try {
            if (aesSiv) {
                core.siv().open(s.ad, s.nonce, in, off + NONCE, len - NONCE, s.out, outOff);
            } else {
                core.gcm().decrypt(s.nonce, in, off + NONCE, len - NONCE, s.ad, s.out, outOff);
            }
            return true;
        } catch (AuthenticationException e) {
            return false;
        }
    }

    private static boolean allZero(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
