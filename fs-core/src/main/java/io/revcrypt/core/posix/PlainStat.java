package io.revcrypt.core.posix;

/**
 * The attributes of one plaintext entry, as {@code statx(AT_SYMLINK_NOFOLLOW)} reports them.
 * Times are seconds + nanoseconds.
 */
public record PlainStat(long dev, long ino, int mode, long nlink, int uid, int gid, long rdev, long size,
                        int blksize, long blocks, long atimeSec, int atimeNsec, long mtimeSec, int mtimeNsec,
                        long ctimeSec, int ctimeNsec) {

    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    public int type() {
        return mode & S_IFMT;
    }

    public boolean isRegular() {
        return type() == S_IFREG;
    }

    public boolean isDirectory() {
        return type() == S_IFDIR;
    }

    public boolean isSymlink() {
        return type() == S_IFLNK;
    }

    /** Permission bits with setuid/setgid/sticky. */
    public int permissions() {
        return mode & 07777;
    }
}
