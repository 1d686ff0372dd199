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
import java.util.function.Function;

/**
 * Serves one client connection on its own thread until the client leaves, times out, misbehaves
 * or the server closes. {@link #run()} never throws.
 *
 * <p>The channel is non-blocking with a private selector, for three reasons: a read that returns 0
 * tells us the peer has paused, which the framer needs to answer gocryptfs-style requests that
 * carry no newline; timeouts (idle, grace, request deadline, write) are plain {@code select}
 * timeouts, which a blocking UNIX-domain channel does not offer; and {@link #stop()} can wake the
 * thread at once.
 */
final class ControlConnection implements Runnable {

    private static final System.Logger LOG = System.getLogger(ControlConnection.class.getName());
    private static final int READ_CHUNK = 16 * 1024;
    private static final int ETIMEDOUT = 110;
    /** Returned by {@link #idleNanos} while the connection is busy on its own (not waiting for its client). */
    static final long BUSY = -1;

    private final SocketChannel channel;
    private final Function<byte[], ControlResponse> answerer;
    private final boolean answerOnce;
    private final RequestFramer framer;
    private final long idleNanos;
    private final long graceNanos;
    private final long writeTimeoutNanos;
    private final long requestDeadlineNanos;
    private final Runnable onFinished;

    private volatile boolean stopRequested;
    private volatile Selector selector;
    private SelectionKey key;
    /** Answers not yet written (one read's worth at most). */
    private final ByteArrayOutputStream unsent = new ByteArrayOutputStream();
    /** When the last request was answered (or the connection accepted): the idle clock. */
    private long lastAnswerNanos;
    /** When the first byte of the request now pending arrived, if one is pending. */
    private long requestStartNanos;
    private boolean requestPending;
    /** Set after the one answer of an {@code answerOnce} connection. */
    private boolean answeredOnce;
    /** For the server's choice of whom to evict: when this connection last heard from or answered its client. */
    private volatile long lastActivityNanos = System.nanoTime();
    /** True only while the thread waits for the client (to send, or to read what we sent). */
    private volatile boolean waitingForClient;

    /**
     * @param answerer   turns one request into its answer
     * @param answerOnce end the connection after the first answer (used to refuse a client)
     */
    ControlConnection(SocketChannel channel, Function<byte[], ControlResponse> answerer, boolean answerOnce,
            ControlSocketOptions options, Runnable onFinished) {
        this.channel = channel;
        this.answerer = answerer;
        this.answerOnce = answerOnce;
        this.framer = new RequestFramer(options.maxRequestBytes());
        this.idleNanos = options.idleTimeout().toNanos();
        this.graceNanos = options.incompleteRequestGrace().toNanos();
        this.writeTimeoutNanos = options.writeTimeout().toNanos();
        this.requestDeadlineNanos = options.requestDeadline().toNanos();
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

    /**
     * How long this connection has been waiting for its client at {@code now}, or {@link #BUSY}
     * while it is reading, answering or not yet started: a connection at work is never the one to
     * evict.
     */
    long idleNanos(long now) {
        return waitingForClient && !stopRequested ? now - lastActivityNanos : BUSY;
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

        while (!stopRequested && !answeredOnce) {
            // Drain what is readable now; newline-terminated requests are answered on the way.
            int n;
            while ((n = channel.read(buffer.clear())) > 0) {
                lastByteNanos = System.nanoTime();
                lastActivityNanos = lastByteNanos;
                framer.feed(buffer.array(), 0, n, this::answer);
                noteRequestStart(lastByteNanos);
                flush();
                if (stopRequested || answeredOnce) {
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
            if (stopRequested || answeredOnce) {
                return;
            }

            long now = System.nanoTime();
            long waitNanos = lastAnswerNanos + idleNanos - now;
            if (framer.hasUnfinishedRequest()) {
                if (now - requestStartNanos >= requestDeadlineNanos) {
                    refuseSlowRequest();
                    return;
                }
                long graceLeft = lastByteNanos + graceNanos - now;
                if (graceLeft <= 0) {
                    answerIfPresent(framer.takeRemaining()); // its continuation never came
                    continue;
                }
                waitNanos = Math.min(waitNanos, Math.min(graceLeft, requestStartNanos + requestDeadlineNanos - now));
            }
            if (waitNanos <= 0) {
                LOG.log(Level.DEBUG, "ctlsock: closing idle connection");
                return;
            }
            waitingForClient = true;
            try {
                sel.select(toSelectMillis(waitNanos));
            } finally {
                waitingForClient = false;
            }
            sel.selectedKeys().clear();
        }
    }

    /**
     * Starts the request deadline's clock when a request's first bytes have come in. Called after
     * each read, so the clock of a request that began in this read starts now, even if the same
     * read also completed the one before it (answered in {@link #answer}, which stops the clock).
     */
    private void noteRequestStart(long readNanos) {
        if (!requestPending && framer.hasUnfinishedRequest()) {
            requestPending = true;
            requestStartNanos = readNanos;
        }
    }

    /**
     * A request that took longer than the deadline to arrive: a trickling client holds a slot
     * while others may wait, so it gets ETIMEDOUT in gocryptfs's error shape and is closed.
     */
    private void refuseSlowRequest() throws IOException {
        LOG.log(Level.DEBUG, "ctlsock: a request was not complete within its deadline; closing the connection");
        framer.takeRemaining(); // dropped: it is not answered as a request
        write(ControlResponse.failure(ETIMEDOUT, "connection timed out: the request was not complete "
                + TimeUnit.NANOSECONDS.toMillis(requestDeadlineNanos) + " ms after its first byte", "").toJsonLine());
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
        if (answeredOnce) {
            return; // the one request this connection gets was answered; the rest are not
        }
        unsent.writeBytes(answerer.apply(request).toJsonLine());
        lastAnswerNanos = System.nanoTime();
        lastActivityNanos = lastAnswerNanos;
        requestPending = false;
        answeredOnce = answerOnce; // if so, the caller flushes and the connection ends
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
            waitingForClient = true;
            try {
                selector.select(toSelectMillis(left));
            } finally {
                waitingForClient = false;
            }
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
