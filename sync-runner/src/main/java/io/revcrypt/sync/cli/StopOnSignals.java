package io.revcrypt.sync.cli;

import io.revcrypt.fuse.Fusermount;
import io.revcrypt.fuse.MountException;
import java.nio.file.Path;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM end a serving mount the way gocryptfs does: unmount, let the serving loop
 * finish, exit 0 — not the JVM's default of running shutdown hooks and exiting 130/143. A signal
 * that arrives before the mount is up is remembered and acted on as soon as it is.
 */
final class StopOnSignals {

    private final Path mountPoint;
    private volatile boolean requested;
    private volatile boolean mounted;

    private StopOnSignals(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Installs the handlers; call before mounting. */
    static StopOnSignals install(Path mountPoint) {
        StopOnSignals s = new StopOnSignals(mountPoint);
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), sig -> s.request());
        }
        return s;
    }

    /** The mount is up: a stop requested so far happens now. */
    void mounted() {
        mounted = true;
        if (requested) {
            unmountInBackground();
        }
    }

    private void request() {
        requested = true;
        if (mounted) {
            unmountInBackground();
        }
    }

    private void unmountInBackground() {
        Thread t = new Thread(() -> {
            try {
                Fusermount.unmount(mountPoint, false);
            } catch (MountException e) {
                try {
                    Fusermount.unmount(mountPoint, true);
                } catch (MountException again) {
                    Console.err().println("revcrypt: cannot unmount " + mountPoint + ": " + again.getMessage());
                }
            }
        }, "unmount-on-signal");
        t.setDaemon(true);
        t.start();
    }
}
