package io.revcrypt.sync.cli;

import io.revcrypt.core.posix.DestFs;
import io.revcrypt.core.posix.Posix;
import io.revcrypt.fuse.FuseLibrary;
import io.revcrypt.sync.session.ProcessCalls;

/**
 * Loads the native bindings (libc, libfuse) and the JCE on a second core while the first parses
 * the command line, reads the config and derives the key: jnr generates its glue classes at run
 * time, which takes about as long as all of that, so doing both at once takes a good part off
 * the time until a mount answers. Started once, as early as the mount process knows it is one.
 */
final class Warmup {

    /** What one warm-up loads; whatever fails there fails again, with a proper message, where it is used. */
    private interface Loads {
        void load() throws Exception;
    }

    private static Thread started;

    private Warmup() {
    }

    static Thread start() {
        return startLoading(() -> {
            // the native bindings first: they are the longest part (jnr generates their glue
            // classes), and the main thread is busy with the key meanwhile
            Posix.get();
            FuseLibrary.load();
            ProcessCalls.load(); // setsid, once the mount answers
            javax.crypto.Cipher.getInstance("AES/GCM/NoPadding"); // the config's wrapped key
            javax.crypto.Cipher.getInstance("AES/CTR/NoPadding");
            javax.crypto.Cipher.getInstance("AES/CBC/NoPadding");
        });
    }

    /**
     * For a snapshot sync: the bindings its links from the base snapshot need, loaded while
     * picocli reads the command line. The links are made while the mount starts, on the same two
     * cores; generating the glue classes then took more than half of their time (measured for
     * 20,000 files: 430–470 ms in a fresh JVM, 130–180 ms once loaded).
     */
    static void startForSnapshots() {
        startLoading(() -> {
            Posix.get();
            DestFs.get();
        });
    }

    /** Starts the one warm-up of this process, unless one has started already. */
    private static synchronized Thread startLoading(Loads loads) {
        if (started != null) {
            return started;
        }
        Thread t = new Thread(() -> {
            try {
                loads.load();
            } catch (Throwable ignored) {
                // whatever failed here fails again, with a proper message, where it is used
            }
        }, "warmup");
        t.setDaemon(true);
        t.start();
        started = t;
        return t;
    }
}
