package io.revcrypt.fuse.ctl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.view.DirEntryPlus;
import io.revcrypt.core.view.DirectoryListing;
import io.revcrypt.core.view.NodeAttributes;
import io.revcrypt.core.view.PathTranslator;
import io.revcrypt.core.view.TranslationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlRequestHandlerTest {

    /** Records what it was asked and answers with a fixed outcome. */
    private static final class RecordingTranslator implements PathTranslator {
        final List<byte[]> encrypted = new ArrayList<>();
        final List<String> decrypted = new ArrayList<>();
        final List<String> listed = new ArrayList<>();
        DirectoryListing listing = new DirectoryListing(new byte[0], List.of());
        String encryptAnswer = "CIPHER";
        byte[] decryptAnswer = "plain".getBytes(StandardCharsets.UTF_8);
        RuntimeException bug;
        TranslationException failure;

        @Override
        public String encryptPath(byte[] plainPath) throws TranslationException {
            encrypted.add(plainPath.clone());
            maybeFail();
            return encryptAnswer;
        }

        @Override
        public byte[] decryptPath(String cipherPath) throws TranslationException {
            decrypted.add(cipherPath);
            maybeFail();
            return decryptAnswer;
        }

        @Override
        public DirectoryListing listDirectory(String cipherDir) throws TranslationException {
            listed.add(cipherDir);
            maybeFail();
            return listing;
        }

        private void maybeFail() throws TranslationException {
            if (bug != null) {
                throw bug;
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    private final RecordingTranslator translator = new RecordingTranslator();
    private final ControlRequestHandler handler = new ControlRequestHandler(translator);

    private ControlResponse handle(String json) {
        return handler.handle(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void encryptGetsTheSanitizedPathAsUtf8Bytes() {
        ControlResponse r = handle("{\"EncryptPath\":\"/caf\u00e9//x/../y/\"}");

        assertEquals(1, translator.encrypted.size());
        assertArrayEquals("caf\u00e9/y".getBytes(StandardCharsets.UTF_8), translator.encrypted.get(0));
        assertArrayEquals("CIPHER".getBytes(StandardCharsets.UTF_8), r.result());
        assertEquals(0, r.errNo());
        assertEquals("Non-canonical input path '/caf\u00e9//x/../y/' has been interpreted as 'caf\u00e9/y'.", r.warnText());
    }

    @Test
    void decryptGetsTheSanitizedString() {
        ControlResponse r = handle("{\"decryptpath\":\"abc/def\"}");

        assertEquals(List.of("abc/def"), translator.decrypted);
        assertEquals("", r.warnText());
        assertArrayEquals("plain".getBytes(StandardCharsets.UTF_8), r.result());
    }

    @Test
    void translationErrorsKeepTheirNumberTextAndTheWarning() {
        translator.failure = new TranslationException(13, "permission denied");
        ControlResponse r = handle("{\"DecryptPath\":\"/a\"}");

        assertEquals(13, r.errNo());
        assertEquals("permission denied", r.errText());
        assertEquals("Non-canonical input path '/a' has been interpreted as 'a'.", r.warnText());
        assertEquals(0, r.result().length);
    }

    @Test
    void aTranslatorBugBecomesAnErrorAnswerNotACrash() {
        translator.bug = new IllegalStateException("boom");
        ControlResponse r = handle("{\"EncryptPath\":\"a\"}");
        assertEquals(-1, r.errNo());
        assertEquals("internal error", r.errText());

        translator.bug = null;
        translator.encryptAnswer = null;
        assertEquals("internal error", handle("{\"EncryptPath\":\"a\"}").errText());
    }

    @Test
    void nothingReachesTheTranslatorForRejectedRequests() {
        for (String json : new String[] {"{}", "null", "garbage", "{\"EncryptPath\":\"a\",\"DecryptPath\":\"b\"}",
                "{\"EncryptPath\":\"..\"}", "{\"EncryptPath\":\"a/../..\"}", "{\"DecryptPath\":\"/\"}",
                "{\"EncryptPath\":7}", "[\"EncryptPath\"]"}) {
            assertEquals(-1, handle(json).errNo(), json);
        }
        assertTrue(translator.encrypted.isEmpty() && translator.decrypted.isEmpty());
    }

    @Test
    void repeatedKeysLastOneWinsInDocumentOrder() {
        handle("{\"EncryptPath\":\"a\",\"encryptpath\":\"b\",\"EncryptPath\":\"c\"}");
        assertArrayEquals("c".getBytes(StandardCharsets.UTF_8), translator.encrypted.get(0));
    }

    @Test
    void invalidUtf8InTheRequestBecomesOneReplacementCharacterPerByte() {
        byte[] request = {'{', '"', 'E', 'n', 'c', 'r', 'y', 'p', 't', 'P', 'a', 't', 'h', '"', ':', '"',
            (byte) 0xff, 'x', (byte) 0xe2, (byte) 0x82, '"', '}'};
        handler.handle(request);
        assertArrayEquals("\uFFFDx\uFFFD\uFFFD".getBytes(StandardCharsets.UTF_8), translator.encrypted.get(0));
    }

    @Test
    void decryptedBytesThatAreNotUtf8AreReturnedRawInResultRaw() {
        translator.decryptAnswer = new byte[] {'a', (byte) 0xff};
        String line = new String(handle("{\"DecryptPath\":\"x\"}").toJsonLine(), StandardCharsets.UTF_8);
        assertEquals("{\"Result\":\"a\\ufffd\",\"ErrNo\":0,\"ErrText\":\"\",\"WarnText\":\"\",\"ResultRaw\":\"Yf8=\"}\n", line);
    }

    @Test
    void hugeAndDeeplyNestedInputIsAnsweredNotThrown() {
        String deep = "[".repeat(GoJsonScanner.MAX_NESTING_DEPTH + 1) + "]".repeat(GoJsonScanner.MAX_NESTING_DEPTH + 1);
        assertEquals("JSON Unmarshal error: invalid character '[' exceeded max depth", handle(deep).errText());

        String deepButAllowed = "{\"x\":" + "[".repeat(9000) + "]".repeat(9000) + ",\"EncryptPath\":\"ok\"}";
        assertEquals(0, handle(deepButAllowed).errNo());

        String longNumber = "{\"x\":" + "9".repeat(50_000) + ",\"EncryptPath\":\"n\"}";
        assertEquals(0, handle(longNumber).errNo());

        String longKey = "{\"" + "k".repeat(60_000) + "\":1,\"EncryptPath\":\"k\"}";
        assertEquals(0, handle(longKey).errNo());
    }

    private static NodeAttributes attributes(int mode, int uid, int gid) {
        return new NodeAttributes(7, mode, 1, uid, gid, 0, 10, 8, 4096, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void listDirectoryAnswersWithThePlainDirectoryAndEveryEntryWithModeOwnerAndPlainName() {
        byte[] notUtf8 = {'b', (byte) 0xff};
        translator.listing = new DirectoryListing("docs".getBytes(StandardCharsets.UTF_8), List.of(
                new DirEntryPlus("CIPHER1", 0100000, attributes(0100644, 1000, 100), "caf\u00e9.txt".getBytes(StandardCharsets.UTF_8)),
                new DirEntryPlus("CIPHER2", 0100000, attributes(0100600, -2, 0), notUtf8),
                new DirEntryPlus("gone", 0100000, null, "x".getBytes(StandardCharsets.UTF_8)),
                new DirEntryPlus("gocryptfs.diriv", 0100000, attributes(0100444, 0, 0))));

        ControlResponse r = handle("{\"ListDirectory\":\"CIPHERDIR\"}");

        assertEquals(List.of("CIPHERDIR"), translator.listed);
        assertEquals("{\"Result\":\"docs\",\"ErrNo\":0,\"ErrText\":\"\",\"WarnText\":\"\",\"Entries\":["
                + "[\"CIPHER1\",33188,1000,100,\"caf\u00e9.txt\"],"
                + "[\"CIPHER2\",33152,4294967294,0,\"b\\ufffd\",\"Yv8=\"],"
                + "[\"gone\",0,0,0,\"x\"],"
                + "[\"gocryptfs.diriv\",33060,0,0]]}\n",
                new String(r.toJsonLine(), StandardCharsets.UTF_8));
    }

    @Test
    void listDirectoryOfTheRootIsAskedWithEmptyOrDot() {
        handle("{\"ListDirectory\":\"\"}");
        handle("{\"ListDirectory\":\".\"}");
        ControlResponse sanitized = handle("{\"ListDirectory\":\"/a//b/\"}");

        assertEquals(List.of("", "", "a/b"), translator.listed);
        assertEquals("Non-canonical input path '/a//b/' has been interpreted as 'a/b'.", sanitized.warnText());
    }

    @Test
    void listDirectoryRefusesPathsAboveTheRootAndMixedRequests() {
        ControlResponse above = handle("{\"ListDirectory\":\"../etc\"}");
        ControlResponse mixed = handle("{\"ListDirectory\":\"a\",\"DecryptPath\":\"b\"}");

        assertEquals(List.of(), translator.listed, "nothing reaches the translator");
        assertEquals("Empty input after canonicalization", above.errText());
        assertEquals("Ambiguous", mixed.errText());
    }

    @Test
    void listDirectoryErrorsKeepTheirNumberAndATranslatorWithoutListingSaysSo() {
        translator.failure = new TranslationException(20, "not a directory");
        assertEquals(20, handle("{\"ListDirectory\":\"f\"}").errNo());

        ControlResponse unsupported = new ControlRequestHandler(new PathTranslator() {
            @Override
            public String encryptPath(byte[] plainPath) {
                return "";
            }

            @Override
            public byte[] decryptPath(String cipherPath) {
                return new byte[0];
            }
        }).handle("{\"ListDirectory\":\"d\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(TranslationException.ENOTSUP, unsupported.errNo());
    }

    @Test
    void aListingTooBigForOneAnswerIsRefusedSoTheClientAsksOtherwise() {
        List<DirEntryPlus> many = new ArrayList<>();
        for (int i = 0; i <= ControlRequestHandler.MAX_LISTED_ENTRIES; i++) {
            many.add(new DirEntryPlus("n" + i, 0100000, null));
        }
        translator.listing = new DirectoryListing(new byte[0], many);

        ControlResponse r = handle("{\"ListDirectory\":\"big\"}");

        assertEquals(7, r.errNo());
        assertTrue(r.errText().contains("more than"), r.errText());
    }

    @Test
    void aPathBeyondPathMaxIsAnsweredWithEnametoolongAndNeverTranslated() {
        String deep = "a/".repeat(19_999) + "a";
        for (String key : new String[] {"EncryptPath", "DecryptPath", "ListDirectory"}) {
            ControlResponse r = handle("{\"" + key + "\":\"" + deep + "\"}");
            assertEquals(36, r.errNo(), key);
            assertEquals("file name too long: the path has 39999 bytes, more than PATH_MAX (4095)", r.errText(), key);
            assertEquals(0, r.result().length, key);
        }
        assertTrue(translator.encrypted.isEmpty() && translator.decrypted.isEmpty() && translator.listed.isEmpty());
    }

    @Test
    void theLimitAppliesToThePathAsSanitizedSoDotsThatCancelOutDoNotCount() {
        String longButCancelling = "x/../".repeat(2000) + "a";
        assertEquals(0, handle("{\"EncryptPath\":\"" + longButCancelling + "\"}").errNo());
        String atTheLimit = "a/".repeat(PathLimits.MAX_COMPONENTS - 1) + "a";
        assertEquals(0, handle("{\"DecryptPath\":\"" + atTheLimit + "\"}").errNo());
        assertEquals(atTheLimit, translator.decrypted.get(0));
    }

    @Test
    void aTranslatorThatOverflowsItsStackFailsOneRequestOnly() {
        PathTranslator recursing = new PathTranslator() {
            @Override
            public String encryptPath(byte[] plainPath) {
                return encryptPath(plainPath) + "/";
            }

            @Override
            public byte[] decryptPath(String cipherPath) {
                return "ok".getBytes(StandardCharsets.UTF_8);
            }
        };
        ControlRequestHandler h = new ControlRequestHandler(recursing);
        ControlResponse overflow = h.handle("{\"EncryptPath\":\"a\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(36, overflow.errNo());
        assertEquals(0, h.handle("{\"DecryptPath\":\"a\"}".getBytes(StandardCharsets.UTF_8)).errNo());
    }
}
