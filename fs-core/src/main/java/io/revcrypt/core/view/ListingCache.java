package io.revcrypt.core.view;

import io.revcrypt.core.posix.PlainStat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Listings with attributes ({@link ReverseView#listWithAttributes}) kept for one second, as long
 * as their plaintext directory shows the same inode, mtime and ctime: a directory read twice in a
 * row (a snapshot's check of its links, then rsync) is encrypted and stat'ed once. An entry added,
 * removed or renamed changes the directory's mtime and ctime, so a listing is never older than
 * what is in it; an entry's own attributes may be as old as one second, which is what the kernel's
 * attribute cache of the mount allows anyway (1 s, as gocryptfs).
 */
final class ListingCache {

    static final long FRESH_NANOS = 1_000_000_000L;
    private static final int MAX_DIRECTORIES = 4096;

    private record Listing(long dev, long ino, long mtimeSec, int mtimeNsec, long ctimeSec, int ctimeNsec, long at,
                           List<DirEntryPlus> entries) {
        boolean matches(PlainStat dir, long now) {
            return now - at < FRESH_NANOS && dev == dir.dev() && ino == dir.ino() && mtimeSec == dir.mtimeSec()
                    && mtimeNsec == dir.mtimeNsec() && ctimeSec == dir.ctimeSec() && ctimeNsec == dir.ctimeNsec();
        }
    }

    private final ConcurrentHashMap<String, Listing> listings = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    ListingCache() {
        this(System::nanoTime);
    }

    ListingCache(LongSupplier clock) {
        this.clock = clock;
    }

    /** The listing kept for this directory if it is fresh and the directory is unchanged, else null. */
    List<DirEntryPlus> get(String cipherDir, PlainStat dir) {
        Listing l = listings.get(cipherDir);
        return l != null && l.matches(dir, clock.getAsLong()) ? l.entries() : null;
    }

    /** Keeps a listing made after {@code dir} was stat'ed. */
    void put(String cipherDir, PlainStat dir, List<DirEntryPlus> entries) {
        long now = clock.getAsLong();
        if (listings.size() >= MAX_DIRECTORIES) {
            listings.values().removeIf(l -> now - l.at() >= FRESH_NANOS);
            if (listings.size() >= MAX_DIRECTORIES) {
                listings.clear();
            }
        }
        listings.put(cipherDir, new Listing(dir.dev(), dir.ino(), dir.mtimeSec(), dir.mtimeNsec(), dir.ctimeSec(),
                dir.ctimeNsec(), now, List.copyOf(entries)));
    }
}
