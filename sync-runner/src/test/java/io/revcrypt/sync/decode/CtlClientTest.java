package io.revcrypt.sync.decode;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client against a fake with gocryptfs's framing. Against the real gocryptfs socket it is
 * exercised by the golden-transcript replay (answers captured from it) and end to end by the
 * native tests.
 */
class CtlClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    /** Answers as the real gocryptfs 2.3 socket sent them (src/test/resources/decode/tree-run1.ctlsock). */
    private static final Map<String, String> REAL_ANSWERS = Map.of(
            "XtGX-T9V9TO1oDIfEY235w", "{\"Result\":\"dir one\",\"ErrNo\":0,\"ErrText\":\"\",\"WarnText\":\"\"}",
            "9rbwbqeiCScvKZMnIrwmFw", "{\"Result\":\"arrow -\\u003e name\",\"ErrNo\":0,\"ErrText\":\"\",\"WarnText\":\"\"}",
            "ikC6Kxief8w1AlwVdTa3kQ", "{\"Result\":\"new\\nline\",\"ErrNo\":0,\"ErrText\":\"\",\"WarnText\":\"\"}",
            "I-ldE68fayMLiOysn_5yQg", "{\"Result\":\"bad\\ufffdutf8\",\"ErrNo\":0,\"ErrText\":\"\",\"WarnText\":\"\"}",
            "gocryptfs.longname.EfrK03pEWti6wqfDfaoKqZp-SjTd6JFCEuxa1QjpxIw.name",
            "{\"Result\":\"\",\"ErrNo\":-1,\"ErrText\":\"invalid argument\",\"WarnText\":\"\"}");

    private FakeCtlServer server(Map<String, String> answers) throws IOException {
        return new FakeCtlServer(dir.resolve("ctl.sock"), answers);
    }

    @Test
    void decryptsOverOneConnectionWithOneReadPerRequest() throws Exception {
        try (FakeCtlServer server = server(REAL_ANSWERS);
             CtlClient client = new CtlClient(server.socket(), TIMEOUT)) {
            assertEquals("dir one", client.decryptPath("XtGX-T9V9TO1oDIfEY235w").result());
            assertEquals("arrow -> name", client.decryptPath("9rbwbqeiCScvKZMnIrwmFw").result());
            assertEquals("new\nline", client.decryptPath("ikC6Kxief8w1AlwVdTa3kQ").result());

            assertEquals(1, server.connectionCount.get());
            assertEquals(3, server.reads.size());
            ObjectMapper json = new ObjectMapper();
            for (String read : server.reads) { // each read is exactly one whole request, no newline needed
                assertTrue(json.readTree(read).has("DecryptPath"), read);
                assertFalse(read.endsWith("\n"));
            }
            assertEquals("{\"DecryptPath\":\"XtGX-T9V9TO1oDIfEY235w\"}", server.reads.get(0));
        }
    }

    @Test
    void errorAnswersAreReturnedNotThrown() throws Exception {
        try (FakeCtlServer server = server(REAL_ANSWERS);
             CtlClient client = new CtlClient(server.socket(), TIMEOUT)) {
            CtlResponse notFound = client.decryptPath("AAAAAAAAAAAAAAAAAAAAAA");
            assertFalse(notFound.ok());
            assertEquals(2, notFound.errNo());
            assertEquals("no such file or directory", notFound.errText());
            CtlResponse nameFile = client.decryptPath("gocryptfs.longname.EfrK03pEWti6wqfDfaoKqZp-SjTd6JFCEuxa1QjpxIw.name");
            assertEquals(-1, nameFile.errNo());
        }
    }

    @Test
    void gocryptfsAnswerForANameThatIsNotUtf8IsFlaggedInexact() throws Exception {
        try (FakeCtlServer server = server(REAL_ANSWERS);
             CtlClient client = new CtlClient(server.socket(), TIMEOUT)) {
            CtlResponse response = client.decryptPath("I-ldE68fayMLiOysn_5yQg");
            assertTrue(response.ok());
            assertFalse(response.exact());
            assertEquals("bad\uFFFDutf8", response.result());
        }
    }

    @Test
    void prefersResultRawWhenOurServerSendsIt() throws Exception {
        // revcrypt's own socket adds the exact bytes of a name that is not UTF-8
        String answer = "{\"Result\":\"bad\\ufffdutf8\",\"ResultRaw\":\"YmFk/3V0Zjg=\",\"ErrNo\":0,\"ErrText\":\"\",\"WarnText\":\"\"}";
        try (FakeCtlServer server = server(Map.of("I-ldE68fayMLiOysn_5yQg", answer));
             CtlClient client = new CtlClient(server.socket(), TIMEOUT)) {
            CtlResponse response = client.decryptPath("I-ldE68fayMLiOysn_5yQg");
            assertTrue(response.exact());
            assertArrayEquals(new byte[] {'b', 'a', 'd', (byte) 0xFF, 'u', 't', 'f', '8'}, response.resultBytes());
        }
    }

    @Test
    void reconnectsWhenTheServerDropsTheConnection() throws Exception {
        try (FakeCtlServer server = server(REAL_ANSWERS);
             CtlClient client = new CtlClient(server.socket(), TIMEOUT)) {
            server.closeAfterEachAnswer = true;
            for (int i = 0; i < 5; i++) {
                assertEquals("dir one", client.decryptPath("XtGX-T9V9TO1oDIfEY235w").result());
            }
            assertEquals(5, server.connectionCount.get());
        }
    }

    @Test
    void timesOutAndStartsAfreshWithTheNextRequest() throws Exception {
        try (FakeCtlServer server = server(REAL_ANSWERS);
             CtlClient client = new CtlClient(server.socket(), Duration.ofMillis(200))) {
            server.silent = true;
            assertThrows(SocketTimeoutException.class, () -> client.decryptPath("XtGX-T9V9TO1oDIfEY235w"));
            server.silent = false;
            assertEquals("dir one", client.decryptPath("XtGX-T9V9TO1oDIfEY235w").result());
            assertEquals(2, server.connectionCount.get()); // the timed-out connection was dropped
        }
    }

    @Test
    void refusesRequestsTheServerCouldNotReadInOnePiece() throws Exception {
        try (FakeCtlServer server = server(REAL_ANSWERS);
             CtlClient client = new CtlClient(server.socket(), TIMEOUT)) {
            String huge = "A".repeat(CtlClient.MAX_REQUEST_BYTES);
            IOException e = assertThrows(IOException.class, () -> client.decryptPath(huge));
            assertTrue(e.getMessage().contains("limit"), e.getMessage());
            assertEquals(0, server.reads.size());
        }
    }

    @Test
    void garbageAnswerIsAnErrorAndTheConnectionIsReplaced() throws Exception {
        try (FakeCtlServer server = server(REAL_ANSWERS);
             CtlClient client = new CtlClient(server.socket(), TIMEOUT)) {
            server.rawReply = "this is not json\n";
            assertThrows(IOException.class, () -> client.decryptPath("XtGX-T9V9TO1oDIfEY235w"));
            server.rawReply = null;
            assertEquals("dir one", client.decryptPath("XtGX-T9V9TO1oDIfEY235w").result());
            assertEquals(2, server.connectionCount.get());
        }
    }

    @Test
    void aMalformedListingIsAnErrorAndTheConnectionIsReplaced() throws Exception {
        try (FakeCtlServer server = server(REAL_ANSWERS);
             CtlClient client = new CtlClient(server.socket(), TIMEOUT)) {
            server.rawReply = "{\"Result\":\"\",\"ErrNo\":0,\"ErrText\":\"\",\"WarnText\":\"\",\"Entries\":[[1,2]]}\n";
            IOException e = assertThrows(IOException.class, () -> client.listDirectory(""));
            assertTrue(e.getMessage().contains("not well-formed"), e.getMessage());
            server.rawReply = null;
            assertEquals("dir one", client.decryptPath("XtGX-T9V9TO1oDIfEY235w").result());
            assertEquals(2, server.connectionCount.get());
        }
    }

    @Test
    void missingSocketIsAnIoError() {
        try (CtlClient client = new CtlClient(dir.resolve("nothing-here.sock"), TIMEOUT)) {
            IOException e = assertThrows(IOException.class, () -> client.decryptPath("XtGX-T9V9TO1oDIfEY235w"));
            assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
        }
    }

    @Test
    void closedClientRefuses() throws Exception {
        try (FakeCtlServer server = server(REAL_ANSWERS)) {
            CtlClient client = new CtlClient(server.socket(), TIMEOUT);
            client.close();
            assertThrows(IOException.class, () -> client.decryptPath("XtGX-T9V9TO1oDIfEY235w"));
        }
    }

    @Test
    void encryptPathRequest() throws Exception {
        try (FakeCtlServer server = server(REAL_ANSWERS);
             CtlClient client = new CtlClient(server.socket(), TIMEOUT)) {
            client.encryptPath("dir one/ü");
            assertEquals("{\"EncryptPath\":\"dir one/ü\"}", server.reads.get(0));
        }
    }
}
