package io.revcrypt.sync.session;

import io.revcrypt.core.posix.PosixException;
import java.util.Objects;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/**
 * The process calls the daemonized mount child needs and the JDK lacks ({@code setsid}). They
 * belong to the code that starts and detaches processes, not to fs-core's plaintext binding.
 * The binding loads on first use; {@link #load()} lets a warm-up thread take that cost (jnr
 * generates its glue then) off the path to the child's ready line.
 */
public final class ProcessCalls {

    /** The libc functions; public because jnr implements it in a class loader of its own. */
    public interface LibC {
        @SaveError
        int setsid();

        String strerror(int errnum);
    }

    /** Loaded on first use, not with this class: the holder idiom keeps that lazy and thread-safe. */
    private static final class Loaded {
        static final LibC LIBC = LibraryLoader.create(LibC.class).failImmediately().load("c");
    }

    private ProcessCalls() {
    }

    /** Loads the binding now (for a warm-up thread). */
    public static void load() {
        Objects.requireNonNull(Loaded.LIBC);
    }

    /** Detaches the calling process from its terminal's session (for a daemonized mount). */
    public static void setsid() throws PosixException {
        if (Loaded.LIBC.setsid() < 0) {
            int errno = Runtime.getRuntime(Loaded.LIBC).getLastError();
            throw new PosixException(errno, "setsid: " + Loaded.LIBC.strerror(errno));
        }
    }
}
