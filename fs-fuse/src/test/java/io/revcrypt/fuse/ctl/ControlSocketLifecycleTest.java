package io.revcrypt.fuse.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.view.PathTranslator;
import io.revcrypt.core.view.TranslationException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Starting, refusing, limiting, concurrency and closing. */
@SuppressWarnings("try") // servers held open by try-with-resources only for their lifetime
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ControlSocketLifecycleTest {

    /** A reversible, thread-safe stand-in: cipher = "C" + base64url(plain). */
    static final class Base64Translator implements PathTranslator {
        @Override
        public String encryptPath(byte[] plainPath) {
            return "C" + Base64.getUrlEncoder().withoutPadding().encodeToString(plainPath);
        }

        @Override
        public byte[] decryptPath(String cipherPath) throws TranslationException {
            if (!cipherPath.startsWith("C")) {
                throw TranslationException.noSuchFile();
            }
            try {
                return Base64.getUrlDecoder().decode(cipherPath.substring(1));
            } catch (IllegalArgumentException e) {
                throw TranslationException.noSuchFile();
            }
        }
    }

    private static final String PING = "{\"EncryptPath\":\"ping\"}";
    private static final String PONG = answer("C" + b64("ping"));

    @TempDir
    Path dir;

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String answer(String result) {
        return "{\"Result\":\"" + result + "\",\"ErrNo\":0,\"ErrText\":\"\",\"WarnText\":\"\"}\n";
    }

    private ControlSocketServer start(Path socket) throws IOException {
        return ControlSocketServer.start(socket, new Base64Translator());
    }

    private static void assertServes(Path socket) throws IOException {
        try (TestClient c = TestClient.connect(socket)) {
            c.send(PING);
            assertEquals(PONG, c.readLine());
        }
    }

    @Test
    void socketFileIsOwnerOnly() throws Exception {
        Path socket = dir.resolve("s");
        try (ControlSocketServer server = start(socket)) {
            assertEquals(socket, server.socketPath());
            assertEquals(PosixFilePermissions.fromString("rw-------"),
                    Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS));
            assertTrue(Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).isOther(), "a socket, not a regular file");
            assertServes(socket);
        }
    }

    @Test
    void closeRemovesTheFileEndsConnectionsAndIsIdempotent() throws Exception {
        Path socket = dir.resolve("s");
        ControlSocketServer server = start(socket);
        try (TestClient open = TestClient.connect(socket)) {
            open.send(PING);
            assertEquals(PONG, open.readLine());

            server.close();

            assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
            assertTrue(open.closedByServerWithin(Duration.ofSeconds(5)), "open connections are closed");
            server.close(); // second close: no exception, nothing happens
            assertThrows(IOException.class, () -> TestClient.connect(socket));
        }
    }

    @Test
    void closeLeavesAFileThatIsNoLongerOurs() throws Exception {
        Path socket = dir.resolve("s");
        ControlSocketServer server = start(socket);
        Files.delete(socket);
        Files.writeString(socket, "someone else's");
        server.close();
        assertEquals("someone else's", Files.readString(socket));
    }

    @Test
    void aStaleSocketFromAKilledProcessIsReplaced() throws Exception {
        Path socket = dir.resolve("s");
        // Bind and close without unlinking: the file stays, nobody listens (like after kill -9).
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
        // Mark the stale file (inode numbers are reused at once, so they cannot tell files apart).
        FileTime longAgo = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));
        Files.setLastModifiedTime(socket, longAgo);

        try (ControlSocketServer server = start(socket)) {
            assertTrue(Files.getLastModifiedTime(socket, LinkOption.NOFOLLOW_LINKS).compareTo(longAgo) > 0,
                    "a new socket file");
            assertServes(socket);
        }
    }

    @Test
    void aLiveSocketIsRefusedAndKeepsWorking() throws Exception {
        Path socket = dir.resolve("s");
        try (ControlSocketServer first = start(socket)) {
            IOException e = assertThrows(IOException.class, () -> start(socket));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
            assertServes(socket);
        }
    }

    @Test
    void aPathThatIsNotASocketIsRefusedAndLeftAlone() throws Exception {
        Path file = dir.resolve("f");
        Files.writeString(file, "precious");
        assertThrows(FileAlreadyExistsException.class, () -> start(file));
        assertEquals("precious", Files.readString(file));

        Path subdir = Files.createDirectory(dir.resolve("d"));
        assertThrows(FileAlreadyExistsException.class, () -> start(subdir));
        assertTrue(Files.isDirectory(subdir));

        Path link = Files.createSymbolicLink(dir.resolve("l"), file);
        assertThrows(FileAlreadyExistsException.class, () -> start(link));
        assertEquals("precious", Files.readString(file));
    }

    @Test
    void aHundredClientsAtOnceTenRequestsEach() throws Exception {
        Path socket = dir.resolve("s");
        int clients = 100;
        int requests = 10;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try (ControlSocketServer server = start(socket)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int id = i;
                Callable<Integer> client = () -> {
                    go.await();
                    int ok = 0;
                    try (TestClient c = TestClient.connect(socket)) {
                        if (id % 2 == 0) {
                            // newline-framed, all ten pipelined in one write
                            StringBuilder batch = new StringBuilder();
                            for (int j = 0; j < requests; j++) {
                                batch.append(request(id, j)).append('\n');
                            }
                            c.send(batch.toString());
                            for (int j = 0; j < requests; j++) {
                                ok += expected(id, j).equals(c.readLine(Duration.ofSeconds(30))) ? 1 : 0;
                            }
                        } else {
                            // gocryptfs style: one write, wait for the answer, next
                            for (int j = 0; j < requests; j++) {
                                c.send(request(id, j));
                                ok += expected(id, j).equals(c.readLine(Duration.ofSeconds(30))) ? 1 : 0;
                            }
                        }
                    }
                    return ok;
                };
                results.add(pool.submit(client));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(50, TimeUnit.SECONDS);
            }
            assertEquals(clients * requests, total);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String request(int client, int j) {
        return j % 2 == 0
                ? "{\"EncryptPath\":\"client" + client + "/file" + j + "\"}"
                : "{\"DecryptPath\":\"C" + b64("client" + client + "/file" + j) + "\"}";
    }

    private static String expected(int client, int j) {
        String plain = "client" + client + "/file" + j;
        return answer(j % 2 == 0 ? "C" + b64(plain) : plain);
    }

    @Test
    void aSilentClientDoesNotBlockOthers() throws Exception {
        Path socket = dir.resolve("s");
        try (ControlSocketServer server = start(socket);
                TestClient silent = TestClient.connect(socket)) {
            for (int i = 0; i < 3; i++) {
                try (TestClient c = TestClient.connect(socket)) {
                    c.send(PING);
                    assertEquals(PONG, c.readLine(Duration.ofSeconds(5)));
                }
            }
            assertFalse(silent.closedByServerWithin(Duration.ofMillis(100)), "default idle timeout is long");
        }
    }

    @Test
    void idleConnectionsAreClosedAndFreeTheirSlot() throws Exception {
        Path socket = dir.resolve("s");
        ControlSocketOptions options = ControlSocketOptions.DEFAULTS
                .withMaxConnections(1)
                .withIdleTimeout(Duration.ofMillis(300));
        try (ControlSocketServer server = ControlSocketServer.start(socket, new Base64Translator(), options);
                TestClient silent = TestClient.connect(socket)) {
            // The only slot is taken by a silent client; the next one is served once the silent one is
            // evicted (or, at the latest, closed by the idle timeout).
            try (TestClient waiting = TestClient.connect(socket)) {
                waiting.send(PING);
                assertEquals(PONG, waiting.readLine(Duration.ofSeconds(10)));
            }
            assertTrue(silent.closedByServerWithin(Duration.ofSeconds(1)));
        }
    }

    @Test
    void aTricklingClientIsClosedToo() throws Exception {
        Path socket = dir.resolve("s");
        ControlSocketOptions options = ControlSocketOptions.DEFAULTS.withIdleTimeout(Duration.ofMillis(400));
        try (ControlSocketServer server = ControlSocketServer.start(socket, new Base64Translator(), options);
                TestClient trickle = TestClient.connect(socket)) {
            boolean closed = false;
            for (int i = 0; i < 40 && !closed; i++) {
                trickle.send(" "); // bytes keep coming, but never a request
                closed = trickle.closedByServerWithin(Duration.ofMillis(100));
            }
            assertTrue(closed, "a client that sends no complete request is closed after the idle timeout");
        }
    }

    @Test
    void whenAllSlotsAreTakenByIdleClientsTheLongestIdleIsEvictedAndTheNewcomerServed() throws Exception {
        Path socket = dir.resolve("s");
        ControlSocketOptions options = ControlSocketOptions.DEFAULTS.withMaxConnections(4);
        try (ControlSocketServer server = ControlSocketServer.start(socket, new Base64Translator(), options)) {
            List<TestClient> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    idle.add(TestClient.connect(socket));
                    Thread.sleep(50); // so that the first one is the longest idle
                }
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(ControlSocketServer.MIN_IDLE_TO_EVICT_NANOS) + 100);
                long start = System.nanoTime();
                assertServes(socket);
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "served at once");
                assertTrue(idle.get(0).closedByServerWithin(Duration.ofSeconds(1)), "the longest idle was evicted");
                for (TestClient later : idle.subList(1, 4)) {
                    assertFalse(later.closedByServerWithin(Duration.ofMillis(50)), "only one was evicted");
                }
            } finally {
                for (TestClient c : idle) {
                    c.close();
                }
            }
        }
    }

    @Test
    void aConnectionInActiveUseIsNotEvictedTheNewcomerWaitsForASlot() throws Exception {
        Path socket = dir.resolve("s");
        ControlSocketOptions options = ControlSocketOptions.DEFAULTS.withMaxConnections(1);
        try (ControlSocketServer server = ControlSocketServer.start(socket, new Base64Translator(), options);
                TestClient busy = TestClient.connect(socket)) {
            // In use from the start: idle since its accept, it could be evicted before its first request.
            busy.send(PING + "\n");
            assertEquals(PONG, busy.readLine());
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<String> newcomer = pool.submit(() -> {
                    try (TestClient c = TestClient.connect(socket)) {
                        c.send(PING);
                        return c.readLine(Duration.ofSeconds(20));
                    }
                });
                // Busy: a request every 10 ms for a second, never idle long enough to be evicted.
                for (int i = 0; i < 100; i++) {
                    busy.send(PING + "\n");
                    assertEquals(PONG, busy.readLine(), "request " + i + " on the busy connection");
                    Thread.sleep(10);
                }
                assertFalse(newcomer.isDone(), "the newcomer waits while the only slot is in use");
                busy.close(); // now it leaves, and the newcomer gets the slot
                assertEquals(PONG, newcomer.get(10, TimeUnit.SECONDS));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aRequestTrickledPastItsDeadlineGetsEtimedoutAndTheConnectionIsClosed() throws Exception {
        Path socket = dir.resolve("s");
        ControlSocketOptions options = ControlSocketOptions.DEFAULTS.withRequestDeadline(Duration.ofMillis(600));
        try (ControlSocketServer server = ControlSocketServer.start(socket, new Base64Translator(), options);
                TestClient trickle = TestClient.connect(socket)) {
            long start = System.nanoTime();
            trickle.send("{\"EncryptPath\":\"");
            String answer = null;
            for (int i = 0; i < 40 && trickle.pendingBytes() == 0 && !trickle.closedByServerWithin(Duration.ofMillis(100)); i++) {
                trickle.send("a"); // well within the 1 s grace each time, but the request never ends
            }
            answer = trickle.readLine(Duration.ofSeconds(1));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals("{\"Result\":\"\",\"ErrNo\":110,\"ErrText\":\"connection timed out: the request was not complete"
                    + " 600 ms after its first byte\",\"WarnText\":\"\"}\n", answer);
            assertTrue(tookMillis >= 600 && tookMillis < 2000, "after the deadline: " + tookMillis + " ms");
            assertTrue(trickle.closedByServerWithin(Duration.ofSeconds(1)), "and closed");
            assertServes(socket);
        }
    }

    @Test
    void theDeadlineIsPerRequestSoAClientSendingManyRequestsIsNotCutOff() throws Exception {
        Path socket = dir.resolve("s");
        ControlSocketOptions options = ControlSocketOptions.DEFAULTS.withRequestDeadline(Duration.ofMillis(300));
        try (ControlSocketServer server = ControlSocketServer.start(socket, new Base64Translator(), options);
                TestClient c = TestClient.connect(socket)) {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1200);
            int answered = 0;
            while (System.nanoTime() < end) {
                // each request split in two writes, the second half 100 ms later: slow, not too slow
                c.send("{\"EncryptPath\":");
                Thread.sleep(100);
                c.send("\"ping\"}\n");
                assertEquals(PONG, c.readLine());
                answered++;
            }
            assertTrue(answered >= 5, "answered " + answered);
        }
    }

    @Test
    void aPeerOtherThanTheOwnerAndRootIsRefused() throws Exception {
        Path socket = dir.resolve("s");
        UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socket));
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                client.connect(UnixDomainSocketAddress.of(socket));
                try (SocketChannel accepted = listener.accept()) {
                    UserPrincipal me = Files.getOwner(socket);
                    assertNull(AllowedPeers.ownerOf(socket).refusal(accepted), "the owner (we made the socket)");
                    assertNull(AllowedPeers.of(users.lookupPrincipalByName("nobody"), me).refusal(accepted),
                            "root (played by us)");
                    assertEquals("permission denied: user " + me.getName()
                            + " may not use this control socket (only nobody)",
                            AllowedPeers.of(users.lookupPrincipalByName("nobody"), null).refusal(accepted));
                }
            }
        }
        assertEquals("{\"Result\":\"\",\"ErrNo\":13,\"ErrText\":\"x\",\"WarnText\":\"\"}\n",
                new String(AllowedPeers.refusalAnswer("x").toJsonLine(), StandardCharsets.UTF_8));
    }

    @Test
    void idleConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
        Path socket = dir.resolve("s");
        ControlSocketOptions options = ControlSocketOptions.DEFAULTS.withIdleTimeout(Duration.ofMillis(300));
        try (ControlSocketServer server = ControlSocketServer.start(socket, new Base64Translator(), options);
                TestClient silent = TestClient.connect(socket)) {
            assertTrue(silent.closedByServerWithin(Duration.ofSeconds(2)));
            assertServes(socket);
        }
    }

    @Test
    void aThrowingTranslatorDoesNotKillTheConnection() throws Exception {
        Path socket = dir.resolve("s");
        PathTranslator broken = new PathTranslator() {
            @Override
            public String encryptPath(byte[] plainPath) {
                throw new IllegalStateException("bug");
            }

            @Override
            public byte[] decryptPath(String cipherPath) throws TranslationException {
                throw new TranslationException(5, "input/output error");
            }
        };
        try (ControlSocketServer server = ControlSocketServer.start(socket, broken);
                TestClient c = TestClient.connect(socket)) {
            c.send(PING);
            assertEquals("{\"Result\":\"\",\"ErrNo\":-1,\"ErrText\":\"internal error\",\"WarnText\":\"\"}\n", c.readLine());
            c.send("{\"DecryptPath\":\"x\"}");
            assertEquals("{\"Result\":\"\",\"ErrNo\":5,\"ErrText\":\"input/output error\",\"WarnText\":\"\"}\n", c.readLine());
        }
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> ControlSocketOptions.DEFAULTS.withMaxConnections(0));
        assertThrows(IllegalArgumentException.class, () -> ControlSocketOptions.DEFAULTS.withIdleTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> ControlSocketOptions.DEFAULTS.withMaxRequestBytes(1));
        assertThrows(NullPointerException.class, () -> ControlSocketOptions.DEFAULTS.withWriteTimeout(null));
    }
}
