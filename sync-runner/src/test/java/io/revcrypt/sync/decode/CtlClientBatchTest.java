package io.revcrypt.sync.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.view.PathTranslator;
import io.revcrypt.core.view.TranslationException;
import io.revcrypt.fuse.ctl.ControlSocketServer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many DecryptPath requests in one write, against revcrypt's real control socket server: every
 * answer comes back, in order, and failures stay in their place instead of shifting the rest.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CtlClientBatchTest {

    /** "c-N" decrypts to "plain-N"; names starting with "bad" do not translate. */
    private static final PathTranslator TRANSLATOR = new PathTranslator() {
        @Override
        public String encryptPath(byte[] plainPath) throws TranslationException {
            throw TranslationException.invalidArgument();
        }

        @Override
        public byte[] decryptPath(String cipherPath) throws TranslationException {
            if (cipherPath.startsWith("bad")) {
                throw TranslationException.noSuchFile();
            }
            return cipherPath.replace("c-", "plain-").getBytes(StandardCharsets.UTF_8);
        }
    };

    @TempDir
    Path dir;

    @Test
    void thousandsOfPathsInOneWriteAnswerInOrder() throws Exception {
        try (ControlSocketServer server = ControlSocketServer.start(dir.resolve("ctl.sock"), TRANSLATOR);
             CtlClient client = new CtlClient(server.socketPath(), Duration.ofSeconds(10))) {
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                paths.add(i % 7 == 3 ? "bad-" + i : "c-" + i);
            }
            List<CtlResponse> answers = client.decryptPaths(paths);
            assertEquals(paths.size(), answers.size());
            for (int i = 0; i < paths.size(); i++) {
                CtlResponse answer = answers.get(i);
                if (i % 7 == 3) {
                    assertFalse(answer.ok(), "bad path " + i);
                    assertEquals(2, answer.errNo());
                } else {
                    assertTrue(answer.ok(), "path " + i + ": " + answer);
                    assertArrayEquals(("plain-" + i).getBytes(StandardCharsets.UTF_8), answer.resultBytes());
                }
            }
            // the connection is left clean: single requests and a second batch still line up
            assertArrayEquals("plain-x".getBytes(StandardCharsets.UTF_8), client.decryptPath("c-x").resultBytes());
            assertEquals(List.of("plain-a", "plain-b"), client.decryptPaths(List.of("c-a", "c-b")).stream()
                    .map(r -> new String(r.resultBytes(), StandardCharsets.UTF_8)).toList());
        }
    }

    @Test
    void pathDecoderPrefetchFillsTheCacheInOneRoundTrip() throws Exception {
        try (ControlSocketServer server = ControlSocketServer.start(dir.resolve("ctl.sock"), TRANSLATOR);
             CtlClient client = new CtlClient(server.socketPath(), Duration.ofSeconds(10))) {
            int[] singles = {0};
            PathDecryptor batching = PathDecryptor.overOwnSocket(client);
            PathDecryptor counted = new PathDecryptor() {
                @Override
                public Plaintext decrypt(String cipherPath) throws TranslationException, java.io.IOException {
                    singles[0]++;
                    return batching.decrypt(cipherPath);
                }

                @Override
                public List<Plaintext> decryptMany(List<String> cipherPaths) throws java.io.IOException {
                    return batching.decryptMany(cipherPaths);
                }
            };
            PathDecoder decoder = new PathDecoder(counted, NameJournal.inMemory());
            decoder.prefetch(List.of(bytes("c-1"), bytes("c-2/"), bytes("bad-3")));
            assertEquals("plain-1", display(decoder.decode(bytes("c-1"))));
            assertEquals("plain-2/", display(decoder.decode(bytes("c-2/"))));
            assertEquals(0, singles[0], "prefetched paths need no request of their own");
            assertTrue(decoder.decode(bytes("bad-3")) instanceof PathDecoding.Failed);
            assertEquals(1, singles[0], "a path that failed in the batch is asked again alone, to report why");
        }
    }

    private static String display(PathDecoding decoding) {
        return ((PathDecoding.Decoded) decoding).display();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
