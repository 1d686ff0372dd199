package io.revcrypt.sync.cli;

import io.revcrypt.core.posix.Posix;
import io.revcrypt.fuse.FuseLibrary;

/**
 * Loads scrypt, the native bindings (libc, libfuse) and the JCE on a second core while the first
 * reads the config and derives the key: jnr generates its glue classes at run time and scrypt's
 * inner loop runs interpreted until the JIT compiles it, so doing that in parallel takes a good
 * part off the time until a mount answers.
 */
final class Warmup {

    private Warmup() {
    }

    static Thread start() {
        Thread t = new Thread(() -> {
            try {
                // a small scrypt first: loads Bouncy Castle and lets the JIT compile its inner loop
                org.bouncycastle.crypto.generators.SCrypt.generate(new byte[1], new byte[32], 1024, 8, 1, 32);
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
