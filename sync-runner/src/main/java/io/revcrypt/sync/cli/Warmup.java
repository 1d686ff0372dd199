package io.revcrypt.sync.cli;

import io.revcrypt.core.posix.Posix;
import io.revcrypt.fuse.FuseLibrary;

/**
 * Loads the native bindings (libc, libfuse) and the JCE on a second core while the first reads
 * the config and derives the key: jnr generates its glue classes at run time, which takes about
 * as long as the key derivation, so doing both at once takes a good part off the time until a
 * mount answers.
 */
final class Warmup {

    private Warmup() {
    }

    static Thread start() {
        Thread t = new Thread(() -> {
            try {
                // the native bindings first: they are the longest part (jnr generates their glue
                // classes), and the main thread is busy with the key meanwhile
                Posix.get();
                FuseLibrary.load();
                javax.crypto.Cipher.getInstance("AES/CTR/NoPadding");
                javax.crypto.Cipher.getInstance("AES/CBC/NoPadding");
            } catch (Throwable ignored) {
                // whatever failed here fails again, with a proper message, where it is used
            }
        }, "warmup");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
