package io.revcrypt.fuse;

import io.revcrypt.core.view.ReverseView;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mounted view, with the lifecycle done here rather than by jnr-fuse's defaults (design §5):
 * the mount point is checked first (an empty directory, not mounted; a dead mount left by a killed
 * process is cleared), {@link #mount} returns only once the kernel routes a stat to us, and
 * {@link #close()} unmounts, waits for libfuse's loop to end and wipes the keys.
 */
public final class FuseMount implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FuseMount.class.getName());

    private final Path mountPoint;
    private final ReverseView view;
    private final ReverseFuseFs fs;
    private final Thread loop;
    private final CountDownLatch loopEnded = new CountDownLatch(1);
    private final AtomicInteger loopResult = new AtomicInteger(Integer.MIN_VALUE);
    private final AtomicBoolean closed = new AtomicBoolean();

    private FuseMount(Path mountPoint, ReverseView view, ReverseFuseFs fs, Thread loop) {
        this.mountPoint = mountPoint;
        this.view = view;
        this.fs = fs;
        this.loop = loop;
    }

    /**
     * Mounts {@code view} at {@code mountPoint} and returns once it answers. On failure the view is
     * closed.
     */
    public static FuseMount mount(ReverseView view, Path mountPoint, MountOptions options) throws MountException {
        Path mnt = mountPoint.toAbsolutePath().normalize();
        try {
            prepareMountPoint(mnt);
        } catch (MountException e) {
            view.close();
            throw e;
        }
        CountDownLatch answered = new CountDownLatch(1);
        ReverseFuseFs fs = new ReverseFuseFs(view, answered::countDown);
        String[] argv = {"revcrypt", "-f", mnt.toString(), "-o", options.fuseOptions()};
        FuseMount[] self = new FuseMount[1];
        Thread loop = new Thread(() -> {
            try {
                self[0].loopResult.set(fs.runFuseMain(argv));
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "libfuse loop failed", t);
                self[0].loopResult.set(-1);
            } finally {
                self[0].loopEnded.countDown();
            }
        }, "fuse-main");
        FuseMount m = new FuseMount(mnt, view, fs, loop);
        self[0] = m;
        loop.start();
        try {
            m.awaitReady(answered, options);
        } catch (MountException e) {
            m.close();
            throw e;
        }
        return m;
    }

    private void awaitReady(CountDownLatch answered, MountOptions options) throws MountException {
        long deadline = System.nanoTime() + options.readyTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (loopEnded.await(5, TimeUnit.MILLISECONDS)) {
                    throw new MountException("libfuse could not mount " + mountPoint + " (see its message above)");
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

    /** Unmounts (if still mounted), waits up to 20 s for libfuse's loop to end, then wipes the keys. */
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
                LOG.log(System.Logger.Level.WARNING, "libfuse's loop did not end within 20 s");
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
