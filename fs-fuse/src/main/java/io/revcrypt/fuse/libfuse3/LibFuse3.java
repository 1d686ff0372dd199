package io.revcrypt.fuse.libfuse3;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;

/**
 * The few functions of libfuse 3 ({@code libfuse3.so.3}) that {@link FuseSession} calls: the
 * high-level file system object, mounting, and the session's receive/process pair with which
 * our own Java threads run the request loop. Pointers are passed as {@code long} addresses.
 *
 * <p>Symbol versions: jnr-ffi resolves names with {@code dlsym}, which gives the default
 * ({@code @@}) version. In 3.14 that is {@code fuse_new@@FUSE_3.1} (= {@code fuse_new_31}, the
 * one that takes no {@code --help}); every other function here has only {@code FUSE_3.0}.
 * We do not bind {@code fuse_main_real}: it changes the process's working directory to
 * {@code /} even in the foreground ({@code fuse_daemonize}), cannot set the worker limits in 3.14
 * ({@code max_threads} is parsed but not applied; the default {@code max_idle_threads=-1} is
 * rejected with an error message), and runs the loop on libfuse's own native threads, which the
 * JVM has to attach and (for their first 1000 calls, see jffi's {@code THREAD_ATTACH_THRESHOLD})
 * detach again around every call into Java.
 */
public interface LibFuse3 {

    /** {@code struct fuse *fuse_new(struct fuse_args *args, const struct fuse_operations *op, size_t op_size, void *private_data)}. */
    @intptr_t
    long fuse_new(@intptr_t long args, @intptr_t long op, @size_t long opSize, @intptr_t long privateData);

    /** {@code int fuse_mount(struct fuse *f, const char *mountpoint)}; 0 or -1 (libfuse prints why). */
    int fuse_mount(@intptr_t long fuse, @In byte[] mountPoint);

    /** {@code void fuse_unmount(struct fuse *f)}: unmounts if still mounted, and closes /dev/fuse. */
    void fuse_unmount(@intptr_t long fuse);

    /** {@code void fuse_destroy(struct fuse *f)}. */
    void fuse_destroy(@intptr_t long fuse);

    /** {@code struct fuse_session *fuse_get_session(struct fuse *f)}. */
    @intptr_t
    long fuse_get_session(@intptr_t long fuse);

    /** {@code int fuse_session_receive_buf(struct fuse_session *se, struct fuse_buf *buf)}: bytes read, 0 at the end, or -errno. */
    int fuse_session_receive_buf(@intptr_t long session, @intptr_t long buf);

    /** {@code void fuse_session_process_buf(struct fuse_session *se, const struct fuse_buf *buf)}. */
    void fuse_session_process_buf(@intptr_t long session, @intptr_t long buf);

    /** {@code void fuse_session_exit(struct fuse_session *se)}. */
    void fuse_session_exit(@intptr_t long session);

    /** {@code int fuse_session_exited(struct fuse_session *se)}. */
    int fuse_session_exited(@intptr_t long session);

    /** {@code void fuse_opt_free_args(struct fuse_args *args)}: frees what option parsing allocated. */
    void fuse_opt_free_args(@intptr_t long args);

    /** {@code int fuse_version(void)}: 314 for 3.14. */
    int fuse_version();

    /** {@code const char *fuse_pkgversion(void)}: the package's version, "3.14.0". */
    String fuse_pkgversion();

    /**
     * The loaded library (loaded once, on first use). Throws {@link UnsatisfiedLinkError} with the
     * reason every time it is called if it could not be loaded (not only the first time, as a
     * failed class initialisation would).
     */
    static LibFuse3 get() {
        if (Holder.LIB == null) {
            UnsatisfiedLinkError e = new UnsatisfiedLinkError(Holder.FAILURE.getMessage());
            e.initCause(Holder.FAILURE);
            throw e;
        }
        return Holder.LIB;
    }

    /** Lazy holder: the library is loaded when first used, e.g. by the command line's warm-up. */
    final class Holder {
        static final LibFuse3 LIB;
        static final Throwable FAILURE;

        static {
            LibFuse3 lib = null;
            Throwable failure = null;
            try {
                Layout.check();
                lib = LibraryLoader.create(LibFuse3.class).failImmediately().load("fuse3");
            } catch (UnsupportedOperationException e) {
                failure = e;
            } catch (LinkageError e) {
                failure = new UnsatisfiedLinkError("cannot load libfuse3.so.3 (install the libfuse3-3 package, "
                        + "which the fuse3 package pulls in): " + e.getMessage());
            }
            LIB = lib;
            FAILURE = failure;
        }

        private Holder() {
        }
    }
}
