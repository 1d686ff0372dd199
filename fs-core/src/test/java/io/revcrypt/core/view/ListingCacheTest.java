package io.revcrypt.core.view;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.revcrypt.core.posix.DirEntryName;
import io.revcrypt.core.posix.PlainStat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ListingCacheTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final ListingCache cache = new ListingCache(now::get);
    private final ListingCache.Names names = new ListingCache.Names(
            List.of(new DirEntryName("plain".getBytes(StandardCharsets.UTF_8), DirEntryName.DT_REG)),
            new ViewName[] {ViewName.shown("cipher")});

    private static PlainStat dir(long ino, long mtimeSec, int mtimeNsec, long ctimeSec, int ctimeNsec) {
        return new PlainStat(1, ino, PlainStat.S_IFDIR | 0755, 2, 0, 0, 0, 4096, 4096, 8, 0, 0, mtimeSec, mtimeNsec,
                ctimeSec, ctimeNsec);
    }

    @Test
    void theNamesOfAnUnchangedDirectoryAreKeptForLessThanASecond() {
        cache.put("d", dir(7, 100, 5, 100, 6), names);

        now.addAndGet(ListingCache.FRESH_NANOS - 1);
        assertSame(names, cache.get("d", dir(7, 100, 5, 100, 6)));

        now.addAndGet(1);
        assertNull(cache.get("d", dir(7, 100, 5, 100, 6)), "one second old: listed anew");
    }

    @Test
    void anyChangeOfTheDirectoryItselfMeansListingAnew() {
        cache.put("d", dir(7, 100, 5, 100, 6), names);

        assertNull(cache.get("d", dir(7, 100, 9, 100, 6)), "mtime (an entry added, removed or renamed)");
        assertNull(cache.get("d", dir(7, 100, 5, 101, 6)), "ctime");
        assertNull(cache.get("d", dir(8, 100, 5, 100, 6)), "another directory under the same name");
        assertNull(cache.get("other", dir(7, 100, 5, 100, 6)));
    }

    @Test
    void oldListingsMakeRoomForNewOnes() {
        for (int i = 0; i < 10_000; i++) {
            cache.put("dir" + i, dir(i, 1, 0, 1, 0), names);
        }
        assertSame(names, cache.get("dir9999", dir(9999, 1, 0, 1, 0)), "the newest is still there");
    }
}
