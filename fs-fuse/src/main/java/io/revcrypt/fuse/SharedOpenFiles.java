package io.revcrypt.fuse;

import io.revcrypt.core.posix.Errno;
import io.revcrypt.core.view.FsException;
import io.revcrypt.core.view.NodeAttributes;
import io.revcrypt.core.view.OpenFile;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The open files behind reads when the kernel does not open files through us (FUSE
 * {@code no_open}: no OPEN and no RELEASE round trip per file, which is most of what a copy of many
 * small files costs). Every read of a path shares one {@link OpenFile} for as long as the kernel
 * holds the attributes it was opened with: a large file read in many requests is read from one
 * inode at one size, as through an open handle. When the kernel learns other attributes for the
 * path (inode, size, mtime or ctime), the file is opened anew; the kernel drops its cached pages
 * of it at the same moment ({@code auto_inval_data}).
 *
 * <p>A read that continues a file (offset above 0) must not get the bytes of another file that
 * has taken its name since (a rename over it): the copy would be half one file and half the
 * other, every block authentic. So the inode each path was last read from is kept
 * ({@link ServedInodes}), and a read at an offset above 0 that finds another inode, within a
 * minute of that path's file being open, fails with EIO ("replaced while being read"); a read
 * from offset 0 starts afresh. This is the consistency of
 * an open handle, which also keeps its inode. Within one inode, changes show as they do through
 * a handle: appended bytes extend the file, and a file written in place mid-copy is copied as
 * the reads find it (as gocryptfs and rsync itself do).
 *
 * <p>Nothing tells us when a reader is done, so a file stays open until it has not been read for
 * {@link #IDLE_NANOS} (a daemon thread, started by the first read, looks every second), or until
 * {@link #MAX_OPEN} newer ones push it out. A read in progress holds a reference: its file is
 * closed only once that read is over, never under it.
 */
final class SharedOpenFiles {

    /** Enough for every reader of a busy mount; each holds one file descriptor of the source. */
    static final int MAX_OPEN = 64;
    /** How long a file no one reads stays open (a deleted file's space is freed then). */
    static final long IDLE_NANOS = 2_000_000_000L;

    /** Opens a path of the view; the attributes of the result say which version was opened. */
    @FunctionalInterface
    interface Opener {
        OpenFile open(String cipherPath) throws FsException;
    }

    /** One read's hold on a shared file; closing it lets the file be closed when no longer shared. */
    interface Lease extends AutoCloseable {
        OpenFile file();

        @Override
        void close();
    }

    private static final class Entry implements Lease {
        final String path;
        final OpenFile file;
        /** One for the table while it holds the entry, one per read in progress. */
        final AtomicInteger refs = new AtomicInteger(2);
        volatile long lastRead;

        Entry(String path, OpenFile file, long now) {
            this.path = path;
            this.file = file;
            this.lastRead = now;
        }

        boolean retain() {
            for (;;) {
                int r = refs.get();
                if (r == 0) {
                    return false; // already closed: the caller opens a new one
                }
                if (refs.compareAndSet(r, r + 1)) {
                    return true;
                }
            }
        }

        @Override
        public OpenFile file() {
            return file;
        }

        @Override
        public void close() {
            if (refs.decrementAndGet() == 0) {
                file.close();
            }
        }
    }

    private final Map<String, Entry> open = new ConcurrentHashMap<>();
    /** The entries in the order they were opened, the oldest first. */
    private final Queue<Entry> byAge = new ConcurrentLinkedQueue<>();
    /** Length of {@link #byAge} (whose own size() counts): every open entry, and dropped ones not yet polled. */
    private final AtomicInteger queued = new AtomicInteger();
    private final ServedInodes served = new ServedInodes();
    private final Opener opener;
    private final LongSupplier clock;
    private final AtomicBoolean janitorStarted = new AtomicBoolean();
    private volatile boolean closed;

    SharedOpenFiles(Opener opener) {
        this(opener, System::nanoTime, true);
    }

    /** With a clock, and without the janitor thread where {@code janitor} is false: for tests. */
    SharedOpenFiles(Opener opener, LongSupplier clock, boolean janitor) {
        this.opener = opener;
        this.clock = clock;
        this.janitorStarted.set(!janitor);
    }

    /**
     * The shared open file of {@code cipherPath} for a read at {@code offset}, opened now if there
     * is none; close the lease after the read.
     *
     * @throws FsException EIO where the read continues a file that another has replaced since
     */
    Lease acquire(String cipherPath, long offset) throws FsException {
        Entry e = open.get(cipherPath);
        if (e != null && e.retain()) {
            e.lastRead = clock.getAsLong();
            return e;
        }
        if (!janitorStarted.get() && janitorStarted.compareAndSet(false, true)) {
            startJanitor();
        }
        OpenFile file = opener.open(cipherPath);
        long ino = file.attributes().ino();
        long now = clock.getAsLong();
        if (offset > 0 && served.otherThan(cipherPath, ino, now)) {
            file.close();
            throw new FsException(Errno.EIO, "file replaced while being read: " + cipherPath);
        }
        served.remember(cipherPath, ino, now);
        Entry fresh = new Entry(cipherPath, file, now);
        Entry replaced = open.put(cipherPath, fresh);
        if (replaced != null) {
            replaced.close(); // the table's reference: whoever takes an entry out of the table lets go of it
        }
        byAge.add(fresh);
        if (queued.incrementAndGet() > MAX_OPEN) {
            closeOldest();
        }
        return fresh;
    }

    /**
     * The kernel has just been told these attributes of {@code cipherPath}: a shared file opened
     * at another version is not read again.
     */
    void told(String cipherPath, NodeAttributes now) {
        Entry e = open.get(cipherPath);
        if (e != null && !sameVersion(e.file.attributes(), now)) {
            drop(e);
        }
    }

    /** Closes the files not read for {@link #IDLE_NANOS} (once no read holds them). */
    void closeIdle() {
        long now = clock.getAsLong();
        for (Entry e : open.values()) {
            if (now - e.lastRead > IDLE_NANOS) {
                drop(e);
            }
        }
    }

    /** Closes every file once the reads in progress on it are over, and stops looking for idle ones. */
    void closeAll() {
        closed = true;
        open.values().forEach(this::drop);
    }

    int size() {
        return open.size();
    }

    /** Closes the oldest entry still open; entries dropped otherwise leave the queue here too. */
    private void closeOldest() {
        Entry e;
        do {
            e = byAge.poll();
            if (e == null) {
                return;
            }
            queued.decrementAndGet();
        } while (open.get(e.path) != e && queued.get() > MAX_OPEN);
        drop(e);
    }

    private void drop(Entry e) {
        if (open.remove(e.path, e)) {
            served.closed(e.path, clock.getAsLong());
            e.close(); // it stays in byAge until polled there
        }
    }

    private void startJanitor() {
        Thread t = new Thread(() -> {
            while (!closed) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                closeIdle();
            }
        }, "revcrypt-idle-files");
        t.setDaemon(true);
        t.start();
    }

    /** Inode, size, mtime and ctime: what tells the kernel that its cached pages of the file are stale. */
    static boolean sameVersion(NodeAttributes a, NodeAttributes b) {
        return a.ino() == b.ino() && a.size() == b.size() && a.mtimeSec() == b.mtimeSec()
                && a.mtimeNsec() == b.mtimeNsec() && a.ctimeSec() == b.ctimeSec() && a.ctimeNsec() == b.ctimeNsec();
    }
}
