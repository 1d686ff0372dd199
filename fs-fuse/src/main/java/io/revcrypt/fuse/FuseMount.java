package io.revcrypt.fuse;

import io.revcrypt.core.view.ReverseView;
import io.revcrypt.fuse.libfuse3.FuseOperations;
import io.revcrypt.fuse.libfuse3.FuseSession;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A mounted view, with the lifecycle done here rather than by libfuse's {@code fuse_main}
 * (design §5): the mount point is checked first (an empty directory, not mounted; a dead mount
 * left by a killed process is cleared), {@link #mount} returns only once the kernel routes a stat
 * to us, and {@link #close()} unmounts, waits for the request loop to end and wipes the keys.
 *
 * <p>Requests are served by a fixed set of our own worker threads, each running libfuse's
 * receive/process loop ({@link FuseSession#serve()}); they never exit while mounted, so no thread
 * is ever created per request, and they are Java threads, so no call into Java attaches one. A
 * coordinator thread waits for them when the file system goes away and then frees libfuse.
 */
public final class FuseMount implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FuseMount.class.getName());

    private final Path mountPoint;
    private final ReverseView view;
    private final ReverseFuseFs fs;
    private final FuseSession session;
    private final List<Thread> workers = new ArrayList<>();
    private final CountDownLatch firstWorkerOut = new CountDownLatch(1);
    private final CountDownLatch loopEnded = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private FuseMount(Path mountPoint, ReverseView view, ReverseFuseFs fs, FuseSession session) {
        this.mountPoint = mountPoint;
        this.view = view;
        this.fs = fs;
        this.session = session;
    }

    /**
     * Worker threads: enough to keep every core busy while some wait for the disk, about as many
     * as libfuse's own loop would start at most (10). The kernel wakes one reader per request, and
     * an idle worker costs little (its buffers are allocated when it first serves a read).
     */
    static int workerCount() {
        return Math.min(16, Math.max(8, 2 * Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Mounts {@code view} at {@code mountPoint} and returns once it answers. On failure the view is
     * closed.
     */
    public static FuseMount mount(ReverseView view, Path mountPoint, MountOptions options) throws MountException {
        Path mnt = mountPoint.toAbsolutePath().normalize();
        CountDownLatch answered = new CountDownLatch(1);
        ReverseFuseFs fs;
        FuseSession session;
        try {
            prepareMountPoint(mnt);
            fs = new ReverseFuseFs(view, answered::countDown);
            session = FuseSession.create(FuseOperations.of(fs), List.of("revcrypt", "-o", options.fuseOptions()));
        } catch (MountException e) {
            view.close();
            throw e;
        } catch (RuntimeException | LinkageError e) {
            view.close();
            throw new MountException(String.valueOf(e.getMessage()), e);
        }
        if (!session.mount(mnt.toString())) {
            session.destroy();
            view.close();
            throw new MountException("libfuse could not mount " + mnt + " (see its message above)");
        }
        FuseMount m = new FuseMount(mnt, view, fs, session);
        try {
            m.start(workerCount());
            m.awaitReady(answered, options);
        } catch (MountException e) {
            m.close();
            throw e;
        }
        return m;
    }

    /** Starts the coordinator, then the workers; if one cannot be started, the coordinator ends it all. */
    private void start(int count) throws MountException {
        for (int i = 0; i < count; i++) {
            Thread w = new Thread(this::serve, "fuse-worker-" + i);
            w.setDaemon(true);
            workers.add(w);
        }
        Thread main = new Thread(this::coordinate, "fuse-main");
        main.setDaemon(true);
        main.start();
        try {
            workers.forEach(Thread::start);
        } catch (RuntimeException | Error e) {
            firstWorkerOut.countDown();
            throw new MountException("cannot start the FUSE worker threads: " + e, e);
        }
    }

    private void serve() {
        try {
            int res = session.serve();
            if (res < 0) {
                LOG.log(System.Logger.Level.ERROR, "reading /dev/fuse failed: errno {0}", -res);
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "FUSE worker failed", t);
            session.exit();
        } finally {
            firstWorkerOut.countDown();
        }
    }

    /**
     * Waits for the session to end. Normally the kernel ends it for every worker at once
     * (unmounted: ENODEV), and the mount is gone by then. If it is still there, libfuse ended
     * the session by itself (a failed handshake, a read error) or a worker could not start: the
     * other workers still wait on the device, and a lazy unmount releases them. Then libfuse is freed.
     */
    private void coordinate() {
        try {
            firstWorkerOut.await();
            if (MountTable.find(mountPoint).filter(MountTable.Mount::isFuse).isPresent()) {
                LOG.log(System.Logger.Level.WARNING, "libfuse stopped serving {0}; detaching it", mountPoint);
                try {
                    Fusermount.unmount(mountPoint, true);
                } catch (MountException e) {
                    LOG.log(System.Logger.Level.ERROR, "could not detach {0}: {1}", mountPoint, e.getMessage());
                }
            }
            for (Thread w : workers) {
                w.join();
            }
            session.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "ending the FUSE session failed", t);
        } finally {
            loopEnded.countDown();
        }
    }

    private void awaitReady(CountDownLatch answered, MountOptions options) throws MountException {
        long deadline = System.nanoTime() + options.readyTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (loopEnded.await(5, TimeUnit.MILLISECONDS)) {
                    throw new MountException("libfuse stopped serving " + mountPoint + " before it answered (see its message above)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MountException("interrupted while mounting");
            }
            if (MountTable.find(mountPoint).filter(MountTable.Mount::isFuse).isPresent()) {
                try {
                    Files.readAttributes(mountPoint, "unix:ino");
                } catch (IOException e) {
                    continue;
                }
                if (answered.getCount() == 0) {
                    return;
                }
            }
        }
        throw new MountException("the mount at " + mountPoint + " did not answer within "
                + options.readyTimeout().toSeconds() + " s");
    }

    /**
     * An empty directory that nothing is mounted on. A FUSE mount whose process died ("Transport
     * endpoint is not connected") is cleared with a lazy unmount; a live mount is refused.
     */
    static void prepareMountPoint(Path mnt) throws MountException {
        if (MountTable.isMounted(mnt)) {
            if (isDeadFuseMount(mnt)) {
                LOG.log(System.Logger.Level.INFO, "clearing the dead mount at {0}", mnt);
                Fusermount.unmount(mnt, true);
            } else {
                throw new MountException("something is already mounted at " + mnt
                        + "; unmount it first (revcrypt unmount " + mnt + ")");
            }
        }
        if (!Files.isDirectory(mnt, LinkOption.NOFOLLOW_LINKS)) {
            throw new MountException(Files.exists(mnt, LinkOption.NOFOLLOW_LINKS)
                    ? "mount point " + mnt + " is not a directory" : "mount point " + mnt + " does not exist");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(mnt)) {
            if (entries.iterator().hasNext()) {
                throw new MountException("mount point " + mnt + " is not empty; use an empty directory");
            }
        } catch (IOException e) {
            throw new MountException("cannot read mount point " + mnt + ": " + e.getMessage(), e);
        }
    }

    /** True if a FUSE mount is listed at {@code mnt} but its server is gone. */
    public static boolean isDeadFuseMount(Path mnt) {
        if (MountTable.find(mnt).filter(MountTable.Mount::isFuse).isEmpty()) {
            return false;
        }
        try {
            Files.readAttributes(mnt, "unix:ino");
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (FileSystemException e) {
            String reason = String.valueOf(e.getReason()) + e.getMessage();
            return reason.contains("not connected");
        } catch (IOException e) {
            return false;
        }
    }

    public Path mountPoint() {
        return mountPoint;
    }

    public ReverseView view() {
        return view;
    }

    /** Blocks until the mount goes away (unmounted from outside, or closed). */
    public void awaitUnmounted() throws InterruptedException {
        loopEnded.await();
    }

    /** Unmounts (if still mounted), waits up to 20 s for the request loop to end, then wipes the keys. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (loopEnded.getCount() > 0 && MountTable.isMounted(mountPoint)) {
                try {
                    Fusermount.unmount(mountPoint, false);
                } catch (MountException e) {
                    LOG.log(System.Logger.Level.WARNING, "unmounting {0}: {1}; detaching it lazily", mountPoint,
                            e.getMessage());
                    Fusermount.unmount(mountPoint, true);
                }
            }
            if (!loopEnded.await(20, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "the FUSE request loop did not end within 20 s");
            }
        } catch (MountException e) {
            LOG.log(System.Logger.Level.ERROR, "could not unmount {0}: {1}", mountPoint, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            fs.closeAllFiles();
            view.close();
        }
    }
}
