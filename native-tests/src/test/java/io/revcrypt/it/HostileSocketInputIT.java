package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.CtlClient;
import io.revcrypt.it.support.MountGuard;
import io.revcrypt.it.support.NativeTools;
import io.revcrypt.it.support.ProcessRunner;
import io.revcrypt.it.support.Procs;
import io.revcrypt.it.support.Revcrypt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
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

    // ------------------------------------------------------------ issue 15, point 8

    @Test
    @Timeout(60)
    void aPathOfTwentyThousandComponentsGetsEnametoolong() throws Exception {
        String deep = "a/".repeat(19_999) + "a";
        for (String key : List.of("EncryptPath", "DecryptPath", "ListDirectory")) {
            CtlClient.Reply r = CtlClient.exchange(sock, "{\"" + key + "\":\"" + deep + "\"}", REPLY_TIMEOUT);
            assertTrue(r.answered(), key + ": answered, not a dead connection: " + r);
            JsonNode j = json(r);
            assertEquals(36, j.get("ErrNo").asInt(), key + ": " + r);
            assertEquals("file name too long: the path has 39999 bytes, more than PATH_MAX (4095)",
                    j.get("ErrText").asText(), key);
            assertEquals("", j.get("Result").asText(), key);
        }
    }

    @Test
    @Timeout(60)
    void aPathOfTheMostComponentsAllowedIsTranslated() throws Exception {
        // 2048 components in 4095 bytes: the deepest path the limits let through. Encrypting needs
        // no file (reverse mode derives each directory's IV from its path), so nothing is created.
        String deepest = "a/".repeat(2047) + "a";
        CtlClient.Reply r = CtlClient.exchange(sock, "{\"EncryptPath\":\"" + deepest + "\"}", REPLY_TIMEOUT);
        assertTrue(r.answered(), r::toString);
        JsonNode j = json(r);
        assertEquals(0, j.get("ErrNo").asInt(), r::toString);
        assertEquals(2048, j.get("Result").asText().split("/", -1).length, "one cipher name per component");
    }

    @Test
    @Timeout(60)
    void aHundredIdleConnectionsDoNotKeepANewClientWaiting() throws Exception {
        List<SocketChannel> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                idle.add(ch);
                ch.connect(UnixDomainSocketAddress.of(sock)); // and never a byte
            }
            Thread.sleep(500); // long enough to count as idle
            long start = System.nanoTime();
            CtlClient.Reply r = CtlClient.exchange(sock, NORMAL, REPLY_TIMEOUT);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertArrayEquals(normalReply, r.bytes(), r::toString);
            System.out.println("HostileSocketInputIT: with 100 idle connections a new client was answered in "
                    + tookMillis + " ms");
            assertTrue(tookMillis < 2000, "answered within 2 s, not after the idle timeout: " + tookMillis + " ms");
        } finally {
            for (SocketChannel ch : idle) {
                ch.close();
            }
        }
    }

    @Test
    @Timeout(60)
    void aRequestTrickledByteByByteGetsEtimedout() throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(sock));
            long start = System.nanoTime();
            ch.configureBlocking(false);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(4096);
            ch.write(ByteBuffer.wrap("{\"EncryptPath\":\"".getBytes(StandardCharsets.US_ASCII)));
            boolean closed = false;
            while (!closed && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
                Thread.sleep(200); // within the 1 s grace every time: only the deadline can end it
                try {
                    ch.write(ByteBuffer.wrap(new byte[] {'a'}));
                } catch (IOException serverClosed) {
                    closed = true;
                }
                try {
                    int n;
                    while ((n = ch.read(in.clear())) > 0) {
                        got.write(in.array(), 0, n);
                    }
                    closed |= n < 0;
                } catch (IOException reset) {
                    // The server closed with our last bytes unread, so once its answer has been read
                    // the kernel reports a reset rather than an end of stream: closed all the same.
                    closed = true;
                }
            }
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String reply = got.toString(StandardCharsets.UTF_8);
            assertTrue(closed, "closed by the server: " + reply);
            assertEquals("{\"Result\":\"\",\"ErrNo\":110,\"ErrText\":\"connection timed out: the request was not"
                    + " complete 3000 ms after its first byte\",\"WarnText\":\"\"}\n", reply);
            assertTrue(tookMillis >= 2900 && tookMillis < 6000, "at the 3 s deadline: " + tookMillis + " ms");
        }
    }

    @Test
    @Timeout(120)
    void anotherUserIsRefusedAndTheOwnerServed() throws Exception {
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(sock),
                "the socket is the owner's only");
        Path clientDir = Files.createDirectories(tmp.resolve("foreign-client"));
        Path client = clientDir.resolve("ForeignClient.java");
        Files.writeString(client, FOREIGN_CLIENT);
        Set<PosixFilePermission> tmpMode = Files.getPosixFilePermissions(tmp);
        Set<PosixFilePermission> sockMode = Files.getPosixFilePermissions(sock);
        try {
            Files.setPosixFilePermissions(clientDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));

            // The file's mode keeps uid 65534 out before any byte is exchanged...
            CommandResult modeRefused = runAsNobody(client, NORMAL);
            assertTrue(modeRefused.stdout().startsWith("CONNECT FAILED") && modeRefused.stdout().contains("ermission"),
                    modeRefused::describe);

            // ...and with the mode loosened, the peer's credentials still do.
            Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-rw-rw-"));
            CommandResult credRefused = runAsNobody(client, NORMAL);
            assertTrue(credRefused.succeeded(), credRefused::describe);
            JsonNode j = new ObjectMapper().readTree(credRefused.stdout());
            assertEquals(13, j.get("ErrNo").asInt(), credRefused::describe);
            assertEquals("", j.get("Result").asText(), credRefused::describe);
            assertEquals("permission denied: user nobody may not use this control socket (only root)",
                    j.get("ErrText").asText(), credRefused::describe);
            assertTrue(credRefused.stdout().endsWith("}\nEOF\n"), "one answer, then closed: " + credRefused.describe());

            // The owner (the mount runs as root here) is served at the same time.
            assertArrayEquals(normalReply, CtlClient.exchange(sock, NORMAL, REPLY_TIMEOUT).bytes());
        } finally {
            Files.setPosixFilePermissions(sock, sockMode);
            Files.setPosixFilePermissions(tmp, tmpMode);
        }
    }

    private static CommandResult runAsNobody(Path client, byte[] request) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return ProcessRunner.run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                java, "-XX:-UsePerfData", "-Xshare:off", client.toString(), sock.toString(),
                new String(request, StandardCharsets.UTF_8)), Duration.ofSeconds(60));
    }

    /** A client for another uid: the JDK's source launcher runs it, no build step, no python. */
    private static final String FOREIGN_CLIENT = """
            import java.io.IOException;
            import java.net.StandardProtocolFamily;
            import java.net.UnixDomainSocketAddress;
            import java.nio.ByteBuffer;
            import java.nio.channels.SocketChannel;
            import java.nio.charset.StandardCharsets;

            public class ForeignClient {
                public static void main(String[] args) throws IOException {
                    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                        try {
                            ch.connect(UnixDomainSocketAddress.of(args[0]));
                        } catch (IOException e) {
                            System.out.println("CONNECT FAILED: " + e.getMessage());
                            return;
                        }
                        ch.write(ByteBuffer.wrap(args[1].getBytes(StandardCharsets.UTF_8)));
                        ByteBuffer in = ByteBuffer.allocate(65536);
                        StringBuilder got = new StringBuilder();
                        int n;
                        try {
                            while ((n = ch.read(in.clear())) > 0) {
                                got.append(new String(in.array(), 0, n, StandardCharsets.UTF_8));
                            }
                            got.append("EOF\\n");
                        } catch (IOException e) {
                            got.append("READ FAILED: ").append(e.getMessage()).append('\\n');
                        }
                        System.out.print(got);
                    }
                }
            }
            """;
}
