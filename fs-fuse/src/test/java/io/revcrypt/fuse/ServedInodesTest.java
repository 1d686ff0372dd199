package io.revcrypt.fuse;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServedInodesTest {

    private final ServedInodes served = new ServedInodes();

    @Test
    void tellsWhetherAPathWasLastReadFromAnotherInode() {
        assertFalse(served.otherThan("a/b", 7), "not known: nothing to say");
        served.remember("a/b", 7);
        assertFalse(served.otherThan("a/b", 7));
        assertTrue(served.otherThan("a/b", 8));
        assertFalse(served.otherThan("a/c", 8), "another path is not known");
        served.remember("a/b", 8);
        assertFalse(served.otherThan("a/b", 8));
    }

    @Test
    void keepsTheLatestOfManyMorePathsThanSlotsInBoundedMemory() {
        int paths = 4 * ServedInodes.SLOTS;
        for (int i = 0; i < paths; i++) {
            served.remember("dir/file" + i, i);
        }
        int known = 0;
        for (int i = 0; i < paths; i++) {
            if (served.otherThan("dir/file" + i, -1)) {
                known++;
            }
        }
        assertTrue(known <= ServedInodes.SLOTS, "at most one path per slot: " + known);
        assertTrue(known > ServedInodes.SLOTS / 2, "the slots are spread: " + known);
        assertTrue(served.otherThan("dir/file" + (paths - 1), -1), "the latest is kept");
    }
}
