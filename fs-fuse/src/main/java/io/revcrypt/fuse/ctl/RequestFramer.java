package io.revcrypt.fuse.ctl;

import java.io.IOException;
import java.util.Arrays;

/**
 * Cuts the byte stream of one connection into requests, accepting both framings clients use:
 *
 * <ul>
 *   <li><b>gocryptfs style</b>: one JSON object per {@code write()}, no newline, then the client
 *       waits for the answer (gocryptfs-xray, scripts written for gocryptfs). gocryptfs itself
 *       simply treats each {@code read()} as one request.</li>
 *   <li><b>newline framing</b>: any number of requests on a kept-open connection, each ending in
 *       {@code \n}, possibly several per write or one split over several writes.</li>
 * </ul>
 *
 * <p>A stream has no write boundaries, so the framer runs Go's JSON scanner over the bytes of the
 * current request and decides with the scanner's verdict:
 * <ol>
 *   <li>A {@code \n} ends the request if the bytes before it are a complete JSON value, or are
 *       already invalid. Inside an unfinished value a newline is ordinary JSON whitespace, so
 *       pretty-printed JSON sent in one write works as it does with gocryptfs.</li>
 *   <li>When the peer pauses (nothing more is readable right now, {@link #takeOnPause()}), pending
 *       bytes without a newline are a request if they are complete or invalid. That is the
 *       gocryptfs case, and also answers {@code garbage} with Go's own error text.</li>
 *   <li>Pending bytes that are a valid but unfinished prefix are kept, because the rest may still
 *       be on its way; if it does not come within a grace period, or the peer shuts down its
 *       side, the caller takes them with {@link #takeRemaining()} and they are answered (Go says
 *       "unexpected end of JSON input").</li>
 *   <li>Pending bytes that are only whitespace are never a request (gocryptfs would answer
 *       "unexpected end of JSON input"), so a newline sent after a request that was already
 *       answered on the pause is not answered twice.</li>
 * </ol>
 * Known divergence from gocryptfs, on input no gocryptfs client sends: two values in one write
 * separated by a newline are two requests here and one error there. Values glued together on one
 * line ({@code {}{}}) remain one request with Go's "after top-level value" error.
 *
 * <p>A request is the bytes from the end of the previous one up to and including its terminating
 * newline; it may be at most {@code maxRequestBytes} long.
 *
 * <p>Not thread-safe; one instance per connection.
 */
final class RequestFramer {

    /** Receives each complete request; may write the answer and fail doing so. */
    @FunctionalInterface
    interface RequestSink {
        void accept(byte[] request) throws IOException;
    }

    /** The current request grew beyond the size limit. */
    static final class RequestTooLargeException extends Exception {
        private static final long serialVersionUID = 1L;

        RequestTooLargeException(int limit) {
            super("request too large (limit " + limit + " bytes)", null, false, false);
        }
    }

    private final int maxRequestBytes;
    private final GoJsonScanner scanner = new GoJsonScanner();
    private byte[] pending = new byte[256];
    private int pendingLength;
    private boolean sawNonWhitespace;

    RequestFramer(int maxRequestBytes) {
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("maxRequestBytes must be positive: " + maxRequestBytes);
        }
        this.maxRequestBytes = maxRequestBytes;
    }

    /** Consumes bytes; every request that a newline completes goes to {@code sink} in order. */
    void feed(byte[] data, int offset, int length, RequestSink sink)
            throws IOException, RequestTooLargeException {
        for (int i = offset; i < offset + length; i++) {
            byte b = data[i];
            if (pendingLength == maxRequestBytes) {
                throw new RequestTooLargeException(maxRequestBytes);
            }
            append(b);
            scanner.step(b);
            if (!isWhitespace(b)) {
                sawNonWhitespace = true;
            }
            if (b == '\n' && (scanner.endTop() || scanner.hasError())) {
                sink.accept(take());
            }
        }
    }

    /**
     * The peer has paused: returns the pending request if it is complete or already invalid,
     * otherwise null (nothing pending, only whitespace, or an unfinished value).
     */
    byte[] takeOnPause() {
        if (!sawNonWhitespace) {
            return null;
        }
        if (scanner.hasError() || scanner.completeAtEof()) {
            return take();
        }
        return null;
    }

    /** True if an unfinished request is pending, i.e. bytes that wait for their continuation. */
    boolean hasUnfinishedRequest() {
        return sawNonWhitespace;
    }

    /**
     * No more bytes will come for the pending request (grace period over, or end of stream):
     * returns it whatever state it is in, or null if nothing but whitespace is pending.
     */
    byte[] takeRemaining() {
        if (!sawNonWhitespace) {
            return null;
        }
        return take();
    }

    private byte[] take() {
        byte[] request = Arrays.copyOf(pending, pendingLength);
        pendingLength = 0;
        sawNonWhitespace = false;
        scanner.reset();
        if (pending.length > 4096) {
            pending = new byte[256]; // do not keep a large buffer for a long-lived connection
        }
        return request;
    }

    private void append(byte b) {
        if (pendingLength == pending.length) {
            pending = Arrays.copyOf(pending, Math.min(pending.length * 2, maxRequestBytes));
        }
        pending[pendingLength++] = b;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
