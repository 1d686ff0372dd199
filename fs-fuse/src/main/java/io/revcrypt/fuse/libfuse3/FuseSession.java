package io.revcrypt.fuse.libfuse3;

import com.kenai.jffi.MemoryIO;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One libfuse 3 high-level file system ({@code struct fuse}) and its session, driven by our own
 * threads: {@link #serve()} is the body of {@code fuse_session_loop} (receive a request, process
 * it, until the session ends), and any number of Java threads may run it at once, as libfuse's
 * own multi-threaded loop runs it on native threads. Calls into the file system then happen on
 * those Java threads, which the JVM already knows, so no call pays for attaching a thread.
 *
 * <p>Lifecycle: {@link #create} ({@code fuse_new}), {@link #mount}, {@link #serve} on each worker
 * until it returns (the kernel ends the session with ENODEV when the file system is unmounted),
 * then {@link #destroy()} ({@code fuse_unmount} + {@code fuse_destroy}) once every worker is out.
 */
public final class FuseSession {

    private static final MemoryIO IO = MemoryIO.getInstance();
    private static final int EINTR = 4;

    private final LibFuse3 lib;
    private final FuseOperations ops;
    private final long fuse;
    private final long session;
    private boolean mounted;
    private boolean destroyed;

    private FuseSession(LibFuse3 lib, FuseOperations ops, long fuse) {
        this.lib = lib;
        this.ops = ops;
        this.fuse = fuse;
        this.session = lib.fuse_get_session(fuse);
    }

    /**
     * {@code fuse_new} with {@code args} (argv[0] first, then e.g. {@code -o opts}). libfuse
     * prints what it did not like to stderr.
     *
     * @throws IllegalArgumentException if libfuse refused the arguments
     */
    public static FuseSession create(FuseOperations ops, List<String> args) {
        LibFuse3 lib = LibFuse3.get();
        int argc = args.size();
        long[] strings = new long[argc];
        long argv = IO.allocateMemory(8L * (argc + 1), true);
        long fuseArgs = IO.allocateMemory(Layout.Args.SIZE, true);
        try {
            for (int i = 0; i < argc; i++) {
                byte[] s = args.get(i).getBytes(StandardCharsets.UTF_8);
                strings[i] = IO.allocateMemory(s.length + 1, true);
                IO.putByteArray(strings[i], s, 0, s.length);
                IO.putAddress(argv + 8L * i, strings[i]);
            }
            IO.putInt(fuseArgs + Layout.Args.ARGC, argc);
            IO.putAddress(fuseArgs + Layout.Args.ARGV, argv);
            IO.putInt(fuseArgs + Layout.Args.ALLOCATED, 0);
            long fuse = lib.fuse_new(fuseArgs, ops.address(), Layout.Operations.SIZE, 0);
            // option parsing replaced our argv with copies it allocated: free those
            lib.fuse_opt_free_args(fuseArgs);
            if (fuse == 0) {
                throw new IllegalArgumentException("libfuse refused the options " + args.subList(1, argc)
                        + " (see its message above)");
            }
            return new FuseSession(lib, ops, fuse);
        } finally {
            for (long s : strings) {
                if (s != 0) {
                    IO.freeMemory(s);
                }
            }
            IO.freeMemory(argv);
            IO.freeMemory(fuseArgs);
        }
    }

    /** {@code fuse_mount}: mounts on an existing directory; false if libfuse could not (it says why on stderr). */
    public synchronized boolean mount(String mountPoint) {
        byte[] s = mountPoint.getBytes(StandardCharsets.UTF_8);
        byte[] c = java.util.Arrays.copyOf(s, s.length + 1);
        mounted = lib.fuse_mount(fuse, c) == 0;
        return mounted;
    }

    /**
     * Serves requests on the calling thread until the session ends: returns 0 when the file
     * system was unmounted, or a negative errno if reading the device failed.
     */
    public int serve() {
        long buf = IO.allocateMemory(Layout.Buf.SIZE, true);
        try {
            int res = 0;
            while (lib.fuse_session_exited(session) == 0) {
                res = lib.fuse_session_receive_buf(session, buf);
                if (res == -EINTR) {
                    continue;
                }
                if (res <= 0) {
                    break;
                }
                lib.fuse_session_process_buf(session, buf);
            }
            if (res < 0 && res != -EINTR) {
                lib.fuse_session_exit(session);
                return res;
            }
            return 0;
        } finally {
            long mem = IO.getAddress(buf + Layout.Buf.MEM);
            if (mem != 0) {
                IO.freeMemory(mem);
            }
            IO.freeMemory(buf);
        }
    }

    /** Asks the workers to stop after their current request (they still wait for one more). */
    public void exit() {
        lib.fuse_session_exit(session);
    }

    /**
     * {@code fuse_unmount} (a no-op if already unmounted) and {@code fuse_destroy}; then frees
     * the operations. Only once no thread is in {@link #serve()} any more.
     */
    public synchronized void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        if (mounted) {
            lib.fuse_unmount(fuse);
        }
        lib.fuse_destroy(fuse);
        ops.close();
    }
}
