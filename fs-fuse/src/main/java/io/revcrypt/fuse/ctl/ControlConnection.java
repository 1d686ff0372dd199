package io.revcrypt.fuse.ctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Serves one client connection on its own thread until the client leaves, times out, misbehaves
 * or the server closes. {@link #run()} never throws.
 *
 * <p>The channel is non-blocking with a private selector, for three reasons: a read that returns 0
 * tells us the peer has paused, which the framer needs to answer gocryptfs-style requests that
 * carry no newline; timeouts (idle, grace, write) are plain {@code select} timeouts, which a
 * blocking UNIX-domain channel does not offer; and {@link #stop()} can wake the thread at once.
 */
final class ControlConnection implements Runnable {

    private static final System.Logger LOG = System.getLogger(ControlConnection.class.getName());
    private static final int READ_CHUNK = 16 * 1024;

    private final SocketChannel channel;
    private final ControlRequestHandler handler;
    private final RequestFramer framer;
    private final long idleNanos;
    private final long graceNanos;
    private final long writeTimeoutNanos;
    private final Runnable onFinished;

    private volatile boolean stopRequested;
    private volatile Selector selector;
    private SelectionKey key;
    /** Answers not yet written (one read's worth at most). */
    private final ByteArrayOutputStream unsent = new ByteArrayOutputStream();
    /** When the last request was answered (or the connection accepted): the idle clock. */
    private long lastAnswerNanos;

    ControlConnection(SocketChannel channel, ControlRequestHandler handler, ControlSocketOptions options,
            Runnable onFinished) {
        this.channel = channel;
        this.handler = handler;
        this.framer = new RequestFramer(options.maxRequestBytes());
        this.idleNanos = options.idleTimeout().toNanos();
        this.graceNanos = options.incompleteRequestGrace().toNanos();
        this.writeTimeoutNanos = options.writeTimeout().toNanos();
        this.onFinished = onFinished;
    }

    /** Asks the connection to end soon; safe from any thread, any number of times. */
    void stop() {
        stopRequested = true;
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
    }

    @Override
    public void run() {
        try {
            serve();
        } catch (RequestFramer.RequestTooLargeException e) {
            LOG.log(Level.WARNING, "ctlsock: " + e.getMessage() + "; closing the connection");
            try {
                flush();
                write(ControlResponse.failure("request too large").toJsonLine());
            } catch (IOException | RuntimeException ignored) {
                // The client may be gone already; we close anyway.
            }
        } catch (ClosedChannelException e) {
            LOG.log(Level.DEBUG, "ctlsock: connection closed");
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "ctlsock: connection ended: " + e);
        } catch (Throwable t) {
            // Last line of defence: one connection's bug must not take the server down.
            LOG.log(Level.WARNING, "ctlsock: unexpected error on a connection", t);
        } finally {
            closeQuietly();
            onFinished.run();
        }
    }

    private void serve() throws IOException, RequestFramer.RequestTooLargeException {
        Selector sel = Selector.open();
        selector = sel;
        if (stopRequested) {
            return; // stop() ran before the selector existed and could not wake it
        }
        channel.configureBlocking(false);
        key = channel.register(sel, SelectionKey.OP_READ);
        ByteBuffer buffer = ByteBuffer.allocate(READ_CHUNK);
        lastAnswerNanos = System.nanoTime();
        long lastByteNanos = lastAnswerNanos;

        while (!stopRequested) {
            // Drain what is readable now; newline-terminated requests are answered on the way.
            int n;
            while ((n = channel.read(buffer.clear())) > 0) {
                lastByteNanos = System.nanoTime();
                framer.feed(buffer.array(), 0, n, this::answer);
                flush();
                if (stopRequested) {
                    return;
                }
            }
            if (n < 0) {
                // The client shut down its side: answer what it left behind, then we are done.
                answerIfPresent(framer.takeRemaining());
                return;
            }
            // Nothing more readable right now: the peer paused.
            answerIfPresent(framer.takeOnPause());

            long now = System.nanoTime();
            long waitNanos = lastAnswerNanos + idleNanos - now;
            if (framer.hasUnfinishedRequest()) {
                long graceLeft = lastByteNanos + graceNanos - now;
                if (graceLeft <= 0) {
                    answerIfPresent(framer.takeRemaining()); // its continuation never came
                    continue;
                }
                waitNanos = Math.min(waitNanos, graceLeft);
            }
            if (waitNanos <= 0) {
                LOG.log(Level.DEBUG, "ctlsock: closing idle connection");
                return;
            }
            sel.select(toSelectMillis(waitNanos));
            sel.selectedKeys().clear();
        }
    }

    private void answerIfPresent(byte[] request) throws IOException {
        if (request != null) {
            answer(request);
            flush();
        }
    }

    /**
     * Answers into {@link #unsent}: the answers to the requests of one read go out in one write,
     * so a client that sends a hundred requests at once gets them back in one read, not a
     * hundred (both sides spend far more on a system call and a wake-up than on an answer).
     */
    private void answer(byte[] request) {
        unsent.writeBytes(handler.handle(request).toJsonLine());
        lastAnswerNanos = System.nanoTime();
    }

    private void flush() throws IOException {
        if (unsent.size() > 0) {
            byte[] bytes = unsent.toByteArray();
            unsent.reset();
            write(bytes);
        }
    }

    /** Writes all of {@code bytes}, waiting for the client to read if its buffer is full. */
    private void write(byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        long deadline = System.nanoTime() + writeTimeoutNanos;
        while (out.hasRemaining()) {
            if (channel.write(out) > 0) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (stopRequested || left <= 0 || key == null) {
                throw new IOException("client does not read its answers");
            }
            key.interestOps(SelectionKey.OP_WRITE);
            selector.select(toSelectMillis(left));
            selector.selectedKeys().clear();
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    /** {@code select(0)} means "forever", so never pass 0. */
    private static long toSelectMillis(long nanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "ctlsock: closing a connection failed: " + e);
        }
        Selector s = selector;
        if (s != null) {
            try {
                s.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, () -> "ctlsock: closing a selector failed: " + e);
            }
        }
    }
}
