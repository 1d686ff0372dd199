package io.revcrypt.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void rejectsOneByteAtATimeLikeGo() {
        // Java's decoder would give one U+FFFD for E2 82; Go gives one per byte.
        assertEquals("\uFFFDa\uFFFD\uFFFDb\uFFFD\uFFFD\uFFFDc",
                Utf8.decode(bytes(0xff, 'a', 0xe2, 0x82, 'b', 0xed, 0xa0, 0x80, 'c'), 0, 9));
        // overlong forms and values above U+10FFFF
        assertEquals("\uFFFD\uFFFD", Utf8.decode(bytes(0xc0, 0xaf), 0, 2));
        assertEquals("\uFFFD\uFFFD\uFFFD", Utf8.decode(bytes(0xe0, 0x80, 0xaf), 0, 3));
        assertEquals("\uFFFD\uFFFD\uFFFD\uFFFD", Utf8.decode(bytes(0xf4, 0x90, 0x80, 0x80), 0, 4));
        assertEquals("\uFFFD\uFFFD\uFFFD", Utf8.decode(bytes(0xf0, 0x9f, 0x98), 0, 3));
    }

    @Test
    void acceptsEveryValidFormIncludingAnEncodedReplacementCharacter() {
        String s = "a\u00e9\u20ac\uFFFD\uD83D\uDE00\uDBFF\uDFFF";
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        assertTrue(Utf8.isValid(utf8));
        assertEquals(s, Utf8.decode(utf8, 0, utf8.length));
        assertArrayEquals(utf8, Utf8.encode(s));
        assertFalse(Utf8.isValid(bytes('a', 0x80)));
    }

    @Test
    void repairsUnpairedSurrogatesOnly() {
        assertEquals("\uFFFDx\uFFFD\uD83D\uDE00\uFFFDA", Utf8.repairSurrogates("\uD800x\uDC00\uD83D\uDE00\uD800A"));
        assertEquals("\uFFFD\uD83D\uDE00", Utf8.repairSurrogates("\uD83D\uD83D\uDE00"));
        String clean = "plain é";
        assertTrue(clean == Utf8.repairSurrogates(clean), "no copy when nothing to repair");
    }
}
