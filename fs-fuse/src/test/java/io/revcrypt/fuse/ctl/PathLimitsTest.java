package io.revcrypt.fuse.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PathLimitsTest {

    @Test
    void aPathOfExactlyPathMaxBytesIsAllowed() {
        assertNull(PathLimits.violation("x".repeat(PathLimits.MAX_PATH_BYTES)));
        assertNull(PathLimits.violation("a/".repeat(PathLimits.MAX_COMPONENTS - 1) + "a"), "4095 bytes, 2048 components");
        assertNull(PathLimits.violation(""));
    }

    @Test
    void oneByteMoreIsRefusedCountingUtf8BytesNotChars() {
        assertEquals("file name too long: the path has 4096 bytes, more than PATH_MAX (4095)",
                PathLimits.violation("x".repeat(PathLimits.MAX_PATH_BYTES + 1)));
        // 2048 two-byte chars: within 4095 chars, but 4096 bytes
        assertEquals("file name too long: the path has 4096 bytes, more than PATH_MAX (4095)",
                PathLimits.violation("\u00e9".repeat(2048)));
    }

    @Test
    void twentyThousandComponentsAreRefusedByLength() {
        String deep = "a/".repeat(19_999) + "a";
        assertEquals("file name too long: the path has 39999 bytes, more than PATH_MAX (4095)", PathLimits.violation(deep));
    }

    @Test
    void componentsAreCountedOnTheirOwn() {
        assertNull(PathLimits.violation("a/b/c", 100, 3));
        assertEquals("file name too long: the path has 4 components, more than 3", PathLimits.violation("a/b/c/d", 100, 3));
        assertEquals("file name too long: the path has 4 components, more than 3",
                PathLimits.violation("long/names/still/count", 100, 3));
    }
}
