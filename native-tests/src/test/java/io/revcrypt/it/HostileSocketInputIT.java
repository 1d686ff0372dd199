package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revcrypt.it.support.CtlClient;
import io.revcrypt.it.support.MountGuard;
import io.revcrypt.it.support.NativeTools;
import io.revcrypt.it.support.Procs;
import io.revcrypt.it.support.Revcrypt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control socket of a live mount under hostile input (design §5: "malformed input answered
 * with an error, never a crash"): broken JSON, a 1 MB request, path traversal, binary garbage, 100
 * clients at once. Each request is answered or refused (connection closed) — never left hanging —
 * and after each test the socket still answers a normal request correctly and the mount still
 * serves its files.
 */
class HostileSocketInputIT {

    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] NORMAL = "{\"EncryptPath\":\"hello.txt\"}".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    static final MountGuard MOUNTS = MountGuard.perClass();

    @TempDir
    static Path tmp;

    private static Path mnt;
    private static Path sock;
    private static byte[] normalReply;
    private static String helloCipher;
    private static byte[] helloBytes;

    @BeforeAll
    static void mount() throws Exception {
        NativeTools.require();
        Path src = Files.createDirectory(tmp.resolve("src"));
        Files.writeString(src.resolve("hello.txt"), "hello\n");
        Files.createDirectories(src.resolve("dir/sub"));
        Files.writeString(src.resolve("dir/sub/deep.txt"), "deep\n");
        Path passfile = tmp.resolve("passfile");
        Files.writeString(passfile, "hostile\n");
        Revcrypt.init(src, passfile);
        mnt = Files.createDirectory(tmp.resolve("mnt"));
        sock = tmp.resolve("ctl.sock");
        Revcrypt.mount(MOUNTS, src, mnt, "--passfile", passfile.toString(), "--ctlsock", sock.toString());

        CtlClient.Reply r = CtlClient.exchange(sock, NORMAL, REPLY_TIMEOUT);
        assertTrue(r.answered(), r::toString);
        normalReply = r.bytes();
        helloCipher = json(r).get("Result").asText();
        helloBytes = Files.readAllBytes(mnt.resolve(helloCipher));
        assertEquals(6 + 18 + 32, helloBytes.length);
    }

    @AfterEach
    void stillAnswersAndServes() throws Exception {
        assertFalse(Procs.serving(mnt).isEmpty(), "the mount process is alive");
        CtlClient.Reply r = CtlClient.exchange(sock, NORMAL, REPLY_TIMEOUT);
        assertArrayEquals(normalReply, r.bytes(), "a normal request afterwards: " + r);
        assertArrayEquals(helloBytes, Files.readAllBytes(mnt.resolve(helloCipher)), "the mount serves files");
    }

    private static JsonNode json(CtlClient.Reply r) throws IOException {
        return new ObjectMapper().readTree(r.bytes());
    }

    /** Answered with an error (ErrNo != 0, no Result), or refused by closing; never left hanging. */
    private static void assertErrorOrRefused(String what, CtlClient.Reply r) throws IOException {
        assertFalse(r.timedOut(), what + ": left hanging: " + r);
        if (r.answered()) {
            JsonNode j = json(r);
            assertTrue(j.get("ErrNo").asInt() != 0, what + ": an error answer: " + r);
            assertEquals("", j.get("Result").asText(), what + ": no result: " + r);
        } else {
            assertTrue(r.closedByServer(), what + ": closed without an answer: " + r);
        }
    }

    @Test
    @Timeout(120)
    void malformedJsonIsAnsweredWithAnError() throws Exception {
        List<String> bad = List.of("{\"EncryptPath\":", "{\"EncryptPath\": \"a\"", "}{", "{\"a\":}", "{\"EncryptPath\":\"a\"]",
                "{\"EncryptPath\":\"\\ud800\\\"}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "{" + "\"a\":{".repeat(500),
                "{\"EncryptPath\":\"a\",}", "{\"EncryptPath\":01}", "{\"EncryptPath\":\"a\"}}", "\u0000", "{}}",
                "{\"EncryptPath\":\"a\"}\n{\"Decrypt", "nul", "-", "1e999999", "{\"EncryptPath\":\"\\u12\"}");
        for (String b : bad) {
            CtlClient.Reply r = CtlClient.exchange(sock, b, REPLY_TIMEOUT);
            assertFalse(r.timedOut(), b + ": " + r);
            if (b.startsWith("{\"EncryptPath\":\"a\"}\n")) {
                // newline framing: a valid request, then an unfinished one
                assertTrue(r.answered(), r::toString);
                continue;
            }
            assertErrorOrRefused(b, r);
        }
    }

    @Test
    @Timeout(120)
    void aOneMegabyteRequestIsRefused() throws Exception {
        byte[] big = ("{\"EncryptPath\":\"" + "a/".repeat(512 * 1024) + "\"}").getBytes(StandardCharsets.US_ASCII);
        assertTrue(big.length > 1 << 20);
        assertErrorOrRefused("1 MB request", CtlClient.exchange(sock, big, REPLY_TIMEOUT));
        byte[] blanks = new byte[1 << 20];
        Arrays.fill(blanks, (byte) ' ');
        assertErrorOrRefused("1 MB of blanks", CtlClient.exchange(sock, blanks, REPLY_TIMEOUT));
    }

    @Test
    @Timeout(120)
    void traversalPathsStayInside() throws Exception {
        for (String p : List.of("../../etc/passwd", "..", "/../x", "a/../../b", "../" + helloCipher, "./../../../")) {
            for (String key : List.of("EncryptPath", "DecryptPath")) {
                String request = "{\"" + key + "\":" + CtlClient.quote(p) + "}";
                CtlClient.Reply r = CtlClient.exchange(sock, request, REPLY_TIMEOUT);
                assertTrue(r.answered(), request + ": " + r);
                JsonNode j = json(r);
                assertEquals(-1, j.get("ErrNo").asInt(), request + ": " + r);
                assertEquals("Empty input after canonicalization", j.get("ErrText").asText(), request + ": " + r);
                assertEquals("", j.get("Result").asText());
            }
        }
        // a path that stays inside after cleaning is answered, with a warning
        CtlClient.Reply r = CtlClient.exchange(sock, "{\"EncryptPath\":\"dir/../hello.txt\"}", REPLY_TIMEOUT);
        assertEquals(helloCipher, json(r).get("Result").asText(), r::toString);
        assertTrue(json(r).get("WarnText").asText().contains("Non-canonical"), r::toString);
    }

    @Test
    @Timeout(120)
    void binaryGarbageIsAnsweredOrRefused() throws Exception {
        Random random = new Random(99);
        List<byte[]> garbage = new ArrayList<>();
        for (int size : new int[] {1, 7, 100, 4096, 70_000}) {
            byte[] b = new byte[size];
            random.nextBytes(b);
            garbage.add(b);
        }
        garbage.add(new byte[] {0});
        garbage.add(new byte[4096]);
        garbage.add("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        garbage.add(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03});
        garbage.add(new byte[] {(byte) 0xff, (byte) 0xfe, '{', 0, '}'});
        for (byte[] g : garbage) {
            assertErrorOrRefused(g.length + " bytes of garbage", CtlClient.exchange(sock, g, REPLY_TIMEOUT));
        }
    }

    @Test
    @Timeout(180)
    void aHundredClientsAtOnceAreEachAnsweredOrRefused() throws Exception {
        int clients = 100;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            outcomes.add(pool.submit(() -> {
                start.await();
                CtlClient.Reply r;
                try {
                    r = CtlClient.exchange(sock, NORMAL, Duration.ofSeconds(90));
                } catch (IOException refused) {
                    return "refused: " + refused.getMessage();
                }
                if (r.answered()) {
                    return Arrays.equals(normalReply, r.bytes()) ? "answered" : "WRONG ANSWER " + r;
                }
                return r.closedByServer() ? "refused: closed" : "HANGING " + r;
            }));
        }
        start.countDown();
        pool.shutdown();
        int answered = 0;
        for (Future<String> f : outcomes) {
            String outcome = f.get(120, TimeUnit.SECONDS);
            assertTrue(outcome.equals("answered") || outcome.startsWith("refused"), outcome);
            if (outcome.equals("answered")) {
                answered++;
            }
        }
        assertTrue(answered > 0, "the server answered some of them");
        System.out.println("HostileSocketInputIT: " + answered + " of " + clients + " concurrent clients answered");
    }
}
