package io.revcrypt.it.support;

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

/**
 * A raw client of a control socket (gocryptfs's or ours): connect, send bytes exactly as given,
 * read the answer line. Everything has a deadline, and a server that closes, resets or never
 * answers is reported as such rather than thrown, so tests can tell "answered" from "refused".
 */
public final class CtlClient {

    /**
     * What came back: the bytes up to and including the first newline (or all bytes until the
     * connection ended), whether the server ended the connection, and whether the deadline passed.
     */
    public record Reply(byte[] bytes, boolean closedByServer, boolean timedOut, String error) {

        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** A complete answer line. */
        public boolean answered() {
            return bytes.length > 0 && bytes[bytes.length - 1] == '\n';
        }

        @Override
        public String toString() {
            return "Reply[" + text().strip() + (closedByServer ? ", closed" : "") + (timedOut ? ", timed out" : "")
                    + (error != null ? ", " + error : "") + "]";
        }
    }

    private CtlClient() {}

    public static Reply exchange(Path socket, String request, Duration timeout) throws IOException {
        return exchange(socket, request.getBytes(StandardCharsets.UTF_8), timeout);
    }

    /** One request on a new connection, written at once (gocryptfs reads one request per read). */
    public static Reply exchange(Path socket, byte[] request, Duration timeout) throws IOException {
        try (SocketChannel ch = connect(socket)) {
            return send(ch, request, timeout);
        }
    }

    private static SocketChannel connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.configureBlocking(false);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    /** Sends {@code request} on an open (non-blocking) connection and reads one answer line. */
    private static Reply send(SocketChannel ch, byte[] request, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String error = null;
        try (Selector sel = Selector.open()) {
            SelectionKey key = ch.register(sel, 0);
            ByteBuffer out = ByteBuffer.wrap(request);
            try {
                while (out.hasRemaining()) {
                    if (ch.write(out) == 0) {
                        if (!waitFor(sel, key, SelectionKey.OP_WRITE, deadline)) {
                            return new Reply(new byte[0], false, true, "could not send within " + timeout);
                        }
                    }
                }
            } catch (IOException e) {
                // the server may have given up on us (and said why): read what it sent
                error = "send: " + e.getMessage();
            }
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (true) {
                int n;
                try {
                    n = ch.read(buf.clear());
                } catch (IOException e) {
                    return new Reply(in.toByteArray(), true, false, join(error, "receive: " + e.getMessage()));
                }
                if (n < 0) {
                    return new Reply(in.toByteArray(), true, false, error);
                }
                if (n > 0) {
                    in.write(buf.array(), 0, n);
                    byte[] got = in.toByteArray();
                    if (got[got.length - 1] == '\n') {
                        return new Reply(got, false, false, error);
                    }
                    continue;
                }
                if (!waitFor(sel, key, SelectionKey.OP_READ, deadline)) {
                    return new Reply(in.toByteArray(), false, true, error);
                }
            }
        }
    }

    private static boolean waitFor(Selector sel, SelectionKey key, int op, long deadline) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        key.interestOps(op);
        sel.select(Math.max(1, left / 1_000_000));
        sel.selectedKeys().clear();
        return true;
    }

    private static String join(String a, String b) {
        return a == null ? b : a + "; " + b;
    }

    /** A JSON string literal (quotes included) for {@code s}, escaping only what JSON requires. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
