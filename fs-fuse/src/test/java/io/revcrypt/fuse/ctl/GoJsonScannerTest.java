package io.revcrypt.fuse.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The framer relies on these verdicts; Go's messages themselves are covered by the oracle test. */
class GoJsonScannerTest {

    private static GoJsonScanner scan(String s) {
        GoJsonScanner scanner = new GoJsonScanner();
        for (byte b : s.getBytes(StandardCharsets.ISO_8859_1)) {
            scanner.step(b);
        }
        return scanner;
    }

    @Test
    void objectsAreCompleteAtTheirClosingBrace() {
        GoJsonScanner s = scan("{\"a\":[1,{}]}");
        assertTrue(s.endTop());
        assertTrue(s.completeAtEof());
        assertFalse(s.hasError());
    }

    @Test
    void prefixesAreIncompleteNotErrors() {
        for (String prefix : new String[] {"", "  ", "{", "{\"Encr", "{\"EncryptPath\":", "{\"a\":\"\\u12", "[1,", "tr", "-"}) {
            GoJsonScanner s = scan(prefix);
            assertFalse(s.hasError(), prefix);
            assertFalse(s.completeAtEof(), prefix);
        }
    }

    @Test
    void completeAtEofDoesNotDisturbTheScanner() {
        GoJsonScanner s = scan("12");
        assertTrue(s.completeAtEof()); // a number is complete if the input ends here...
        assertFalse(s.endTop());
        s.step((byte) '3'); // ...but may also go on
        s.step((byte) 'x');
        assertTrue(s.hasError());
        assertEquals("invalid character 'x' after top-level value", s.error());
    }

    @Test
    void errorsAreFinalUntilReset() {
        GoJsonScanner s = scan("x{}");
        assertTrue(s.hasError());
        assertFalse(s.completeAtEof());
        s.reset();
        s.step((byte) '{');
        s.step((byte) '}');
        assertTrue(s.endTop());
        assertNull(GoJsonScanner.syntaxError("{}\r\n\t ".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void nestingDepthIsLimitedLikeGo() {
        assertNull(GoJsonScanner.syntaxError(("[".repeat(10000) + "]".repeat(10000)).getBytes(StandardCharsets.US_ASCII)));
        assertEquals("invalid character '{' exceeded max depth",
                GoJsonScanner.syntaxError(("[".repeat(10000) + "{").getBytes(StandardCharsets.US_ASCII)));
    }
}
