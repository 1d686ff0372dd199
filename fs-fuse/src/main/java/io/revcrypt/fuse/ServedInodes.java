package io.revcrypt.fuse;

/**
 * Which inode of the source each path was last read from, for the paths read most recently: a
 * fixed table of {@link #SLOTS} slots indexed by a 64-bit hash of the path, where a later path
 * takes the slot of an earlier one. Its memory never grows; what it forgets is only checked less.
 * Thread-safe.
 */
final class ServedInodes {

    static final int SLOTS = 1 << 16;
    /** What no path hashes to: a slot not used yet. */
    private static final long EMPTY = 0;

    private final long[] pathHashes = new long[SLOTS];
    private final long[] inodes = new long[SLOTS];

    synchronized void remember(String path, long ino) {
        long h = hash(path);
        int slot = slot(h);
        pathHashes[slot] = h;
        inodes[slot] = ino;
    }

    /** Whether {@code path} was last read from another inode than {@code ino} (false where not known). */
    synchronized boolean otherThan(String path, long ino) {
        long h = hash(path);
        int slot = slot(h);
        return pathHashes[slot] == h && inodes[slot] != ino;
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
