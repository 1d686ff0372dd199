package io.revcrypt.sync.decode;

import io.revcrypt.core.text.Utf8;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * rsync's {@code \#ooo} escaping of names, both ways, and the byte-transparent text form the
 * decoder works on.
 *
 * <p>rsync (3.x, UTF-8 locale) prints a name's bytes unchanged except: a byte below 0x20 other
 * than TAB, and each byte of an invalid UTF-8 sequence, become {@code \#ooo} (three octal
 * digits); a backslash that would otherwise read as such an escape ({@code \#} followed by
 * three decimal digits) becomes {@code \#134}. Checked against rsync 3.5.0: newline prints as
 * {@code \#012}, CR as {@code \#015}, ESC as {@code \#033}, byte 0xFF as {@code \#377}, a
 * literal {@code \#012} in a name as {@code \#134#012}; TAB, DEL and valid UTF-8 (C1 controls
 * and U+2028 included) are printed as they are.
 *
 * <p>"Raw text" in this package is a {@link String} holding one byte per char (ISO-8859-1), so
 * rsync's bytes survive a round trip whatever they are.
 */
public final class RsyncEscapes {

    private RsyncEscapes() {
    }

    /** Bytes as raw text: one char per byte. */
    public static String rawText(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * Raw text back to bytes. A char above 0xFF cannot come from {@link #rawText}; such a
     * string was real Unicode text, and its chars are taken as UTF-8 so nothing is lost.
     */
    public static byte[] rawBytes(String rawText) {
        for (int i = 0; i < rawText.length(); i++) {
            if (rawText.charAt(i) > 0xFF) {
                return rawText.getBytes(StandardCharsets.UTF_8);
            }
        }
        return rawText.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Undoes rsync's escaping: each {@code \#ooo} (octal, at most 0377) becomes its byte. */
    public static byte[] unescape(byte[] printed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(printed.length);
        for (int i = 0; i < printed.length; i++) {
            if (isOctalEscapeAt(printed, i)) {
                out.write((printed[i + 2] - '0') * 64 + (printed[i + 3] - '0') * 8 + (printed[i + 4] - '0'));
                i += 4;
            } else {
                out.write(printed[i]);
            }
        }
        return out.toByteArray();
    }

    /** {@link #unescape(byte[])} of raw text. */
    public static byte[] unescape(String rawText) {
        return unescape(rawBytes(rawText));
    }

    /**
     * A name as rsync itself would print it in a UTF-8 locale; the result is valid Unicode
     * text with no line breaks, so one entry is always one line.
     */
    public static String escape(byte[] name) {
        StringBuilder out = new StringBuilder(name.length + 8);
        int i = 0;
        while (i < name.length) {
            int b = name[i] & 0xFF;
            if (b < 0x80) {
                boolean control = b < 0x20 && b != '\t';
                if (control || (b == '\\' && isDecimalEscapeAt(name, i))) {
                    appendOctal(out, b);
                } else {
                    out.append((char) b);
                }
                i++;
                continue;
            }
            int length = Utf8.validSequenceLength(name, i);
            if (length == 0) {
                appendOctal(out, b);
                i++;
            } else {
                out.append(new String(name, i, length, StandardCharsets.UTF_8));
                i += length;
            }
        }
        return out.toString();
    }

    /**
     * A line of rsync output shown "as it came": valid UTF-8 unchanged, only bytes that are
     * not valid UTF-8 become {@code \#ooo} (rsync never prints those itself in a UTF-8 locale).
     */
    public static String displayAsIs(byte[] line) {
        StringBuilder out = new StringBuilder(line.length + 8);
        int i = 0;
        int runStart = 0;
        while (i < line.length) {
            int b = line[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int length = Utf8.validSequenceLength(line, i);
            if (length == 0) {
                out.append(new String(line, runStart, i - runStart, StandardCharsets.UTF_8));
                appendOctal(out, b);
                i++;
                runStart = i;
            } else {
                i += length;
            }
        }
        out.append(new String(line, runStart, line.length - runStart, StandardCharsets.UTF_8));
        return out.toString();
    }

    /** {@link #displayAsIs(byte[])} of raw text. */
    public static String displayAsIs(String rawText) {
        return displayAsIs(rawBytes(rawText));
    }

    private static void appendOctal(StringBuilder out, int b) {
        out.append("\\#")
                .append((char) ('0' + ((b >> 6) & 7)))
                .append((char) ('0' + ((b >> 3) & 7)))
                .append((char) ('0' + (b & 7)));
    }

    /** {@code \#ooo} as rsync writes it: backslash, hash, three octal digits, value <= 0377. */
    private static boolean isOctalEscapeAt(byte[] s, int i) {
        return i + 4 < s.length
                && s[i] == '\\' && s[i + 1] == '#'
                && s[i + 2] >= '0' && s[i + 2] <= '3'
                && s[i + 3] >= '0' && s[i + 3] <= '7'
                && s[i + 4] >= '0' && s[i + 4] <= '7';
    }

    /** rsync protects a backslash when {@code \#} and three decimal digits follow it. */
    private static boolean isDecimalEscapeAt(byte[] s, int i) {
        return i + 4 < s.length
                && s[i] == '\\' && s[i + 1] == '#'
                && isDigit(s[i + 2]) && isDigit(s[i + 3]) && isDigit(s[i + 4]);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
