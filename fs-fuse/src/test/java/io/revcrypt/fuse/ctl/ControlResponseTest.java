package io.revcrypt.fuse.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ControlResponseTest {

    private static String line(ControlResponse r) {
        return new String(r.toJsonLine(), StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void keysInGoOrderWithoutSpacesAndANewline() {
        assertEquals("{\"Result\":\"abc\",\"ErrNo\":0,\"ErrText\":\"\",\"WarnText\":\"\"}\n",
                line(ControlResponse.success("abc".getBytes(StandardCharsets.UTF_8), "")));
        assertEquals("{\"Result\":\"\",\"ErrNo\":2,\"ErrText\":\"no such file or directory\",\"WarnText\":\"w\"}\n",
                line(ControlResponse.failure(2, "no such file or directory", "w")));
        assertEquals("{\"Result\":\"\",\"ErrNo\":-1,\"ErrText\":\"Ambiguous\",\"WarnText\":\"\"}\n",
                line(ControlResponse.failure("Ambiguous")));
    }

    @Test
    void escapesLikeGoJsonMarshal() {
        // quote, backslash, newline, CR, tab: short escapes; other controls: lowercase 6-char escapes;
        // HTML characters escaped; DEL and / verbatim
        String in = "\"\\\n\r\t\u0000\u0001\b\f\u000b\u001f<>&\u007f/é";
        String expected = "\\\"\\\\\\n\\r\\t\\u0000\\u0001\\u0008\\u000c\\u000b\\u001f\\u003c\\u003e\\u0026\u007f/"
                + "\u00c3\u00a9"; // é as its two UTF-8 bytes, read back as ISO-8859-1
        assertEquals("{\"Result\":\"\",\"ErrNo\":-1,\"ErrText\":\"" + expected + "\",\"WarnText\":\"\"}\n",
                line(ControlResponse.failure(in)));
    }

    @Test
    void lineAndParagraphSeparatorsAreEscapedButOtherNonAsciiIsVerbatim() {
        byte[] json = ControlResponse.failure(-1, "\u2028\u2029\u2027\uD83D\uDE00", "").toJsonLine();
        String s = new String(json, StandardCharsets.UTF_8);
        assertEquals("{\"Result\":\"\",\"ErrNo\":-1,\"ErrText\":\"\\u2028\\u2029\u2027\uD83D\uDE00\",\"WarnText\":\"\"}\n", s);
    }

    /**
     * Recorded from gocryptfs 2.3: a plaintext file named with the bytes below, decrypted through
     * the socket. Go replaces every byte it cannot decode by one <code>&#92;ufffd</code> (the truncated
     * E2 82 gives two, the surrogate ED A0 80 three) and escapes HTML characters and U+2028.
     */
    @Test
    void invalidUtf8ResultIsRenderedLikeGocryptfsAndCarriedRawInResultRaw() {
        byte[] name = bytes(0xff, 'a', 0xe2, 0x82, 'b', 0xed, 0xa0, 0x80, 'c', 0xf0, 0x9f, 0x98, 0x80, '<', '>', '&',
                0xe2, 0x80, 0xa8);
        String gocryptfs = "{\"Result\":\"\\ufffda\\ufffd\\ufffdb\\ufffd\\ufffd\\ufffdc\u00f0\u009f\u0098\u0080"
                + "\\u003c\\u003e\\u0026\\u2028\",\"ErrNo\":0,\"ErrText\":\"\",\"WarnText\":\"\"";

        String ours = line(ControlResponse.success(name, ""));

        assertEquals(gocryptfs + ",\"ResultRaw\":\"" + Base64.getEncoder().encodeToString(name) + "\"}\n", ours);
    }

    @Test
    void resultRawAppearsOnlyForInvalidUtf8() {
        byte[] valid = "dir1/x\u0001y\u007fz/\uFFFD".getBytes(StandardCharsets.UTF_8);
        // Recorded from gocryptfs 2.3 for the name "x\x01y\x7fz": \u0001 escaped, DEL verbatim.
        assertEquals("{\"Result\":\"dir1/x\\u0001y\u007fz/\u00ef\u00bf\u00bd\",\"ErrNo\":0,\"ErrText\":\"\",\"WarnText\":\"\"}\n",
                line(ControlResponse.success(valid, "")));
        assertEquals("{\"Result\":\"\\ufffd\",\"ErrNo\":0,\"ErrText\":\"\",\"WarnText\":\"\",\"ResultRaw\":\"gA==\"}\n",
                line(ControlResponse.success(bytes(0x80), "")));
    }

    @Test
    void unpairedSurrogatesInJavaStringsBecomeReplacementCharacters() {
        String s = new String(ControlResponse.failure(-1, "a\uD800b\uDC00", "").toJsonLine(), StandardCharsets.UTF_8);
        assertEquals("{\"Result\":\"\",\"ErrNo\":-1,\"ErrText\":\"a\uFFFDb\uFFFD\",\"WarnText\":\"\"}\n", s);
    }
}
