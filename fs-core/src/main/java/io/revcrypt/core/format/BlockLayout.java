package io.revcrypt.core.format;

/**
 * Sizes and offsets of gocryptfs content (spec §5.1, §5.2): an 18-byte header, then plaintext
 * cut into 4096-byte blocks, each stored with 32 bytes of overhead (nonce + tag). An empty
 * plaintext has no header at all.
 */
public final class BlockLayout {

    public static final int HEADER_LENGTH = 18;
    public static final int PLAIN_BLOCK = 4096;
    public static final int OVERHEAD = 32;
    public static final int CIPHER_BLOCK = PLAIN_BLOCK + OVERHEAD;

    private BlockLayout() {
    }

    public static long cipherSize(long plainSize) {
        if (plainSize < 0) {
            throw new IllegalArgumentException("negative size " + plainSize);
        }
        if (plainSize == 0) {
            return 0;
        }
        long full = plainSize / PLAIN_BLOCK;
        long rest = plainSize % PLAIN_BLOCK;
        return HEADER_LENGTH + full * CIPHER_BLOCK + (rest == 0 ? 0 : rest + OVERHEAD);
    }

    /**
     * The plaintext size of a ciphertext file, or -1 if no well-formed file has that size (a
     * trailing block of 1..32 bytes cannot hold any plaintext).
     */
    public static long plainSize(long cipherSize) {
        if (cipherSize < 0) {
            throw new IllegalArgumentException("negative size " + cipherSize);
        }
        if (cipherSize == 0 || cipherSize == HEADER_LENGTH) {
            return 0;
        }
        if (cipherSize < HEADER_LENGTH) {
            return -1;
        }
        long body = cipherSize - HEADER_LENGTH;
        long blocks = (body + CIPHER_BLOCK - 1) / CIPHER_BLOCK;
        long rest = body % CIPHER_BLOCK;
        if (rest != 0 && rest <= OVERHEAD) {
            return -1;
        }
        return body - blocks * OVERHEAD;
    }

    /** Number of content blocks of a plaintext of this size. */
    public static long blockCount(long plainSize) {
        return (plainSize + PLAIN_BLOCK - 1) / PLAIN_BLOCK;
    }

    /** Ciphertext offset where block {@code blockNo} starts. */
    public static long cipherBlockOffset(long blockNo) {
        return HEADER_LENGTH + blockNo * CIPHER_BLOCK;
    }
}
