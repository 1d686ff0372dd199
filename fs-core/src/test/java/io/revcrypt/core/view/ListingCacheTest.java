package io.revcrypt.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.revcrypt.core.posix.PlainStat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ListingCacheTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final ListingCache cache = new ListingCache(now::get);
    private final List<DirEntryPlus> entries = List.of(new DirEntryPlus("name", PlainStat.S_IFREG, null));

    private static PlainStat dir(long ino, long mtimeSec, int mtimeNsec, long ctimeSec, int ctimeNsec) {
        return new PlainStat(1, ino, PlainStat.S_IFDIR | 0755, 2, 0, 0, 0, 4096, 4096, 8, 0, 0, mtimeSec, mtimeNsec,
                ctimeSec, ctimeNsec);
    }

    @Test
    void aListingOfAnUnchangedDirectoryIsKeptForLessThanASecond() {
        cache.put("d", dir(7, 100, 5, 100, 6), entries);

        now.addAndGet(ListingCache.FRESH_NANOS - 1);
        assertEquals(entries, cache.get("d", dir(7, 100, 5, 100, 6)));

        now.addAndGet(1);
        assertNull(cache.get("d", dir(7, 100, 5, 100, 6)), "one second old: listed anew");
    }

    @Test
    void anyChangeOfTheDirectoryItselfMeansListingAnew() {
        cache.put("d", dir(7, 100, 5, 100, 6), entries);

        assertNull(cache.get("d", dir(7, 100, 9, 100, 6)), "mtime (an entry added, removed or renamed)");
        assertNull(cache.get("d", dir(7, 100, 5, 101, 6)), "ctime");
        assertNull(cache.get("d", dir(8, 100, 5, 100, 6)), "another directory under the same name");
        assertNull(cache.get("other", dir(7, 100, 5, 100, 6)));
    }

    @Test
    void keptListingsCannotBeChangedAndOldOnesMakeRoom() {
        List<DirEntryPlus> mutable = new ArrayList<>(entries);
        cache.put("d", dir(7, 1, 0, 1, 0), mutable);
        mutable.clear();
        List<DirEntryPlus> kept = cache.get("d", dir(7, 1, 0, 1, 0));
        assertEquals(entries, kept, "a copy is kept, not the caller's list");
        assertThrows(UnsupportedOperationException.class, kept::clear);

        for (int i = 0; i < 10_000; i++) {
            cache.put("dir" + i, dir(i, 1, 0, 1, 0), entries);
        }
        assertSame(kept.get(0), cache.get("dir9999", dir(9999, 1, 0, 1, 0)).get(0), "the newest is still there");
    }
}
