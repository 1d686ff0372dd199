package io.revcrypt.core.posix;

/**
 * What tells one version of a file's contents from the next: its size, mtime and ctime. Every
 * write moves ctime (and a write through the file's own descriptor moves mtime as well), so an
 * open file whose version differs from the one it was opened at has been written since.
 */
public record FileVersion(long size, long mtimeSec, int mtimeNsec, long ctimeSec, int ctimeNsec) {

    public static FileVersion of(PlainStat s) {
        return new FileVersion(s.size(), s.mtimeSec(), s.mtimeNsec(), s.ctimeSec(), s.ctimeNsec());
    }

    /** ctime in nanoseconds since the epoch. */
    public long ctimeNanos() {
        return ctimeSec * 1_000_000_000L + ctimeNsec;
    }
}
