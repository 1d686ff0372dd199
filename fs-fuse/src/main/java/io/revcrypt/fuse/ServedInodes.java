package io.revcrypt.fuse;

/**
 * Which inode of the source each path was last read from, for the paths read most recently: a
 * fixed table of {@link #SLOTS} slots indexed by a 64-bit hash of the path, where a later path
 * takes the slot of an earlier one. Its memory never grows; what it forgets is only checked less.
 *
 * <p>An entry counts for {@link #RELEVANT_NANOS} after its file was last open: a read that
 * continues a file comes within moments of the kernel dropping its pages, while a reader that
 * starts a file long after the last one read it may well start at any offset (and, with two of its
 * first reads in flight at once, the one above offset 0 may arrive first). Thread-safe.
 */
final class ServedInodes {

    static final int SLOTS = 1 << 16;
    static final long RELEVANT_NANOS = 60_000_000_000L;
    /** What no path hashes to: a slot not used yet. */
    private static final long EMPTY = 0;

    private final long[] pathHashes = new long[SLOTS];
    private final long[] inodes = new long[SLOTS];
    /** When the path's file was last open (opened, or closed), in {@link System#nanoTime()} terms. */
    private final long[] lastOpen = new long[SLOTS];

    /** {@code path} is read from inode {@code ino}, opened at {@code now}. */
    synchronized void remember(String path, long ino, long now) {
        long h = hash(path);
        int slot = slot(h);
        pathHashes[slot] = h;
        inodes[slot] = ino;
        lastOpen[slot] = now;
    }

    /** The file {@code path} was read from is closed at {@code now}. */
    synchronized void closed(String path, long now) {
        long h = hash(path);
        int slot = slot(h);
        if (pathHashes[slot] == h) {
            lastOpen[slot] = now;
        }
    }

    /**
     * Whether {@code path} was read from another inode than {@code ino}, and open less than
     * {@link #RELEVANT_NANOS} before {@code now} (false where not known).
     */
    synchronized boolean otherThan(String path, long ino, long now) {
        long h = hash(path);
        int slot = slot(h);
        return pathHashes[slot] == h && inodes[slot] != ino && now - lastOpen[slot] < RELEVANT_NANOS;
    }

    private static int slot(long h) {
        return (int) (h ^ (h >>> 32)) & (SLOTS - 1);
    }

    /** FNV-1a over the UTF-16 units; never {@link #EMPTY}. */
    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h == EMPTY ? 1 : h;
    }
}
