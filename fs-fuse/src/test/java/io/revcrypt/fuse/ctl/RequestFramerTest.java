package io.revcrypt.fuse.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestFramerTest {

    private final RequestFramer framer = new RequestFramer(64);
    private final List<String> requests = new ArrayList<>();

    private void feed(String s) throws Exception {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        framer.feed(b, 0, b.length, r -> requests.add(new String(r, StandardCharsets.ISO_8859_1)));
    }

    private static String str(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void newlineFramedRequestsInOneChunk() throws Exception {
        feed("{\"EncryptPath\":\"a\"}\n{\"DecryptPath\":\"b\"}\r\n  {}\n");
        assertEquals(List.of("{\"EncryptPath\":\"a\"}\n", "{\"DecryptPath\":\"b\"}\r\n", "  {}\n"), requests);
        assertNull(framer.takeOnPause());
        assertFalse(framer.hasUnfinishedRequest());
    }

    @Test
    void aRequestSplitAcrossWritesWaitsForItsRest() throws Exception {
        feed("{\"EncryptPath\":\"di");
        assertNull(framer.takeOnPause(), "a valid prefix is not a request yet");
        assertTrue(framer.hasUnfinishedRequest());
        feed("r1\"}\n");
        assertEquals(List.of("{\"EncryptPath\":\"dir1\"}\n"), requests);
    }

    @Test
    void gocryptfsStyleRequestWithoutNewlineIsTakenOnThePause() throws Exception {
        feed("{\"EncryptPath\":\"a\"}");
        assertTrue(requests.isEmpty());
        assertEquals("{\"EncryptPath\":\"a\"}", str(framer.takeOnPause()));
        // The client's late newline is only whitespace: not a second request.
        feed("\n");
        assertNull(framer.takeOnPause());
        assertNull(framer.takeRemaining());
        assertTrue(requests.isEmpty());
    }

    @Test
    void invalidBytesWithoutNewlineAreTakenOnThePauseAsTheyAre() throws Exception {
        feed("garbage");
        assertEquals("garbage", str(framer.takeOnPause()));
        feed("\u0000\u00ff\u00fe more");
        assertEquals("\u0000\u00ff\u00fe more", str(framer.takeOnPause()));
    }

    @Test
    void anInvalidLineEndsAtItsNewlineAndTheNextLineIsFine() throws Exception {
        feed("garbage {\n{\"EncryptPath\":\"a\"}\n");
        assertEquals(List.of("garbage {\n", "{\"EncryptPath\":\"a\"}\n"), requests);
    }

    @Test
    void prettyPrintedJsonInOneWriteIsOneRequest() throws Exception {
        feed("{\n  \"EncryptPath\": \"a\"\n}\n");
        assertEquals(List.of("{\n  \"EncryptPath\": \"a\"\n}\n"), requests);
    }

    @Test
    void twoValuesGluedOnOneLineStayOneRequestLikeGocryptfs() throws Exception {
        feed("{}{}");
        assertEquals("{}{}", str(framer.takeOnPause()));
    }

    @Test
    void anUnfinishedRequestIsTakenWhenNoMoreComes() throws Exception {
        feed("{\"EncryptPath\":\"a\"");
        assertNull(framer.takeOnPause());
        assertEquals("{\"EncryptPath\":\"a\"", str(framer.takeRemaining()));
        assertFalse(framer.hasUnfinishedRequest());
    }

    @Test
    void aTopLevelNumberIsCompleteOnlyAtThePause() throws Exception {
        feed("12");
        assertEquals("12", str(framer.takeOnPause()));
    }

    @Test
    void requestsLongerThanTheLimitAreRejected() throws Exception {
        feed("{\"EncryptPath\":\"" + "a".repeat(44) + "\"}\n"); // exactly 64 bytes: fine
        assertEquals(1, requests.size());
        assertThrows(RequestFramer.RequestTooLargeException.class, () -> feed("{\"EncryptPath\":\"" + "a".repeat(60)));
    }

    @Test
    void blankLinesCountTowardsTheLimitSoWhitespaceCannotPileUpForever() {
        assertThrows(RequestFramer.RequestTooLargeException.class, () -> feed("\n".repeat(65)));
    }
}
