package io.revcrypt.fuse.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.view.PathTranslator;
import io.revcrypt.core.view.TranslationException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
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
            // The only slot is taken by a silent client; the next one waits in the backlog...
            try (TestClient waiting = TestClient.connect(socket)) {
                waiting.send(PING);
                // ...and is served once the idle timeout has closed the silent one.
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
