package io.revcrypt.fuse.libfuse3;

import com.kenai.jffi.MemoryIO;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Runtime;
import jnr.ffi.provider.ClosureManager;

/**
 * A native {@code struct fuse_operations} (libfuse 3.14 layout, {@link Layout.Operations}) whose
 * bound members call a {@link FuseFilesystem}; every other member stays NULL, so libfuse answers
 * those requests itself (mostly ENOSYS, which the kernel then stops sending).
 *
 * <p>Deliberately unbound besides the writes: {@code flush} (the kernel takes ENOSYS as "nothing
 * to flush" and stops sending FLUSH: one round trip less per close), {@code destroy}, {@code lseek}.
 *
 * <p>jnr-ffi holds closures only weakly: this object keeps them, and must stay reachable until
 * {@code fuse_destroy} has returned.
 */
public final class FuseOperations implements AutoCloseable {

    private static final MemoryIO IO = MemoryIO.getInstance();

    private final long address;
    /** The callback objects; jnr-ffi frees a closure once its Java object is collected. */
    private final List<Object> keepAlive = new ArrayList<>();
    private boolean closed;

    private FuseOperations() {
        address = IO.allocateMemory(Layout.Operations.SIZE, true);
        if (address == 0) {
            throw new OutOfMemoryError("cannot allocate struct fuse_operations");
        }
    }

    /** Binds {@code fs}'s operations. */
    public static FuseOperations of(FuseFilesystem fs) {
        FuseOperations ops = new FuseOperations();
        ops.bind(Layout.Operations.GETATTR, FuseCallbacks.Getattr.class, fs::getattr);
        ops.bind(Layout.Operations.READLINK, FuseCallbacks.Readlink.class, fs::readlink);
        ops.bind(Layout.Operations.OPEN, FuseCallbacks.Open.class, fs::open);
        ops.bind(Layout.Operations.READ, FuseCallbacks.Read.class, fs::read);
        ops.bind(Layout.Operations.STATFS, FuseCallbacks.Statfs.class, fs::statfs);
        ops.bind(Layout.Operations.RELEASE, FuseCallbacks.Release.class, fs::release);
        ops.bind(Layout.Operations.GETXATTR, FuseCallbacks.Getxattr.class, fs::getxattr);
        ops.bind(Layout.Operations.LISTXATTR, FuseCallbacks.Listxattr.class, fs::listxattr);
        ops.bind(Layout.Operations.OPENDIR, FuseCallbacks.Open.class, fs::opendir);
        ops.bind(Layout.Operations.READDIR, FuseCallbacks.Readdir.class, fs::readdir);
        ops.bind(Layout.Operations.RELEASEDIR, FuseCallbacks.Release.class, fs::releasedir);
        ops.bind(Layout.Operations.INIT, FuseCallbacks.Init.class, fs::init);
        ops.bind(Layout.Operations.ACCESS, FuseCallbacks.Access.class, fs::access);
        return ops;
    }

    private <T> void bind(int slot, Class<T> type, T callback) {
        ClosureManager closures = Runtime.getSystemRuntime().getClosureManager();
        keepAlive.add(callback);
        IO.putAddress(address + (long) slot * 8, closures.getClosurePointer(type, callback).address());
    }

    /** The struct's address, for {@code fuse_new}. */
    public long address() {
        return address;
    }

    /** The function pointer in {@code slot} (0 when unbound); for tests. */
    long slot(int slot) {
        return IO.getAddress(address + (long) slot * 8);
    }

    /** Generates jnr-ffi's glue classes for every callback type ahead of time (warm-up). */
    public static void warmUp() {
        FuseOperations ops = of(NOTHING);
        ops.close();
    }

    /** Frees the struct; only after {@code fuse_destroy}. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            IO.freeMemory(address);
            keepAlive.clear();
        }
    }

    /** A file system that answers ENOSYS to everything, for {@link #warmUp()}. */
    private static final FuseFilesystem NOTHING = new FuseFilesystem() {
        private static final int ENOSYS = -38;

        @Override
        public int getattr(long path, long stat, long fi) {
            return ENOSYS;
        }

        @Override
        public int readlink(long path, long buf, long size) {
            return ENOSYS;
        }

        @Override
        public int open(long path, long fi) {
            return ENOSYS;
        }

        @Override
        public int read(long path, long buf, long size, long offset, long fi) {
            return ENOSYS;
        }

        @Override
        public int statfs(long path, long statvfs) {
            return ENOSYS;
        }

        @Override
        public int getxattr(long path, long name, long value, long size) {
            return ENOSYS;
        }

        @Override
        public int listxattr(long path, long list, long size) {
            return ENOSYS;
        }

        @Override
        public int readdir(long path, long buf, long filler, long offset, long fi, int flags) {
            return ENOSYS;
        }

        @Override
        public long init(long conn, long cfg) {
            return 0;
        }

        @Override
        public int access(long path, int mask) {
            return ENOSYS;
        }

        @Override
        public int release(long path, long fi) {
            return ENOSYS;
        }

        @Override
        public int opendir(long path, long fi) {
            return ENOSYS;
        }

        @Override
        public int releasedir(long path, long fi) {
            return ENOSYS;
        }
    };
}
