package io.revcrypt.fuse;

import io.revcrypt.core.posix.PosixException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;

/**
 * {@code umount2}, for {@link Fusermount}'s one-system-call unmount: it belongs to the mount
 * lifecycle, not to fs-core's plaintext binding. Loaded on first use.
 */
final class KernelUnmount {

    /** The libc functions; public because jnr implements it in a class loader of its own. */
    public interface LibC {
        @SaveError
        int umount2(@In byte[] target, int flags);

        String strerror(int errnum);
    }

    /** Loaded on first use, not with this class: the holder idiom keeps that lazy and thread-safe. */
    private static final class Loaded {
        static final LibC LIBC = LibraryLoader.create(LibC.class).failImmediately().load("c");
    }

    private KernelUnmount() {
    }

    /**
     * Unmounts the file system at an absolute path ({@code umount2} without flags): it fails
     * rather than detach a busy one. Needs CAP_SYS_ADMIN; others unmount a FUSE mount through
     * {@code fusermount3}.
     */
    static void unmount(String absolutePath) throws PosixException {
        byte[] path = absolutePath.getBytes(StandardCharsets.UTF_8);
        if (Loaded.LIBC.umount2(Arrays.copyOf(path, path.length + 1), 0) < 0) {
            int errno = Runtime.getRuntime(Loaded.LIBC).getLastError();
            throw new PosixException(errno, "umount2 " + absolutePath + ": " + Loaded.LIBC.strerror(errno));
        }
    }
}
