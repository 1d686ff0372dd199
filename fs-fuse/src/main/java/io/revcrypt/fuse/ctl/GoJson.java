package io.revcrypt.fuse.ctl;

import io.revcrypt.core.text.Utf8;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes JSON strings byte for byte as Go's {@code json.Marshal} does (with its default HTML
 * escaping), so our answers are indistinguishable from gocryptfs's.
 *
 * <p>Go's rules, which differ from most Java encoders:
 * <ul>
 *   <li>{@code "} {@code \} and newline, carriage return, tab use short escapes; every other byte
 *       below 0x20 is <code>&#92;u00XX</code> with lowercase hex (no {@code \b} or {@code \f}).</li>
 *   <li>{@code <} {@code >} {@code &} become <code>&#92;u003c</code> <code>&#92;u003e</code> <code>&#92;u0026</code>, and
 *       U+2028/U+2029 become <code>&#92;u2028</code>/<code>&#92;u2029</code>.</li>
 *   <li>DEL (0x7F), {@code /} and all other valid UTF-8 are written verbatim.</li>
 *   <li>Every byte that is not part of valid UTF-8 (Go's {@code utf8.DecodeRune} rule, one byte at
 *       a time) becomes the six characters <code>&#92;ufffd</code>.</li>
 * </ul>
 */
final class GoJson {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private GoJson() {
    }

    /** Appends {@code s} as a quoted Go JSON string. */
    static void writeString(ByteArrayOutputStream out, String s) {
        writeString(out, Utf8.encode(s));
    }

    /** Appends the byte string {@code s} (normally UTF-8, but any bytes) as a quoted Go JSON string. */
    static void writeString(ByteArrayOutputStream out, byte[] s) {
        out.write('"');
        for (int i = 0; i < s.length; ) {
            int b = s[i] & 0xFF;
            if (b < 0x80) {
                writeAscii(out, b);
                i++;
                continue;
            }
            int n = Utf8.validSequenceLength(s, i, s.length);
            if (n == 0) {
                writeAsciiText(out, "\\ufffd");
                i++;
            } else if (n == 3 && b == 0xE2 && (s[i + 1] & 0xFF) == 0x80
                    && ((s[i + 2] & 0xFF) == 0xA8 || (s[i + 2] & 0xFF) == 0xA9)) {
                // U+2028 LINE SEPARATOR / U+2029 PARAGRAPH SEPARATOR: valid JSON, but not valid
                // JavaScript, so Go escapes them.
                writeAsciiText(out, (s[i + 2] & 0xFF) == 0xA8 ? "\\u2028" : "\\u2029");
                i += 3;
            } else {
                out.write(s, i, n);
                i += n;
            }
        }
        out.write('"');
    }

    private static void writeAscii(ByteArrayOutputStream out, int b) {
        switch (b) {
            case '"' -> writeAsciiText(out, "\\\"");
            case '\\' -> writeAsciiText(out, "\\\\");
            case '\n' -> writeAsciiText(out, "\\n");
            case '\r' -> writeAsciiText(out, "\\r");
            case '\t' -> writeAsciiText(out, "\\t");
            case '<', '>', '&' -> writeUnicodeEscape(out, b);
            default -> {
                if (b < 0x20) {
                    writeUnicodeEscape(out, b);
                } else {
                    out.write(b);
                }
            }
        }
    }

    private static void writeUnicodeEscape(ByteArrayOutputStream out, int b) {
        writeAsciiText(out, "\\u00");
        out.write(HEX[b >> 4]);
        out.write(HEX[b & 0xF]);
    }

    static void writeAsciiText(ByteArrayOutputStream out, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            out.write(ascii.charAt(i));
        }
    }
}
