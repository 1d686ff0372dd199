package io.revcrypt.sync.decode;

/**
 * Strict UTF-8 validation one sequence at a time. Written out rather than using a
 * {@code CharsetDecoder} because rsync (through iconv) rejects an invalid sequence one byte at
 * a time, and the escaping must match that byte for byte.
 */
final class Utf8 {

    private Utf8() {
    }

    /**
     * Length (2..4) of the valid multi-byte sequence starting at {@code i}, or 0 if the bytes
     * there are not one (bad lead byte, missing or bad continuation, overlong form, surrogate,
     * or above U+10FFFF). ASCII bytes are the caller's business.
     */
    static int validSequenceLength(byte[] s, int i) {
        int lead = s[i] & 0xFF;
        int length;
        int min;
        int codePoint;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            min = 0x80;
            codePoint = lead & 0x1F;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            min = 0x800;
            codePoint = lead & 0x0F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            min = 0x10000;
            codePoint = lead & 0x07;
        } else {
            return 0;
        }
        if (i + length > s.length) {
            return 0;
        }
        for (int k = 1; k < length; k++) {
            int c = s[i + k] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                return 0;
            }
            codePoint = (codePoint << 6) | (c & 0x3F);
        }
        if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
            return 0;
        }
        return length;
    }
}
