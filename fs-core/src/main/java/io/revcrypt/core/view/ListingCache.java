package io.revcrypt.core.view;

import io.revcrypt.core.posix.DirEntryName;
import io.revcrypt.core.posix.PlainStat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The names of a directory's last listing ({@link DirectoryLister#listWithAttributes}): its plaintext
 * entries and the name each has in the view, kept for one second while the plaintext directory
 * shows the same inode, mtime and ctime. A directory read twice in a row (a snapshot's check of
 * its links, then rsync; rsync, then the decoder's listing) is read from the disk and encrypted
 * once. An entry added, removed or renamed changes the directory's mtime and ctime, so the names
 * are those the directory has; the attributes are not kept, every listing stats its entries anew.
 */
final class ListingCache {

    static final long FRESH_NANOS = 1_000_000_000L;
    private static final int MAX_DIRECTORIES = 4096;

    /**
     * One listing's names. {@code viewNames[i]} is how {@code plainEntries[i]} is shown
     * ({@link EntryNaming}), null where it is not shown (excluded, or no valid name). Not changed
     * once kept.
     */
    record Names(List<DirEntryName> plainEntries, ViewName[] viewNames) {
    }

    private record Kept(long dev, long ino, long mtimeSec, int mtimeNsec, long ctimeSec, int ctimeNsec, long at,
                        Names names) {
        boolean matches(PlainStat dir, long now) {
            return now - at < FRESH_NANOS && dev == dir.dev() && ino == dir.ino() && mtimeSec == dir.mtimeSec()
                    && mtimeNsec == dir.mtimeNsec() && ctimeSec == dir.ctimeSec() && ctimeNsec == dir.ctimeNsec();
        }
    }

    private final ConcurrentHashMap<String, Kept> kept = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    ListingCache() {
        this(System::nanoTime);
    }

    ListingCache(LongSupplier clock) {
        this.clock = clock;
    }

    /** The names kept for this directory if they are fresh and the directory is unchanged, else null. */
    Names get(String cipherDir, PlainStat dir) {
        Kept k = kept.get(cipherDir);
        return k != null && k.matches(dir, clock.getAsLong()) ? k.names() : null;
    }

    /** Keeps the names of a listing made after {@code dir} was stat'ed. */
    void put(String cipherDir, PlainStat dir, Names names) {
        long now = clock.getAsLong();
        if (kept.size() >= MAX_DIRECTORIES) {
            kept.values().removeIf(k -> now - k.at() >= FRESH_NANOS);
            if (kept.size() >= MAX_DIRECTORIES) {
                kept.clear();
            }
        }
        kept.put(cipherDir, new Kept(dir.dev(), dir.ino(), dir.mtimeSec(), dir.mtimeNsec(), dir.ctimeSec(),
                dir.ctimeNsec(), now, names));
    }
}
