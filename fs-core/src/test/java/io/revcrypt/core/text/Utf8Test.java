package io.revcrypt.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
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

    /** The cases sync-runner's copy of the validator (for rsync's escaping) was written for. */
    @Test
    void aSequenceIsValidOnlyWhole() {
        assertEquals(1, Utf8.validSequenceLength(bytes('a'), 0));
        assertEquals(2, Utf8.validSequenceLength(bytes(0xc3, 0xa9), 0));
        assertEquals(3, Utf8.validSequenceLength(bytes('x', 0xe2, 0x82, 0xac), 1));
        assertEquals(4, Utf8.validSequenceLength(bytes(0xf0, 0x9f, 0x98, 0x80), 0));
        assertEquals(0, Utf8.validSequenceLength(bytes(0x80), 0), "stray continuation byte");
        assertEquals(0, Utf8.validSequenceLength(bytes(0xc3, 'a'), 0), "bad continuation byte");
        assertEquals(0, Utf8.validSequenceLength(bytes(0xe2, 0x82), 0), "cut short by the end");
        assertEquals(0, Utf8.validSequenceLength(bytes(0xe2, 0x82, 0xac), 0, 2), "cut short by end");
        assertEquals(0, Utf8.validSequenceLength(bytes(0xc1, 0xbf), 0), "overlong two-byte form");
        assertEquals(0, Utf8.validSequenceLength(bytes(0xf0, 0x8f, 0xbf, 0xbf), 0), "overlong four-byte form");
        assertEquals(0, Utf8.validSequenceLength(bytes(0xed, 0xbf, 0xbf), 0), "surrogate");
        assertEquals(0, Utf8.validSequenceLength(bytes(0xf5, 0x80, 0x80, 0x80), 0), "above U+10FFFF");
    }

    /**
     * Every two- and three-byte sequence, and four-byte ones over the bytes where the rules change,
     * against the JDK's strict decoder (which rejects overlong forms, surrogates and values above
     * U+10FFFF as the standard says): the validator accepts exactly what the standard does.
     */
    @Test
    void agreesWithTheJdksStrictDecoderOnWholeSequences() {
        int[] edges = {0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff};
        for (int b0 = 0xc0; b0 <= 0xff; b0++) {
            for (int b1 = 0; b1 <= 0xff; b1++) {
                check(bytes(b0, b1));
                if (b0 >= 0xf0 && (b1 & 0x0f) != 0 && (b1 & 0x0f) != 0x0f) {
                    continue; // four-byte forms: second bytes at the edges of the ranges suffice
                }
                for (int b2 = 0; b2 <= 0xff; b2++) {
                    if (b0 >= 0xe0 && b0 <= 0xef) {
                        check(bytes(b0, b1, b2));
                    }
                }
                if (b0 >= 0xf0) {
                    for (int b2 : edges) {
                        for (int b3 : edges) {
                            check(bytes(b0, b1, b2, b3));
                        }
                    }
                }
            }
        }
    }

    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    private final CharBuffer decoded = CharBuffer.allocate(4);

    /** CoderResult rather than exceptions: a million of them would make this test slow. */
    private void check(byte[] sequence) {
        ByteBuffer in = ByteBuffer.wrap(sequence);
        CoderResult result = strict.reset().decode(in, decoded.clear(), true);
        boolean standard = !result.isError() && !in.hasRemaining();
        assertEquals(standard, Utf8.validSequenceLength(sequence, 0) == sequence.length, () -> hex(sequence));
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x ", x & 0xff));
        }
        return sb.toString().strip();
    }
}
