package io.revcrypt.fuse.ctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * A control socket client for tests: raw writes (so tests choose the framing) and reads with
 * deadlines (so no test can hang on a missing answer).
 */
final class TestClient implements AutoCloseable {

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean eof;

    private TestClient(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.selector = Selector.open();
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ);
    }

    static TestClient connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket)); // blocking: waits in the backlog if need be
        return new TestClient(ch);
    }

    /** Sends all bytes in one write call where the kernel allows (that is what "one write" means). */
    TestClient send(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try (Selector writeSelector = Selector.open()) {
            channel.register(writeSelector, SelectionKey.OP_WRITE);
            while (b.hasRemaining()) {
                if (channel.write(b) == 0) {
                    writeSelector.select(100);
                    writeSelector.selectedKeys().clear();
                }
            }
        }
        return this;
    }

    TestClient send(String s) throws IOException {
        return send(s.getBytes(StandardCharsets.UTF_8));
    }

    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** The next line including its newline, or null if the server closed the connection first. */
    byte[] readLineBytes(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            byte[] have = received.toByteArray();
            for (int i = 0; i < have.length; i++) {
                if (have[i] == '\n') {
                    received.reset();
                    received.write(have, i + 1, have.length - i - 1);
                    return Arrays.copyOf(have, i + 1);
                }
            }
            if (eof) {
                return null;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no answer within " + timeout + "; got so far: "
                        + new String(have, StandardCharsets.UTF_8));
            }
            fill(left);
        }
    }

    String readLine(Duration timeout) throws IOException {
        byte[] line = readLineBytes(timeout);
        return line == null ? null : new String(line, StandardCharsets.UTF_8);
    }

    String readLine() throws IOException {
        return readLine(Duration.ofSeconds(10));
    }

    /** True if the server closes (EOF or reset) within the timeout, false if it stays open and silent. */
    boolean closedByServerWithin(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!eof) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            fill(left);
        }
        return true;
    }

    /** Bytes received and not yet consumed as lines. */
    int pendingBytes() {
        return received.size();
    }

    private void fill(long nanos) throws IOException {
        selector.select(Math.max(1, nanos / 1_000_000));
        selector.selectedKeys().clear();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        try {
            int n;
            while ((n = channel.read(buf.clear())) > 0) {
                received.write(buf.array(), 0, n);
            }
            if (n < 0) {
                eof = true;
            }
        } catch (IOException reset) {
            eof = true; // "Connection reset by peer" counts as closed
        }
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
