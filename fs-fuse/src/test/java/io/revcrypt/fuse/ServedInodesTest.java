package io.revcrypt.fuse;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServedInodesTest {

    private final ServedInodes served = new ServedInodes();

    @Test
    void tellsWhetherAPathWasLastReadFromAnotherInode() {
        assertFalse(served.otherThan("a/b", 7, 0), "not known: nothing to say");
        served.remember("a/b", 7, 0);
        assertFalse(served.otherThan("a/b", 7, 1));
        assertTrue(served.otherThan("a/b", 8, 1));
        assertFalse(served.otherThan("a/c", 8, 1), "another path is not known");
        served.remember("a/b", 8, 2);
        assertFalse(served.otherThan("a/b", 8, 3));
    }

    @Test
    void countsForAMinuteAfterThePathsFileWasLastOpen() {
        long t = 5_000_000_000_000L;
        served.remember("a/b", 7, t);
        long later = t + ServedInodes.RELEVANT_NANOS;
        assertFalse(served.otherThan("a/b", 8, later), "a minute after it was opened: a new reader, not a continued one");
        served.closed("a/b", t + 30_000_000_000L);
        assertTrue(served.otherThan("a/b", 8, later), "closed 30 s ago: it may still be read on from the kernel's pages");
        assertFalse(served.otherThan("a/b", 8, t + 30_000_000_000L + ServedInodes.RELEVANT_NANOS));
        served.closed("a/c", later);
        assertFalse(served.otherThan("a/c", 8, later), "closing what was never remembered remembers nothing");
    }

    @Test
    void keepsTheLatestOfManyMorePathsThanSlotsInBoundedMemory() {
        int paths = 4 * ServedInodes.SLOTS;
        for (int i = 0; i < paths; i++) {
            served.remember("dir/file" + i, i, 0);
        }
        int known = 0;
        for (int i = 0; i < paths; i++) {
            if (served.otherThan("dir/file" + i, -1, 1)) {
                known++;
            }
        }
        assertTrue(known <= ServedInodes.SLOTS, "at most one path per slot: " + known);
        assertTrue(known > ServedInodes.SLOTS / 2, "the slots are spread: " + known);
        assertTrue(served.otherThan("dir/file" + (paths - 1), -1, 1), "the latest is kept");
    }
}
