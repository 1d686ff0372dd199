package io.revcrypt.fuse.ctl;

import io.revcrypt.core.view.PathTranslator;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The control socket of a mount: gocryptfs's {@code -ctlsock} JSON protocol on a Unix-domain
 * stream socket, so that {@code gocryptfs-xray -encrypt-paths/-decrypt-paths} and scripts written
 * for gocryptfs work against revcrypt unchanged.
 *
 * <h2>Protocol</h2>
 * A request is {@code {"EncryptPath":"<plain path>"}} or {@code {"DecryptPath":"<cipher path>"}};
 * each is answered by one line {@code {"Result":…,"ErrNo":…,"ErrText":…,"WarnText":…}\n},
 * byte-identical to gocryptfs 2.3 (see {@link ControlRequestHandler}, {@link ControlResponse}).
 * Requests may be sent gocryptfs-style (one JSON object per write, no newline, wait for the answer)
 * or newline-framed (any number per connection, pipelined if you like); see {@link RequestFramer}.
 *
 * <p><b>Extension:</b> when a decrypted plaintext path is not valid UTF-8, {@code Result} carries
 * Go's lossy rendering (one <code>&#92;ufffd</code> per bad byte, as gocryptfs does) and the answer gets one
 * more key after {@code WarnText}: {@code "ResultRaw":"<standard base64 of the raw bytes>"}. Go
 * clients ignore unknown keys; our own clients use it to get the exact name back. It appears in no
 * other case.
 *
 * <h2>Resources and robustness</h2>
 * <ul>
 *   <li>At most {@link ControlSocketOptions#maxConnections()} connections are served at once, each
 *       on its own thread with an 8 MiB stack. When all are taken, the connection that has waited
 *       longest for its client is closed to serve the newcomer, so idle clients, however many,
 *       cannot lock others out; connections in active use are never evicted (a newcomer then
 *       waits for a slot, and later ones in the kernel's accept backlog).</li>
 *   <li>A request not complete {@link ControlSocketOptions#requestDeadline()} after its first
 *       byte is answered with ErrNo 110 ({@code ETIMEDOUT}) and its connection closed; a
 *       connection that completes no request for {@link ControlSocketOptions#idleTimeout()} is
 *       closed; a client that does not read its answers is dropped after
 *       {@link ControlSocketOptions#writeTimeout()}.</li>
 *   <li>A request longer than {@link ControlSocketOptions#maxRequestBytes()} is answered with
 *       {@code request too large} and its connection closed (gocryptfs closes without answering
 *       above 4999 bytes; we allow more because escaped paths can be long). A path longer than
 *       PATH_MAX or deeper than 2048 components is answered with ErrNo 36 ({@link PathLimits}).</li>
 *   <li>Nothing a client sends can throw out of a connection, and no exception ends the accept
 *       loop. Logging goes through {@link System.Logger} (DEBUG, WARNING), never to stdout.</li>
 * </ul>
 *
 * <h2>Who may connect</h2>
 * Only the socket file's owner and root ({@link AllowedPeers}): the peer's credentials
 * ({@code SO_PEERCRED}) are checked on each connection, and every request from anyone else is
 * answered with ErrNo 13 ({@code EACCES}), after which the connection is closed.
 *
 * <h2>The socket file</h2>
 * {@link #start} refuses a path where something else answers, or that is not a socket, and
 * replaces a stale socket left by a killed process. The file is made mode 0600 right after
 * {@code bind}; between the two calls it briefly has the permissions the umask gives it, which the
 * credential check makes harmless (callers should still place it in a directory only they can
 * enter, 0700). {@link #close()} removes it, unless it has been replaced by another file in the
 * meantime.
 */
public final class ControlSocketServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ControlSocketServer.class.getName());
    private static final int ACCEPT_BACKLOG = 128;
    private static final long CLOSE_WAIT_MILLIS = 2000;
    private static final long ACCEPT_ERROR_PAUSE_MILLIS = 100;
    /** How often a newcomer waiting for a slot looks again for a connection to evict. */
    private static final long SLOT_POLL_MILLIS = 50;
    /**
     * A connection that has waited this long for its client may be evicted to make room; one that
     * was active more recently is in use and is left alone (the newcomer waits for a slot). Long
     * enough that a client in use survives a pause of the JVM or a loaded machine, short enough that a
     * newcomer behind idle connections is served within a second.
     */
    static final long MIN_IDLE_TO_EVICT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /**
     * Each connection thread gets this much stack, whatever the JVM's default (-Xss, often 1 MiB
     * or less): enough for any path {@link PathLimits} lets through, with room to spare.
     */
    static final long CONNECTION_STACK_BYTES = 8L << 20;
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path socketPath;
    private final ServerSocketChannel serverChannel;
    private final SocketFileIdentity socketFileIdentity;
    private final AllowedPeers allowedPeers;
    private final ControlRequestHandler handler;
    private final ControlSocketOptions options;
    private final Semaphore slots;
    private final ExecutorService workers;
    private final Set<ControlConnection> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptThread;
    private volatile boolean closed;

    private ControlSocketServer(Path socketPath, ServerSocketChannel serverChannel, SocketFileIdentity socketFileIdentity,
            AllowedPeers allowedPeers, PathTranslator translator, ControlSocketOptions options) {
        this.socketPath = socketPath;
        this.serverChannel = serverChannel;
        this.socketFileIdentity = socketFileIdentity;
        this.allowedPeers = allowedPeers;
        this.handler = new ControlRequestHandler(translator);
        this.options = options;
        this.slots = new Semaphore(options.maxConnections());
        this.workers = Executors.newCachedThreadPool(daemonThreads("revcrypt-ctlsock-conn-", CONNECTION_STACK_BYTES));
        this.acceptThread = new Thread(this::acceptLoop, "revcrypt-ctlsock-accept");
        this.acceptThread.setDaemon(true);
    }

    /** Starts serving with {@link ControlSocketOptions#DEFAULTS}. */
    public static ControlSocketServer start(Path socketPath, PathTranslator translator) throws IOException {
        return start(socketPath, translator, ControlSocketOptions.DEFAULTS);
    }

    /**
     * Creates the socket at {@code socketPath} (mode 0600) and starts serving it in the background.
     *
     * @throws FileAlreadyExistsException if the path exists and is not a socket
     * @throws IOException if another process serves the path, or the socket cannot be created
     */
    public static ControlSocketServer start(Path socketPath, PathTranslator translator, ControlSocketOptions options)
            throws IOException {
        Objects.requireNonNull(socketPath, "socketPath");
        Objects.requireNonNull(translator, "translator");
        Objects.requireNonNull(options, "options");
        removeStaleSocket(socketPath);

        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        SocketFileIdentity identity;
        AllowedPeers allowedPeers;
        try {
            try {
                channel.bind(UnixDomainSocketAddress.of(socketPath), ACCEPT_BACKLOG);
            } catch (IOException e) {
                throw new IOException("cannot create control socket " + socketPath + ": " + e.getMessage(), e);
            }
            try {
                // The window between bind and chmod is why callers use a 0700 directory.
                Files.setPosixFilePermissions(socketPath, OWNER_READ_WRITE);
                identity = SocketFileIdentity.of(socketPath);
                allowedPeers = AllowedPeers.ownerOf(socketPath);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(socketPath);
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        ControlSocketServer server = new ControlSocketServer(socketPath, channel, identity, allowedPeers, translator, options);
        server.acceptThread.start();
        LOG.log(Level.DEBUG, () -> "ctlsock: listening on " + socketPath);
        return server;
    }

    public Path socketPath() {
        return socketPath;
    }

    /**
     * Stops accepting, removes the socket file, ends every connection and waits briefly (up to
     * two seconds) for their threads. Idempotent.
     */
    @Override
    public void close() {
        List<ControlConnection> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = List.copyOf(connections);
        }
        try {
            serverChannel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "ctlsock: closing the listener failed: " + e);
        }
        acceptThread.interrupt();
        deleteSocketFileIfOurs();
        open.forEach(ControlConnection::stop);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
            acceptThread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.log(Level.DEBUG, () -> "ctlsock: closed " + socketPath);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                acceptOne();
            } catch (InterruptedException e) {
                // close() interrupts us; the loop condition decides.
            } catch (ClosedChannelException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "ctlsock: listener closed unexpectedly; no longer serving " + socketPath);
                }
                return;
            } catch (Throwable t) {
                if (closed) {
                    return;
                }
                // E.g. EMFILE: log, breathe, and keep serving rather than spin or die.
                LOG.log(Level.WARNING, "ctlsock: accept failed", t);
                try {
                    Thread.sleep(ACCEPT_ERROR_PAUSE_MILLIS);
                } catch (InterruptedException ignored) {
                    // re-check closed
                }
            }
        }
    }

    private void acceptOne() throws InterruptedException, IOException {
        SocketChannel client = serverChannel.accept();
        if (!takeSlot()) {
            client.close(); // closing down
            return;
        }
        boolean handedOver = false;
        try {
            String refusal = allowedPeers.refusal(client);
            if (refusal != null) {
                LOG.log(Level.WARNING, "ctlsock: " + refusal + "; refusing the connection");
            }
            ControlResponse refused = refusal == null ? null : AllowedPeers.refusalAnswer(refusal);
            ControlConnection[] self = new ControlConnection[1];
            ControlConnection connection = new ControlConnection(client,
                    refused == null ? handler::handle : request -> refused, refused != null, options, () -> {
                        connections.remove(self[0]);
                        slots.release();
                    });
            self[0] = connection;
            synchronized (this) {
                if (closed) {
                    return;
                }
                connections.add(connection);
            }
            try {
                workers.execute(connection);
                handedOver = true;
            } catch (RejectedExecutionException e) {
                connections.remove(connection);
            }
        } finally {
            if (!handedOver) {
                slots.release();
                client.close();
            }
        }
    }

    /**
     * Takes a connection slot for a client just accepted. When all are taken, the connection that
     * has waited longest for its client (and at least {@link #MIN_IDLE_TO_EVICT_NANOS}) is closed
     * to make room: idle clients cannot lock others out, however many they open. Connections in
     * active use are never evicted; if every one is, the newcomer waits for one to finish, and
     * later clients wait in the kernel's accept backlog. False only once the server is closing.
     */
    private boolean takeSlot() throws InterruptedException {
        if (slots.tryAcquire()) {
            return true;
        }
        do {
            if (closed) {
                return false;
            }
            evictLongestIdle();
        } while (!slots.tryAcquire(SLOT_POLL_MILLIS, TimeUnit.MILLISECONDS));
        return true;
    }

    private void evictLongestIdle() {
        long now = System.nanoTime();
        ControlConnection longestIdle = null;
        long longest = MIN_IDLE_TO_EVICT_NANOS - 1;
        for (ControlConnection c : connections) {
            long idle = c.idleNanos(now);
            if (idle > longest) {
                longest = idle;
                longestIdle = c;
            }
        }
        if (longestIdle != null) {
            long idleMillis = TimeUnit.NANOSECONDS.toMillis(longest);
            LOG.log(Level.DEBUG, () -> "ctlsock: all " + options.maxConnections()
                    + " connections taken; closing one idle for " + idleMillis + " ms to serve a new client");
            longestIdle.stop();
        }
    }

    /**
     * Makes room for a new socket at {@code path}: nothing there is fine; a socket nobody answers
     * on is a leftover of a killed process and is removed; anything else is refused.
     */
    private static void removeStaleSocket(Path path) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!isSocket(path, attrs)) {
            throw new FileAlreadyExistsException(path.toString(), null,
                    "exists and is not a socket; refusing to replace it");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            // Non-blocking, so a live server with a full backlog cannot make us hang.
            probe.configureBlocking(false);
            probe.connect(UnixDomainSocketAddress.of(path));
        } catch (ConnectException refused) {
            LOG.log(Level.DEBUG, () -> "ctlsock: removing stale socket " + path);
            Files.deleteIfExists(path);
            return;
        } catch (IOException e) {
            throw new IOException("cannot tell whether control socket " + path + " is in use: " + e.getMessage(), e);
        }
        throw new IOException("control socket " + path
                + " is in use: another process is serving it (another revcrypt or gocryptfs mount?)");
    }

    private static boolean isSocket(Path path, BasicFileAttributes attrs) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFSOCK;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return attrs.isOther(); // no "unix" view: best effort (sockets, fifos, devices)
        }
    }

    private void deleteSocketFileIfOurs() {
        try {
            if (socketFileIdentity.equals(SocketFileIdentity.of(socketPath))) {
                Files.deleteIfExists(socketPath);
            } else {
                LOG.log(Level.DEBUG, () -> "ctlsock: " + socketPath + " was replaced; leaving it alone");
            }
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, () -> "ctlsock: cannot remove " + socketPath + ": " + e);
        }
    }

    /**
     * Tells our socket file from one that replaced it. Inode numbers alone are not enough (a
     * deleted inode is reused at once), so the modification time and the file type count too.
     */
    private record SocketFileIdentity(Object fileKey, FileTime modified, boolean socket) {
        static SocketFileIdentity of(Path path) throws IOException {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return new SocketFileIdentity(a.fileKey(), a.lastModifiedTime(), isSocket(path, a));
        }
    }

    private static ThreadFactory daemonThreads(String prefix, long stackBytes) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(null, runnable, prefix + counter.incrementAndGet(), stackBytes);
            t.setDaemon(true);
            return t;
        };
    }
}
