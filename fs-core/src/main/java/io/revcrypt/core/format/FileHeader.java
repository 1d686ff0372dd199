package io.revcrypt.core.format;

import java.util.Arrays;

/** The 18-byte header of every non-empty content file: {@code be16(2) || fileID(16)} (spec §5.1). */
public record FileHeader(byte[] fileId) {

    public static final int VERSION = 2;
    public static final int ID_LENGTH = 16;

    public FileHeader {
        if (fileId.length != ID_LENGTH) {
            throw new IllegalArgumentException("a file ID has 16 bytes, got " + fileId.length);
        }
        fileId = fileId.clone();
    }

    @Override
    public byte[] fileId() {
        return fileId.clone();
    }

    public byte[] encode() {
        byte[] out = new byte[BlockLayout.HEADER_LENGTH];
        out[0] = 0;
        out[1] = VERSION;
        System.arraycopy(fileId, 0, out, 2, ID_LENGTH);
        return out;
    }

    /**
     * Parses and validates a header as forward mode does: version 2, file ID not all zero.
     *
     * @throws CorruptContentException naming what is wrong
     */
    public static FileHeader parse(byte[] b, int off, int len) throws CorruptContentException {
        if (len < BlockLayout.HEADER_LENGTH) {
            throw new CorruptContentException("file header truncated (" + len + " of 18 bytes)");
        }
        int version = ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
        if (version != VERSION) {
            throw new CorruptContentException("file header has version " + version + ", expected 2");
        }
        byte[] id = Arrays.copyOfRange(b, off + 2, off + BlockLayout.HEADER_LENGTH);
        boolean allZero = true;
        for (byte x : id) {
            allZero &= x == 0;
        }
        if (allZero) {
            throw new CorruptContentException("file header has an all-zero file ID");
        }
        return new FileHeader(id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileHeader h && Arrays.equals(fileId, h.fileId);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fileId);
    }

    @Override
    public String toString() {
        return "FileHeader[" + java.util.HexFormat.of().formatHex(fileId) + "]";
    }
}
