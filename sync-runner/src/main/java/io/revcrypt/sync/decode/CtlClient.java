package io.revcrypt.sync.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revcrypt.core.view.TranslationException;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Client for the control socket of a gocryptfs-compatible mount ({@code -ctlsock}): asks it to
 * translate paths with {@code {"DecryptPath":"…"}} / {@code {"EncryptPath":"…"}}.
 *
 * <p>Works with the real gocryptfs server, which reads each request with one {@code read()}
 * of at most 5000 bytes and answers with one JSON line: each request is therefore sent in a
 * single write, without a newline, and is refused locally when longer than 4999 bytes. One
 * connection is kept open for all requests; each request has its own deadline; a connection
 * found broken (reset, closed, pipe error) is replaced and the request sent once more. After a
 * timeout the connection is dropped, so a late answer can never be taken for the next one.
 *
 * <p>Thread-safe: requests are serialised.
 */
public final class CtlClient implements AutoCloseable {

    /** gocryptfs reads requests into a 5000-byte buffer and drops the connection when it fills. */
    public static final int MAX_REQUEST_BYTES = 4999;
    /** Far above any real answer (a path is at most 4096 bytes); guards memory against a bad peer. */
    private static final int MAX_RESPONSE_BYTES = 1 << 20;
    /** Far above the largest listing revcrypt's socket answers (250,000 entries of about 100 bytes). */
    private static final int MAX_LISTING_BYTES = 64 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path socketPath;
    private final long timeoutNanos;
    private SocketChannel channel;
    private Selector selector;
    private boolean closed;
    private boolean outOfStep;

    /**
     * Does not connect yet: the first request does.
     *
     * @param requestTimeout how long one request may take, connection included
     */
    public CtlClient(Path socketPath, Duration requestTimeout) {
        this.socketPath = Objects.requireNonNull(socketPath, "socketPath");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive: " + requestTimeout);
        }
        this.timeoutNanos = requestTimeout.toNanos();
    }

    /** Asks for the plaintext of a relative cipher path. An error answer is returned, not thrown. */
    public CtlResponse decryptPath(String cipherPath) throws IOException {
        return request("DecryptPath", cipherPath);
    }

    /** Asks for the cipher path of a relative plaintext path. An error answer is returned, not thrown. */
    public CtlResponse encryptPath(String plainPath) throws IOException {
        return request("EncryptPath", plainPath);
    }

    /**
     * Asks for the plaintext of many cipher paths at once, pipelined: every request newline-framed
     * in one write, then the answers in order. Only revcrypt's own control socket accepts this
     * (gocryptfs's reads one request per read); it saves a round trip per path.
     */
    public synchronized List<CtlResponse> decryptPaths(List<String> cipherPaths) throws IOException {
        if (closed) {
            throw new IOException("control socket client is closed");
        }
        if (cipherPaths.isEmpty()) {
            return List.of();
        }
        ByteArrayOutputStream batch = new ByteArrayOutputStream(cipherPaths.size() * 64);
        for (String path : cipherPaths) {
            batch.write(JSON.writeValueAsBytes(Map.of("DecryptPath", path)));
            batch.write('\n');
        }
        byte[] requests = batch.toByteArray();
        long deadline = System.nanoTime() + timeoutNanos;
        return retryingOnce(() -> {
            write(requests, deadline);
            List<CtlResponse> answers = new ArrayList<>(cipherPaths.size());
            LineReader lines = new LineReader();
            for (int i = 0; i < cipherPaths.size(); i++) {
                answers.add(parse(lines.next(deadline)));
            }
            if (lines.hasLeftover()) {
                disconnect(); // more answers than questions: start afresh next time
            }
            return answers;
        });
    }

    /** Reads answer lines one after another from the connection, keeping what follows a line. */
    private final class LineReader {
        private final ByteBuffer buffer = ByteBuffer.allocate(65536);
        private int start;
        private int end;

        byte[] next(long deadline) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            while (true) {
                byte[] bytes = buffer.array();
                for (int i = start; i < end; i++) {
                    if (bytes[i] == '\n') {
                        line.write(bytes, start, i - start);
                        start = i + 1;
                        return line.toByteArray();
                    }
                }
                line.write(bytes, start, end - start);
                if (line.size() > MAX_RESPONSE_BYTES) {
                    throw new ProtocolError("control socket answer exceeds " + MAX_RESPONSE_BYTES + " bytes");
                }
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    throw new EOFException("connection closed before an answer");
                }
                start = 0;
                end = Math.max(n, 0);
                if (n == 0) {
                    await(SelectionKey.OP_READ, deadline);
                }
            }
        }

        boolean hasLeftover() {
            return start < end;
        }
    }

    /**
     * revcrypt's own request: one directory's entries with mode, owner and plaintext name in one
     * answer (see {@link CtlListing}).
     *
     * @param cipherDir relative cipher path of a directory, {@code ""} for the root
     * @return the listing, or null where the socket cannot list (gocryptfs's answers "Empty
     *         input": it skips the unknown key)
     * @throws TranslationException the socket could not list that directory
     *         (gone, not a directory, too big for one answer)
     */
    public synchronized CtlListing listDirectory(String cipherDir) throws IOException, TranslationException {
        byte[] line = requestLine("ListDirectory", cipherDir.isEmpty() ? "." : cipherDir, MAX_LISTING_BYTES);
        try {
            return listing(parseObject(line));
        } catch (ProtocolError e) {
            disconnect(); // a garbled answer: the next request starts on a fresh connection
            throw e;
        }
    }

    private static CtlListing listing(JsonNode node) throws IOException, TranslationException {
        int errNo = node.path("ErrNo").asInt(-1);
        if (errNo != 0) {
            String errText = text(node, "ErrText");
            if ((errNo == -1 && errText.equals("Empty input")) || errNo == TranslationException.ENOTSUP) {
                return null;
            }
            throw new TranslationException(errNo, errText);
        }
        JsonNode entries = node.get("Entries");
        if (entries == null || !entries.isArray()) {
            return null; // a socket that answered as if it were asked to translate: it cannot list
        }
        try {
            return CtlListing.of(responseOf(node), entries);
        } catch (IllegalArgumentException e) {
            throw new ProtocolError("control socket answered a listing that is not well-formed: " + e.getMessage());
        }
    }

    private synchronized CtlResponse request(String operation, String path) throws IOException {
        byte[] line = requestLine(operation, path, MAX_RESPONSE_BYTES);
        try {
            return parse(line);
        } catch (ProtocolError e) {
            disconnect(); // a garbled answer: the next request starts on a fresh connection
            throw e;
        }
    }

    private synchronized byte[] requestLine(String operation, String path, int maxAnswerBytes) throws IOException {
        if (closed) {
            throw new IOException("control socket client is closed");
        }
        byte[] request = JSON.writeValueAsBytes(Map.of(operation, path));
        if (request.length > MAX_REQUEST_BYTES) {
            throw new IOException("request of " + request.length + " bytes is over the control socket's limit of "
                    + MAX_REQUEST_BYTES);
        }
        long deadline = System.nanoTime() + timeoutNanos;
        return retryingOnce(() -> {
            byte[] answer = exchange(request, deadline, maxAnswerBytes);
            if (outOfStep) {
                disconnect();
            }
            return answer;
        });
    }

    /** One round trip on the connection: write the request(s), read the answer(s). */
    @FunctionalInterface
    private interface RoundTrip<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code roundTrip} on a connection, and once more on a fresh one if the first was dropped;
     * any failure leaves no connection behind.
     */
    private <T> T retryingOnce(RoundTrip<T> roundTrip) throws IOException {
        for (int attempt = 1; ; attempt++) {
            connectIfNeeded();
            try {
                return roundTrip.run();
            } catch (SocketTimeoutException | ProtocolError e) {
                disconnect(); // a late or garbled answer must never be read as the next one's
                throw e;
            } catch (IOException e) {
                // Reset, broken pipe or EOF: the server may have dropped an idle connection.
                // Requests are idempotent, so one more try on a fresh connection is safe.
                disconnect();
                if (attempt == 2) {
                    throw new IOException("control socket " + socketPath + ": " + e.getMessage(), e);
                }
            } catch (RuntimeException e) {
                disconnect();
                throw e;
            }
        }
    }

    private byte[] exchange(byte[] request, long deadline, int maxAnswerBytes) throws IOException {
        outOfStep = false;
        write(request, deadline);
        return readLine(deadline, maxAnswerBytes);
    }

    private void connectIfNeeded() throws IOException {
        if (channel != null) {
            return;
        }
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socketPath));
            ch.configureBlocking(false);
            Selector sel = Selector.open();
            ch.register(sel, 0);
            channel = ch;
            selector = sel;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw new IOException("cannot connect to control socket " + socketPath + ": " + e.getMessage(), e);
        }
    }

    /** One write in practice: a request under 5000 bytes always fits an idle socket buffer. */
    private void write(byte[] request, long deadline) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(request);
        channel.write(buffer);
        while (buffer.hasRemaining()) {
            await(SelectionKey.OP_WRITE, deadline);
            channel.write(buffer);
        }
    }

    private byte[] readLine(long deadline, int maxAnswerBytes) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        ByteBuffer buffer = ByteBuffer.allocate(maxAnswerBytes > MAX_RESPONSE_BYTES ? 65536 : 8192);
        while (true) {
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                throw new EOFException("connection closed before an answer");
            }
            if (n == 0) {
                await(SelectionKey.OP_READ, deadline);
                continue;
            }
            byte[] bytes = buffer.array();
            for (int i = 0; i < n; i++) {
                if (bytes[i] == '\n') {
                    line.write(bytes, 0, i);
                    // The server answers each request exactly once; more bytes mean the stream
                    // is out of step. Use this answer, then start afresh.
                    outOfStep = i + 1 < n;
                    return line.toByteArray();
                }
            }
            line.write(bytes, 0, n);
            if (line.size() > maxAnswerBytes) {
                throw new ProtocolError("control socket answer exceeds " + maxAnswerBytes + " bytes");
            }
        }
    }

    private void await(int operation, long deadline) throws IOException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException("control socket " + socketPath + " did not answer in time");
        }
        SelectionKey key = channel.keyFor(selector);
        key.interestOps(operation);
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
        selector.selectedKeys().clear();
        key.interestOps(0);
    }

    private static CtlResponse parse(byte[] line) throws IOException {
        return responseOf(parseObject(line));
    }

    private static JsonNode parseObject(byte[] line) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new ProtocolError("control socket answered with something that is not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ProtocolError("control socket answered with something that is not a JSON object");
        }
        return node;
    }

    private static CtlResponse responseOf(JsonNode node) {
        byte[] raw = null;
        JsonNode rawNode = node.get("ResultRaw");
        if (rawNode != null && rawNode.isTextual()) {
            try {
                raw = Base64.getDecoder().decode(rawNode.asText());
            } catch (IllegalArgumentException e) {
                raw = null; // fall back to Result, flagged as possibly inexact by CtlResponse
            }
        }
        return new CtlResponse(text(node, "Result"), raw, node.path("ErrNo").asInt(-1),
                text(node, "ErrText"), text(node, "WarnText"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    private void disconnect() {
        closeQuietly();
        channel = null;
        selector = null;
    }

    private void closeQuietly() {
        try {
            if (selector != null) {
                selector.close();
            }
        } catch (IOException ignored) {
            // nothing to do: the selector holds no data
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // nothing to do: the connection is being thrown away
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        disconnect();
    }

    /** The peer answered, but not in the protocol: a new connection would not help. */
    private static final class ProtocolError extends IOException {
        ProtocolError(String message) {
            super(message);
        }
    }
}
