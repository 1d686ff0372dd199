package io.revcrypt.sync.decode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RsyncEscapesTest {

    /**
     * Names as rsync 3.5.0 printed them (LANG=C.UTF-8, --out-format=%i\t%n%L), observed on a
     * plaintext directory holding files with exactly these bytes.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "6e65770a6c696e65     | new\\#012line",   // newline
            "63720d78             | cr\\#015x",       // carriage return
            "6573631b78           | esc\\#033x",      // ESC
            "626164ff75746638     | bad\\#377utf8",   // byte that is not UTF-8
            "6c69745c2330313278   | lit\\#134#012x",  // a literal backslash-hash-digits in the name
            "7461620968657265     | tab\there",       // TAB is printed as is
            "64656c7f78           | del\u007fx",      // DEL is printed as is
            "6331c28578           | c1\u0085x",       // a C1 control, valid UTF-8: as is
            "6c73e280a878         | ls\u2028x",       // U+2028, valid UTF-8: as is
    })
    void escapesLikeRsync(String hex, String printedByRsync) {
        byte[] name = HexFormat.of().parseHex(hex.strip());
        String expected = printedByRsync.strip().replace("\\t", "\t");
        assertEquals(expected, RsyncEscapes.escape(name));
        assertArrayEquals(name, RsyncEscapes.unescape(RsyncEscapes.rawText(expected.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void keepsValidUtf8() {
        String name = "ünïcødé—日本.txt 😀";
        assertEquals(name, RsyncEscapes.escape(name.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "e282          | \\#342\\#202",            // truncated sequence
            "c0af          | \\#300\\#257",            // overlong '/'
            "eda080        | \\#355\\#240\\#200",      // UTF-16 surrogate
            "f4908080      | \\#364\\#220\\#200\\#200", // above U+10FFFF
            "80            | \\#200",                  // lone continuation byte
            "e2827841      | \\#342\\#202xA",          // bad continuation: only the bad bytes go
    })
    void escapesInvalidUtf8ByteByByte(String hex, String expected) {
        assertEquals(expected.strip(), RsyncEscapes.escape(HexFormat.of().parseHex(hex.strip())));
    }

    @Test
    void unescapeLeavesWhatIsNotAnEscape() {
        assertArrayEquals("a\\#9x\\#8889\\#".getBytes(StandardCharsets.US_ASCII),
                RsyncEscapes.unescape("a\\#9x\\#8889\\#"));
        assertArrayEquals(new byte[] {'a', (byte) 0377, '7'}, RsyncEscapes.unescape("a\\#3777"));
    }

    @Test
    void escapeThenUnescapeIsIdentityForAnyBytes() {
        Random random = new Random(20261123);
        for (int round = 0; round < 2000; round++) {
            byte[] name = new byte[random.nextInt(40)];
            random.nextBytes(name);
            if (round % 3 == 0) { // make escape-like text and UTF-8 likely, not just noise
                byte[] tricky = "\\#012é\n".getBytes(StandardCharsets.UTF_8);
                System.arraycopy(tricky, 0, name, 0, Math.min(tricky.length, name.length));
            }
            String printed = RsyncEscapes.escape(name);
            assertEquals(-1, printed.indexOf('\n'), "one entry, one line");
            assertEquals(-1, printed.indexOf('\r'), "one entry, one line");
            assertArrayEquals(name, RsyncEscapes.unescape(RsyncEscapes.rawText(printed.getBytes(StandardCharsets.UTF_8))));
        }
    }

    @Test
    void displayAsIsOnlyTouchesInvalidUtf8() {
        byte[] line = {'o', 'k', ' ', (byte) 0xC3, (byte) 0xBC, ' ', (byte) 0xFF, '\\', '#', '0', '1', '2'};
        assertEquals("ok ü \\#377\\#012", RsyncEscapes.displayAsIs(line));
    }

    @Test
    void rawTextRoundTripsEveryByte() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        assertArrayEquals(all, RsyncEscapes.rawBytes(RsyncEscapes.rawText(all)));
    }
}
