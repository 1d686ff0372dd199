package io.revcrypt.core.view;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Inode numbers for the view, in the manner of gocryptfs's {@code inomap}: {@code ns << 48 | ino},
 * where the namespace {@code ns} stands for a (device, tag) pair. Real entries on the source's
 * own device keep their inode number (namespace 0); virtual files and other devices get
 * namespaces in order of first use. Inodes that do not fit in 48 bits go to a spill map with
 * bit 63 set.
 */
final class InodeMap {

    static final int TAG_REAL = 0;
    static final int TAG_DIRIV = 1;
    static final int TAG_NAME_FILE = 2;
    /** Hard-linked files: every path its own inode (design §1), numbered by a hash of the path. */
    static final int TAG_PATH_HASH = 3;

    private static final long MAX_INO = (1L << 48) - 1;
    private static final int MAX_NAMESPACES = (1 << 15) - 1;

    private record Key(long dev, int tag) {
    }

    private final long rootDev;
    private final ConcurrentHashMap<Key, Integer> namespaces = new ConcurrentHashMap<>();
    private final AtomicInteger nextNamespace = new AtomicInteger(1);
    private final ConcurrentHashMap<String, Long> spill = new ConcurrentHashMap<>();
    private final AtomicLong nextSpill = new AtomicLong(1);

    InodeMap(long rootDev) {
        this.rootDev = rootDev;
    }

    long translate(long dev, int tag, long ino) {
        if (ino < 0 || ino > MAX_INO) {
            return spill(dev, tag, ino);
        }
        long ns;
        if (dev == rootDev && tag == TAG_REAL) {
            ns = 0;
        } else {
            Integer n = namespaces.computeIfAbsent(new Key(dev, tag), k -> nextNamespace.getAndIncrement());
            if (n > MAX_NAMESPACES) {
                return spill(dev, tag, ino);
            }
            ns = n;
        }
        return ns << 48 | ino;
    }

    private long spill(long dev, int tag, long ino) {
        return spill.computeIfAbsent(dev + ":" + tag + ":" + ino, k -> (1L << 63) | nextSpill.getAndIncrement());
    }
}
