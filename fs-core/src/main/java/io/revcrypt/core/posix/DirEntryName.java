package io.revcrypt.core.posix;

/** One name from a directory listing, in the order getdents returned it, with its d_type. */
public record DirEntryName(byte[] name, int type) {

    public static final int DT_UNKNOWN = 0;
    public static final int DT_FIFO = 1;
    public static final int DT_CHR = 2;
    public static final int DT_DIR = 4;
    public static final int DT_BLK = 6;
    public static final int DT_REG = 8;
    public static final int DT_LNK = 10;
    public static final int DT_SOCK = 12;
}
