package io.revcrypt.core.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 exactly as Go's {@code unicode/utf8} sees it.
 *
 * <p>Go and Java disagree on how many replacement characters a broken sequence turns into: Java's
 * decoder replaces a "maximal subpart" (so {@code E2 82} is one U+FFFD), while Go's
 * {@code utf8.DecodeRune} rejects one byte at a time (so {@code E2 82} is two). gocryptfs's control
 * socket inherits Go's rule both when it decodes a request and when it encodes a response, so we
 * need Go's rule to be byte-identical. rsync (through iconv) rejects an invalid sequence one byte
 * at a time too, so the output decoder's {@code \#ooo} escaping uses the same validator: one
 * algorithm for both, here rather than in either the mount or the runner.
 */
public final class Utf8 {

    public static final char REPLACEMENT_CHAR = '\uFFFD';

    private Utf8() {
    }

    /**
     * Length of the valid UTF-8 sequence starting at {@code b[i]}, or 0 if Go's
     * {@code utf8.DecodeRune} would answer {@code (RuneError, 1)}: a stray continuation byte, an
     * overlong form, a surrogate, a value above U+10FFFF, or a sequence cut short by {@code end}.
     */
    public static int validSequenceLength(byte[] b, int i, int end) {
        int b0 = b[i] & 0xFF;
        if (b0 < 0x80) {
            return 1;
        }
        int size;
        int lo = 0x80;
        int hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            size = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            size = 3;
            if (b0 == 0xE0) {
                lo = 0xA0; // below is overlong
            } else if (b0 == 0xED) {
                hi = 0x9F; // above is a surrogate
            }
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            size = 4;
            if (b0 == 0xF0) {
                lo = 0x90; // below is overlong
            } else if (b0 == 0xF4) {
                hi = 0x8F; // above is beyond U+10FFFF
            }
        } else {
            return 0; // 0x80..0xC1 and 0xF5..0xFF never start a sequence
        }
        if (end - i < size) {
            return 0;
        }
        int b1 = b[i + 1] & 0xFF;
        if (b1 < lo || b1 > hi) {
            return 0;
        }
        for (int k = 2; k < size; k++) {
            int bk = b[i + k] & 0xFF;
            if (bk < 0x80 || bk > 0xBF) {
                return 0;
            }
        }
        return size;
    }

    /** {@link #validSequenceLength(byte[], int, int)} up to the end of {@code b}. */
    public static int validSequenceLength(byte[] b, int i) {
        return validSequenceLength(b, i, b.length);
    }

    public static boolean isValid(byte[] b) {
        for (int i = 0; i < b.length; ) {
            int n = validSequenceLength(b, i, b.length);
            if (n == 0) {
                return false;
            }
            i += n;
        }
        return true;
    }

    /** Decodes like Go's JSON unquoting does: every byte Go rejects becomes one U+FFFD. */
    public static String decode(byte[] b, int off, int len) {
        int end = off + len;
        StringBuilder sb = new StringBuilder(len);
        for (int i = off; i < end; ) {
            int n = validSequenceLength(b, i, end);
            if (n == 0) {
                sb.append(REPLACEMENT_CHAR);
                i++;
            } else if (n == 1) {
                sb.append((char) b[i]);
                i++;
            } else {
                sb.append(new String(b, i, n, StandardCharsets.UTF_8));
                i += n;
            }
        }
        return sb.toString();
    }

    /**
     * Encodes a Java string as UTF-8, turning every unpaired surrogate into U+FFFD. A Go string
     * can never hold a surrogate (Go's JSON decoder already maps an unpaired <code>&#92;ud800</code> escape
     * to U+FFFD), and {@link String#getBytes} would silently write {@code '?'} instead.
     */
    public static byte[] encode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                cp = REPLACEMENT_CHAR;
            }
            if (cp < 0x80) {
                out.write(cp);
            } else if (cp < 0x800) {
                out.write(0xC0 | (cp >> 6));
                out.write(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                out.write(0xE0 | (cp >> 12));
                out.write(0x80 | ((cp >> 6) & 0x3F));
                out.write(0x80 | (cp & 0x3F));
            } else {
                out.write(0xF0 | (cp >> 18));
                out.write(0x80 | ((cp >> 12) & 0x3F));
                out.write(0x80 | ((cp >> 6) & 0x3F));
                out.write(0x80 | (cp & 0x3F));
            }
        }
        return out.toByteArray();
    }

    /** Replaces unpaired surrogates with U+FFFD, the way Go's JSON decoder treats <code>&#92;ud800</code>. */
    public static String repairSurrogates(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (paired) {
                if (sb != null) {
                    sb.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (sb == null) {
                    sb = new StringBuilder(s.length()).append(s, 0, i);
                }
                sb.append(REPLACEMENT_CHAR);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
