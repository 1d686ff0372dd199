package io.revcrypt.core.forward;

import io.revcrypt.core.format.BlockLayout;
import io.revcrypt.core.format.ContentCrypto;
import io.revcrypt.core.format.CorruptContentException;
import io.revcrypt.core.format.FileHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decrypts gocryptfs content files (spec §5.6): the header, then block after block with the nonce
 * stored in each block, AES-SIV or AES-GCM as the filesystem says. Works the same on copies of
 * reverse views and on ordinary gocryptfs filesystems. Every block is checked; a bad block is
 * reported by number and the rest of the file still decrypts.
 */
public final class FileDecryptor {

    private final ContentCrypto content;

    public FileDecryptor(ContentCrypto content) {
        this.content = content;
    }

    /** Blocks read and written per pass: about a MiB, so streams are not called per block. */
    private static final int BLOCKS_PER_PASS = 254;

    private static final ThreadLocal<byte[][]> BUFFERS = ThreadLocal.withInitial(() -> new byte[][] {
            new byte[BLOCKS_PER_PASS * BlockLayout.CIPHER_BLOCK], new byte[BLOCKS_PER_PASS * BlockLayout.PLAIN_BLOCK]});

    /**
     * Decrypts {@code in} to {@code out} ({@code out} may be null to only check). Bad blocks
     * produce zeros in {@code out} and are listed in the result.
     */
    public DecryptResult decrypt(InputStream in, OutputStream out) throws IOException {
        byte[] headerBytes = in.readNBytes(BlockLayout.HEADER_LENGTH);
        if (headerBytes.length == 0) {
            return new DecryptResult(0, List.of(), null);
        }
        FileHeader header;
        try {
            header = FileHeader.parse(headerBytes, 0, headerBytes.length);
        } catch (CorruptContentException e) {
            return new DecryptResult(0, List.of(), e.getMessage());
        }
        byte[] fileId = header.fileId();
        byte[][] buffers = BUFFERS.get();
        byte[] cipher = buffers[0];
        byte[] plain = buffers[1];
        List<Long> bad = new ArrayList<>();
        long written = 0;
        long blockNo = 0;
        while (true) {
            int n = in.readNBytes(cipher, 0, cipher.length);
            if (n == 0) {
                break;
            }
            int plainLen = 0;
            for (int off = 0; off < n; off += BlockLayout.CIPHER_BLOCK, blockNo++) {
                int len = Math.min(BlockLayout.CIPHER_BLOCK, n - off);
                if (len <= BlockLayout.OVERHEAD) {
                    if (out != null) {
                        out.write(plain, 0, plainLen);
                    }
                    return new DecryptResult(written + plainLen, bad, "block " + blockNo + " is truncated (" + len + " bytes)");
                }
                int blockPlain = len - BlockLayout.OVERHEAD;
                try {
                    content.decryptBlock(cipher, off, len, blockNo, fileId, plain, plainLen);
                } catch (CorruptContentException e) {
                    bad.add(blockNo);
                    Arrays.fill(plain, plainLen, plainLen + blockPlain, (byte) 0);
                }
                plainLen += blockPlain;
            }
            if (out != null) {
                out.write(plain, 0, plainLen);
            }
            written += plainLen;
            if (n < cipher.length) {
                break;
            }
        }
        return new DecryptResult(written, bad, null);
    }

    /** Decrypts a whole small file held in memory. */
    public byte[] decrypt(byte[] cipherFile) throws CorruptContentException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        DecryptResult r;
        try {
            r = decrypt(new java.io.ByteArrayInputStream(cipherFile), out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (!r.ok()) {
            throw new CorruptContentException(r.describe());
        }
        return out.toByteArray();
    }
}
