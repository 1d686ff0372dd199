package io.revcrypt.fuse.ctl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What travels over a real socket: framing styles, the recorded transcript, hostile input. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ControlSocketProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GRACE = Duration.ofMillis(500);
    private static final String DEEP_REQUEST = "{\"EncryptPath\": \"dir1/sub/deep.txt\"}";
    private static final String DEEP_ANSWER = "{\"Result\":\"" + TranscriptTranslator.DEEP_CIPHER
            + "\",\"ErrNo\":0,\"ErrText\":\"\",\"WarnText\":\"\"}\n";

    @TempDir
    Path dir;
    private Path socket;
    private ControlSocketServer server;

    @BeforeEach
    void start() throws IOException {
        socket = dir.resolve("ctl.sock");
        server = ControlSocketServer.start(socket, new TranscriptTranslator(),
                ControlSocketOptions.DEFAULTS.withIncompleteRequestGrace(GRACE));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The {@code ctlsock_transcript} pairs recorded from gocryptfs 2.3. */
    static List<String[]> transcript() throws IOException {
        try (InputStream in = ControlSocketProtocolTest.class.getResourceAsStream("/vectors/vectors.json")) {
            assertNotNull(in, "vectors/vectors.json must be on the test classpath (fs-core test-jar)");
            List<String[]> pairs = new ArrayList<>();
            for (Iterator<JsonNode> it = JSON.readTree(in).get("ctlsock_transcript").elements(); it.hasNext(); ) {
                JsonNode pair = it.next();
                pairs.add(new String[] {pair.get("sent").asText(), pair.get("received").asText()});
            }
            assertEquals(11, pairs.size(), "transcript size");
            return pairs;
        }
    }

    @Test
    void transcriptGocryptfsStyleOnOneConnection() throws Exception {
        try (TestClient c = TestClient.connect(socket)) {
            for (String[] pair : transcript()) {
                c.send(pair[0]); // one write, no newline, then wait: what gocryptfs-xray does
                assertArrayEquals(pair[1].getBytes(StandardCharsets.UTF_8), c.readLineBytes(Duration.ofSeconds(5)),
                        pair[0]);
            }
        }
    }

    @Test
    void transcriptOneConnectionPerRequest() throws Exception {
        for (String[] pair : transcript()) {
            try (TestClient c = TestClient.connect(socket)) {
                c.send(pair[0]);
                assertEquals(pair[1], c.readLine(), pair[0]);
            }
        }
    }

    @Test
    void transcriptNewlineFramedAndPipelinedInOneWrite() throws Exception {
        List<String[]> pairs = transcript();
        StringBuilder all = new StringBuilder();
        pairs.forEach(p -> all.append(p[0]).append('\n'));
        try (TestClient c = TestClient.connect(socket)) {
            c.send(all.toString());
            for (String[] pair : pairs) {
                assertEquals(pair[1], c.readLine(), pair[0]);
            }
            assertFalse(c.closedByServerWithin(Duration.ofMillis(300)), "connection stays open");
            assertEquals(0, c.pendingBytes(), "exactly one answer per request");
        }
    }

    @Test
    void newlineFramedRequestsOneWriteEachOnAKeptOpenConnection() throws Exception {
        try (TestClient c = TestClient.connect(socket)) {
            for (int i = 0; i < 5; i++) {
                c.send(DEEP_REQUEST + "\n");
                assertEquals(DEEP_ANSWER, c.readLine());
                c.send("{\"DecryptPath\":\"" + TranscriptTranslator.DEEP_CIPHER + "\"}\r\n");
                assertEquals("{\"Result\":\"dir1/sub/deep.txt\",\"ErrNo\":0,\"ErrText\":\"\",\"WarnText\":\"\"}\n",
                        c.readLine());
            }
            assertEquals(0, c.pendingBytes());
        }
    }

    @Test
    void aNewlineFramedRequestSplitAcrossTwoWrites() throws Exception {
        try (TestClient c = TestClient.connect(socket)) {
            c.send(DEEP_REQUEST.substring(0, 20));
            Thread.sleep(100); // well inside the grace period, even on a loaded machine
            c.send(DEEP_REQUEST.substring(20) + "\n");
            assertEquals(DEEP_ANSWER, c.readLine());
            // ...and split right before the newline: answered on the pause, newline ignored.
            c.send(DEEP_REQUEST);
            assertEquals(DEEP_ANSWER, c.readLine());
            c.send("\n");
            assertFalse(c.closedByServerWithin(GRACE.multipliedBy(3)));
            assertEquals(0, c.pendingBytes(), "the lone newline must not be answered");
        }
    }

    @Test
    void anUnfinishedRequestIsAnsweredAfterTheGracePeriodAndTheConnectionGoesOn() throws Exception {
        try (TestClient c = TestClient.connect(socket)) {
            c.send("{\"EncryptPath\":");
            assertEquals("{\"Result\":\"\",\"ErrNo\":-1,\"ErrText\":\"JSON Unmarshal error: unexpected end of JSON input\","
                    + "\"WarnText\":\"\"}\n", c.readLine());
            c.send(DEEP_REQUEST);
            assertEquals(DEEP_ANSWER, c.readLine());
        }
    }

    @Test
    void requestsLeftWhenTheClientShutsDownItsSideAreStillAnswered() throws Exception {
        try (TestClient c = TestClient.connect(socket)) {
            c.send(DEEP_REQUEST + "\n" + DEEP_REQUEST); // second one without newline
            c.shutdownOutput();
            assertEquals(DEEP_ANSWER, c.readLine());
            assertEquals(DEEP_ANSWER, c.readLine());
            assertTrue(c.closedByServerWithin(Duration.ofSeconds(5)));
        }
    }

    @Test
    void malformedJsonIsAnsweredWithGoErrorsAndTheConnectionSurvives() throws Exception {
        try (TestClient c = TestClient.connect(socket)) {
            c.send("{\"EncryptPath\": 5}\n");
            assertEquals("{\"Result\":\"\",\"ErrNo\":-1,\"ErrText\":\"JSON Unmarshal error: json: cannot unmarshal number "
                    + "into Go struct field RequestStruct.EncryptPath of type string\",\"WarnText\":\"\"}\n", c.readLine());
            c.send("{\"EncryptPath\": \"a\",}");
            assertEquals("{\"Result\":\"\",\"ErrNo\":-1,\"ErrText\":\"JSON Unmarshal error: invalid character '}' "
                    + "looking for beginning of object key string\",\"WarnText\":\"\"}\n", c.readLine());
            c.send("{}{}");
            assertEquals("{\"Result\":\"\",\"ErrNo\":-1,\"ErrText\":\"JSON Unmarshal error: invalid character '{' "
                    + "after top-level value\",\"WarnText\":\"\"}\n", c.readLine());
            c.send(DEEP_REQUEST);
            assertEquals(DEEP_ANSWER, c.readLine());
        }
    }

    @Test
    void binaryGarbageWithNulAndInvalidUtf8IsAnsweredNotFatal() throws Exception {
        byte[] garbage = {0, (byte) 0xff, (byte) 0xfe, 'x', 0, (byte) 0xc3, (byte) 0x28, (byte) 0x80};
        try (TestClient c = TestClient.connect(socket)) {
            c.send(garbage);
            assertEquals("{\"Result\":\"\",\"ErrNo\":-1,\"ErrText\":\"JSON Unmarshal error: invalid character '\\\\x00' "
                    + "looking for beginning of value\",\"WarnText\":\"\"}\n", c.readLine());
            byte[] inString = "{\"EncryptPath\":\"a\u0000\"}".getBytes(StandardCharsets.UTF_8);
            c.send(inString);
            assertEquals("{\"Result\":\"\",\"ErrNo\":-1,\"ErrText\":\"JSON Unmarshal error: invalid character '\\\\x00' "
                    + "in string literal\",\"WarnText\":\"\"}\n", c.readLine());
            c.send(DEEP_REQUEST);
            assertEquals(DEEP_ANSWER, c.readLine());
        }
    }

    @Test
    void randomBytesNeverBreakTheServer() throws Exception {
        Random random = new Random(20240101);
        for (int round = 0; round < 40; round++) {
            byte[] junk = new byte[1 + random.nextInt(3000)];
            random.nextBytes(junk);
            try (TestClient c = TestClient.connect(socket)) {
                c.send(junk);
                c.shutdownOutput(); // everything pending gets answered, then the server closes
                String line;
                int answers = 0;
                while ((line = c.readLine(Duration.ofSeconds(5))) != null) {
                    JsonNode answer = JSON.readTree(line);
                    assertEquals(List.of("Result", "ErrNo", "ErrText", "WarnText"), fieldNames(answer), line);
                    assertEquals(-1, answer.get("ErrNo").asInt(), line);
                    answers++;
                }
                assertTrue(answers >= 1, "round " + round + " got no answer");
            }
        }
        try (TestClient c = TestClient.connect(socket)) {
            c.send(DEEP_REQUEST);
            assertEquals(DEEP_ANSWER, c.readLine());
        }
    }

    @Test
    void dotDotPathsNeverEscapeTheRoot() throws Exception {
        try (TestClient c = TestClient.connect(socket)) {
            c.send("{\"EncryptPath\":\"../../etc/passwd\"}\n");
            assertEquals("{\"Result\":\"\",\"ErrNo\":-1,\"ErrText\":\"Empty input after canonicalization\",\"WarnText\":"
                    + "\"Non-canonical input path '../../etc/passwd' has been interpreted as ''.\"}\n", c.readLine());
            c.send("{\"DecryptPath\":\"/a/../../b\"}\n");
            assertEquals("{\"Result\":\"\",\"ErrNo\":-1,\"ErrText\":\"Empty input after canonicalization\",\"WarnText\":"
                    + "\"Non-canonical input path '/a/../../b' has been interpreted as ''.\"}\n", c.readLine());
            // ".." inside the tree is resolved lexically, like gocryptfs.
            c.send("{\"EncryptPath\":\"dir1/x/../sub/./deep.txt\"}\n");
            assertEquals("{\"Result\":\"" + TranscriptTranslator.DEEP_CIPHER + "\",\"ErrNo\":0,\"ErrText\":\"\",\"WarnText\":"
                    + "\"Non-canonical input path 'dir1/x/../sub/./deep.txt' has been interpreted as 'dir1/sub/deep.txt'.\"}\n",
                    c.readLine());
        }
    }

    @Test
    void aOneMegabyteRequestIsRefusedAndTheServerCarriesOn() throws Exception {
        byte[] huge = ("{\"EncryptPath\":\"" + "a".repeat(1 << 20) + "\"}").getBytes(StandardCharsets.US_ASCII);
        try (TestClient c = TestClient.connect(socket)) {
            // The server stops reading after 64 KiB, so the client's write may fail midway: write
            // from another thread and let it fail.
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    c.send(huge);
                } catch (IOException expected) {
                    // broken pipe / reset once the server has closed
                }
            });
            assertEquals("{\"Result\":\"\",\"ErrNo\":-1,\"ErrText\":\"request too large\",\"WarnText\":\"\"}\n",
                    c.readLine());
            assertTrue(c.closedByServerWithin(Duration.ofSeconds(5)));
            writer.get(10, TimeUnit.SECONDS);
        }
        try (TestClient c = TestClient.connect(socket)) {
            c.send(DEEP_REQUEST);
            assertEquals(DEEP_ANSWER, c.readLine());
        }
    }

    @Test
    void aRequestJustUnderTheLimitIsServed() throws Exception {
        // 64 KiB in total including the newline; gocryptfs itself stops at 4999 bytes. It is read and
        // answered as a request (not "request too large"); its path is longer than PATH_MAX.
        String prefix = "{\"DecryptPath\":\"";
        String suffix = "\"}\n";
        String request = prefix + "A".repeat(64 * 1024 - prefix.length() - suffix.length()) + suffix;
        assertEquals(64 * 1024, request.length());
        try (TestClient c = TestClient.connect(socket)) {
            c.send(request);
            assertEquals("{\"Result\":\"\",\"ErrNo\":36,\"ErrText\":\"file name too long: the path has 65517 bytes,"
                    + " more than PATH_MAX (4095)\",\"WarnText\":\"\"}\n", c.readLine());
        }
    }

    @Test
    void aClientThatDoesNotReadItsAnswersIsDroppedAndOthersAreServed() throws Exception {
        server.close();
        server = ControlSocketServer.start(socket, new TranscriptTranslator(),
                ControlSocketOptions.DEFAULTS.withWriteTimeout(Duration.ofMillis(300)));
        try (TestClient greedy = TestClient.connect(socket)) {
            // ~70 answer bytes for every 3 request bytes: the server's send buffer fills up fast.
            byte[] flood = "{}\n".repeat(200_000).getBytes(StandardCharsets.US_ASCII);
            CompletableFuture<Boolean> writer = CompletableFuture.supplyAsync(() -> {
                try {
                    greedy.send(flood);
                    return false;
                } catch (IOException e) {
                    return true; // the server gave up on us
                }
            });
            assertTrue(writer.get(20, TimeUnit.SECONDS), "server should drop a client that never reads");
            try (TestClient polite = TestClient.connect(socket)) {
                polite.send(DEEP_REQUEST);
                assertEquals(DEEP_ANSWER, polite.readLine());
            }
        }
    }

    @Test
    void aWhitespaceOnlyConnectionGetsNoAnswer() throws Exception {
        try (TestClient c = TestClient.connect(socket)) {
            c.send("\n\n   \r\n");
            assertFalse(c.closedByServerWithin(GRACE.multipliedBy(3)));
            assertEquals(0, c.pendingBytes());
            c.shutdownOutput();
            assertNull(c.readLine(Duration.ofSeconds(5)), "EOF without an answer");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
