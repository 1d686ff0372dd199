package io.revcrypt.fuse.ctl;

import java.time.Duration;
import java.util.Objects;

/**
 * Resource limits of a {@link ControlSocketServer}.
 *
 * @param maxConnections      connections served at once; when all are taken, a new client is
 *                            served by closing the connection that has waited longest for its
 *                            client (see {@link ControlSocketServer}), so idle clients cannot
 *                            lock others out
 * @param idleTimeout         a connection that completes no request for this long is closed, so a
 *                            silent or trickling client cannot hold a slot forever; clients that
 *                            keep a connection open between bursts must be ready to reconnect
 * @param maxRequestBytes     longest request (including its newline); a longer one is answered
 *                            with {@code request too large} and the connection is closed
 * @param incompleteRequestGrace how long an unfinished request (a valid JSON prefix) may wait for
 *                            the rest of its bytes before it is answered as it is
 * @param writeTimeout        how long a client may leave an answer unread before it is dropped
 * @param requestDeadline     a request still not complete this long after its first byte (a
 *                            client that trickles it byte by byte) is answered with
 *                            {@code ETIMEDOUT} and its connection closed
 */
public record ControlSocketOptions(
        int maxConnections,
        Duration idleTimeout,
        int maxRequestBytes,
        Duration incompleteRequestGrace,
        Duration writeTimeout,
        Duration requestDeadline) {

    /** 64 connections, 60 s idle, 64 KiB requests, 1 s grace, 10 s write timeout, 3 s per request. */
    public static final ControlSocketOptions DEFAULTS = new ControlSocketOptions(
            64, Duration.ofSeconds(60), 64 * 1024, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(3));

    public ControlSocketOptions {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
        }
        if (maxRequestBytes < 16) {
            throw new IllegalArgumentException("maxRequestBytes too small: " + maxRequestBytes);
        }
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(incompleteRequestGrace, "incompleteRequestGrace");
        requirePositive(writeTimeout, "writeTimeout");
        requirePositive(requestDeadline, "requestDeadline");
    }

    public ControlSocketOptions withMaxConnections(int value) {
        return new ControlSocketOptions(value, idleTimeout, maxRequestBytes, incompleteRequestGrace, writeTimeout,
                requestDeadline);
    }

    public ControlSocketOptions withIdleTimeout(Duration value) {
        return new ControlSocketOptions(maxConnections, value, maxRequestBytes, incompleteRequestGrace, writeTimeout,
                requestDeadline);
    }

    public ControlSocketOptions withMaxRequestBytes(int value) {
        return new ControlSocketOptions(maxConnections, idleTimeout, value, incompleteRequestGrace, writeTimeout,
                requestDeadline);
    }

    public ControlSocketOptions withIncompleteRequestGrace(Duration value) {
        return new ControlSocketOptions(maxConnections, idleTimeout, maxRequestBytes, value, writeTimeout,
                requestDeadline);
    }

    public ControlSocketOptions withWriteTimeout(Duration value) {
        return new ControlSocketOptions(maxConnections, idleTimeout, maxRequestBytes, incompleteRequestGrace, value,
                requestDeadline);
    }

    public ControlSocketOptions withRequestDeadline(Duration value) {
        return new ControlSocketOptions(maxConnections, idleTimeout, maxRequestBytes, incompleteRequestGrace,
                writeTimeout, value);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
