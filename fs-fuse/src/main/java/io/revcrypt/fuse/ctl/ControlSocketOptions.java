package io.revcrypt.fuse.ctl;

import java.time.Duration;
import java.util.Objects;

/**
 * Resource limits of a {@link ControlSocketServer}.
 *
 * @param maxConnections      connections served at once; further clients wait in the kernel's
 *                            accept backlog (their {@code connect()} succeeds or blocks, their
 *                            request is answered once a slot is free)
 * @param idleTimeout         a connection that completes no request for this long is closed, so a
 *                            silent or trickling client cannot hold a slot forever; clients that
 *                            keep a connection open between bursts must be ready to reconnect
 * @param maxRequestBytes     longest request (including its newline); a longer one is answered
 *                            with {@code request too large} and the connection is closed
 * @param incompleteRequestGrace how long an unfinished request (a valid JSON prefix) may wait for
 *                            the rest of its bytes before it is answered as it is
 * @param writeTimeout        how long a client may leave an answer unread before it is dropped
 */
public record ControlSocketOptions(
        int maxConnections,
        Duration idleTimeout,
        int maxRequestBytes,
        Duration incompleteRequestGrace,
        Duration writeTimeout) {

    /** 64 connections, 60 s idle, 64 KiB requests, 1 s grace, 10 s write timeout. */
    public static final ControlSocketOptions DEFAULTS = new ControlSocketOptions(
            64, Duration.ofSeconds(60), 64 * 1024, Duration.ofSeconds(1), Duration.ofSeconds(10));

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
    }

    public ControlSocketOptions withMaxConnections(int value) {
        return new ControlSocketOptions(value, idleTimeout, maxRequestBytes, incompleteRequestGrace, writeTimeout);
    }

    public ControlSocketOptions withIdleTimeout(Duration value) {
        return new ControlSocketOptions(maxConnections, value, maxRequestBytes, incompleteRequestGrace, writeTimeout);
    }

    public ControlSocketOptions withMaxRequestBytes(int value) {
        return new ControlSocketOptions(maxConnections, idleTimeout, value, incompleteRequestGrace, writeTimeout);
    }

    public ControlSocketOptions withIncompleteRequestGrace(Duration value) {
        return new ControlSocketOptions(maxConnections, idleTimeout, maxRequestBytes, value, writeTimeout);
    }

    public ControlSocketOptions withWriteTimeout(Duration value) {
        return new ControlSocketOptions(maxConnections, idleTimeout, maxRequestBytes, incompleteRequestGrace, value);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
