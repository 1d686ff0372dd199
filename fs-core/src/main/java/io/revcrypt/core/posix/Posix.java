package io.revcrypt.core.posix;

import static io.revcrypt.core.posix.LinuxAbi.AT_EMPTY_PATH;
import static io.revcrypt.core.posix.LinuxAbi.AT_SYMLINK_NOFOLLOW;
import static io.revcrypt.core.posix.LinuxAbi.O_CLOEXEC;
import static io.revcrypt.core.posix.LinuxAbi.O_DIRECTORY;
import static io.revcrypt.core.posix.LinuxAbi.O_NOATIME;
import static io.revcrypt.core.posix.LinuxAbi.O_NOFOLLOW;
import static io.revcrypt.core.posix.LinuxAbi.O_NONBLOCK;
import static io.revcrypt.core.posix.LinuxAbi.O_PATH;
import static io.revcrypt.core.posix.LinuxAbi.O_RDONLY;
import static io.revcrypt.core.posix.LinuxAbi.STATVFS_SIZE;
import static io.revcrypt.core.posix.LinuxAbi.STATX_BASIC_STATS;
import static io.revcrypt.core.posix.LinuxAbi.STATX_SIZE;
import static io.revcrypt.core.posix.LinuxAbi.STATX_VERSION;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Safe wrappers around {@link LibC}: byte names, descriptor-relative calls, {@code O_NOFOLLOW}
 * everywhere, errno turned into {@link PosixException}. Thread-safe; the only shared state is
 * the loaded library.
 */
public final class Posix {

    public static final int AT_FDCWD = LinuxAbi.AT_FDCWD;
    /** Read here so that an unknown architecture is refused when this class loads, not at a first open. */
    private static final String ARCH = LinuxAbi.ARCH;

    private static final Posix INSTANCE = new Posix();

    private final LibC libc;
    private final Runtime runtime;
    private static final byte[] EMPTY_PATH = {0};
    private final ThreadLocal<Pointer> versionBuffer;
    /** O_NOATIME is refused (EPERM) for files the caller does not own unless root; remember once. */
    private volatile boolean noAtime = true;

    private Posix() {
        libc = LibraryLoader.create(LibC.class).failImmediately().load("c");
        runtime = Runtime.getRuntime(libc);
        versionBuffer = ThreadLocal.withInitial(() -> Memory.allocateDirect(runtime, STATX_SIZE));
    }

    public static Posix get() {
        return INSTANCE;
    }

    /** The loaded binding, for {@link DestFs}: each libc function is bound once, here or in {@link DestLibC}. */
    LibC libc() {
        return libc;
    }

    // ---------------------------------------------------------------- descriptors

    /** Opens a directory for use as a lookup base only ({@code O_PATH}), never through a symlink. */
    public int openDirectoryPath(int dirfd, byte[] name) throws PosixException {
        return open(dirfd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, "open directory");
    }

    /** Opens an absolute or cwd-relative directory path (the source root) as a lookup base. */
    public int openRoot(String path) throws PosixException {
        return open(AT_FDCWD, path.getBytes(StandardCharsets.UTF_8), O_PATH | O_DIRECTORY | O_CLOEXEC, "open");
    }

    /** Opens a directory for listing; the descriptor is consumed by {@link #list(int)}. */
    public int openDirectoryForListing(int dirfd, byte[] name) throws PosixException {
        return open(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, "open directory");
    }

    /**
     * Opens a regular file for reading, never through a symlink, and without updating its access
     * time where the kernel allows that (a backup should not disturb atime).
     */
    public int openFileForReading(int dirfd, byte[] name) throws PosixException {
        // O_NONBLOCK: a FIFO swapped in for a file must not block the open forever
        int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK;
        if (noAtime) {
            int fd = libc.openat(dirfd, cString(name), flags | O_NOATIME, 0);
            if (fd >= 0) {
                return fd;
            }
            if (runtime.getLastError() != Errno.EPERM) {
                throw error("open", name);
            }
            if (libc.getuid() == 0) {
                noAtime = false;
            }
        }
        return open(dirfd, name, flags, "open");
    }

    private int open(int dirfd, byte[] name, int flags, String op) throws PosixException {
        int fd = libc.openat(dirfd, cString(name), flags, 0);
        if (fd < 0) {
            throw error(op, name);
        }
        return fd;
    }

    public void close(int fd) {
        if (fd >= 0) {
            libc.close(fd);
        }
    }

    /**
     * Asks the kernel to forget the pages it has cached of a file ({@code POSIX_FADV_DONTNEED}), so
     * that the next read of it reaches its filesystem instead of what an earlier read left. The
     * file is opened for this without following a symlink, and closed again.
     */
    public void dropCachedPages(String path) throws PosixException {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        int fd = open(AT_FDCWD, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, "open");
        try {
            int e = libc.posix_fadvise(fd, 0, 0, LinuxAbi.POSIX_FADV_DONTNEED);
            if (e != 0) {
                throw new PosixException(e, "posix_fadvise " + path + ": " + libc.strerror(e));
            }
        } finally {
            close(fd);
        }
    }

    // ---------------------------------------------------------------- attributes

    /** {@code lstat} of {@code name} in {@code dirfd}. */
    public PlainStat lstat(int dirfd, byte[] name) throws PosixException {
        return statx(dirfd, cString(name), AT_SYMLINK_NOFOLLOW, name);
    }

    /** {@code fstat} of an open descriptor. */
    public PlainStat fstat(int fd) throws PosixException {
        return statx(fd, new byte[] {0}, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, new byte[0]);
    }

    /**
     * The size, mtime and ctime of an open descriptor, into a buffer of the calling thread's: one
     * system call and no allocation, cheap enough for every read of the view (a change while a
     * file is read is caught by it, design §6).
     */
    public FileVersion version(int fd) throws PosixException {
        Pointer buf = versionBuffer.get();
        if (libc.statx(fd, EMPTY_PATH, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_VERSION, buf) != 0) {
            throw error("stat", new byte[0]);
        }
        return new FileVersion(buf.getLong(40), buf.getLong(112), buf.getInt(120), buf.getLong(96), buf.getInt(104));
    }

    private PlainStat statx(int dirfd, byte[] cName, int flags, byte[] nameForErrors) throws PosixException {
        Pointer buf = Memory.allocateDirect(runtime, STATX_SIZE);
        if (libc.statx(dirfd, cName, flags, STATX_BASIC_STATS, buf) != 0) {
            throw error("stat", nameForErrors);
        }
        long dev = makedev(buf.getInt(136), buf.getInt(140));
        long rdev = makedev(buf.getInt(128), buf.getInt(132));
        return new PlainStat(dev, buf.getLong(32), buf.getShort(28) & 0xffff, buf.getInt(16) & 0xffffffffL,
                buf.getInt(20), buf.getInt(24), rdev, buf.getLong(40), buf.getInt(4), buf.getLong(48),
                buf.getLong(64), buf.getInt(72), buf.getLong(112), buf.getInt(120), buf.getLong(96), buf.getInt(104));
    }

    /** glibc's makedev. */
    private static long makedev(int major, int minor) {
        long ma = major & 0xffffffffL;
        long mi = minor & 0xffffffffL;
        return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
    }

    public StatFs statfs(int fd) throws PosixException {
        Pointer buf = Memory.allocateDirect(runtime, STATVFS_SIZE);
        if (libc.fstatvfs(fd, buf) != 0) {
            throw error("statfs", new byte[0]);
        }
        return new StatFs(buf.getLong(0), buf.getLong(8), buf.getLong(16), buf.getLong(24), buf.getLong(32),
                buf.getLong(40), buf.getLong(48), buf.getLong(56), buf.getLong(64), buf.getLong(72), buf.getLong(80));
    }

    // ---------------------------------------------------------------- contents

    /** The target of symlink {@code name} in {@code dirfd}, as raw bytes. */
    public byte[] readlink(int dirfd, byte[] name) throws PosixException {
        byte[] buf = new byte[4097];
        long n = libc.readlinkat(dirfd, cString(name), buf, buf.length);
        if (n < 0) {
            throw error("readlink", name);
        }
        if (n >= buf.length) {
            throw new PosixException(Errno.ENAMETOOLONG, "readlink " + display(name) + ": target too long");
        }
        return Arrays.copyOf(buf, (int) n);
    }

    /**
     * Reads up to {@code count} bytes at {@code offset} into the direct buffer {@code buf} (from
     * its position 0); retries short reads until EOF. Returns the bytes read.
     */
    public int pread(int fd, ByteBuffer buf, int count, long offset) throws PosixException {
        if (!buf.isDirect() || buf.capacity() < count) {
            throw new IllegalArgumentException("pread needs a direct buffer of at least " + count + " bytes");
        }
        int done = 0;
        while (done < count) {
            ByteBuffer slice = done == 0 ? buf : buf.duplicate().position(done).slice();
            long n = libc.pread64(fd, slice, count - done, offset + done);
            if (n < 0) {
                int e = runtime.getLastError();
                if (e == Errno.EINTR) {
                    continue;
                }
                throw new PosixException(e, "read: " + libc.strerror(e));
            }
            if (n == 0) {
                break;
            }
            done += (int) n;
        }
        return done;
    }

    /**
     * Lists directory {@code name} in {@code dirfd} in getdents order, without {@code .} and
     * {@code ..}.
     */
    public List<DirEntryName> list(int dirfd, byte[] name) throws PosixException {
        int fd = openDirectoryForListing(dirfd, name);
        Pointer dir = libc.fdopendir(fd);
        if (dir == null) {
            PosixException e = error("opendir", name);
            libc.close(fd);
            throw e;
        }
        try {
            List<DirEntryName> out = new ArrayList<>();
            while (true) {
                runtime.setLastError(0);
                Pointer ent = libc.readdir64(dir);
                if (ent == null) {
                    int e = runtime.getLastError();
                    if (e != 0) {
                        throw new PosixException(e, "readdir " + display(name) + ": " + libc.strerror(e));
                    }
                    return out;
                }
                int len = (int) ent.indexOf(19, (byte) 0);
                byte[] entName = new byte[len];
                ent.get(19, entName, 0, len);
                if ((len == 1 && entName[0] == '.') || (len == 2 && entName[0] == '.' && entName[1] == '.')) {
                    continue;
                }
                out.add(new DirEntryName(entName, ent.getByte(18) & 0xff));
            }
        } finally {
            libc.closedir(dir);
        }
    }

    public int getuid() {
        return libc.getuid();
    }

    public String strerror(int errno) {
        return libc.strerror(errno);
    }

    // ---------------------------------------------------------------- helpers

    private PosixException error(String op, byte[] name) {
        int e = runtime.getLastError();
        String what = name.length == 0 ? op : op + " " + display(name);
        return new PosixException(e, what + ": " + libc.strerror(e));
    }

    private static byte[] cString(byte[] name) {
        byte[] c = Arrays.copyOf(name, name.length + 1);
        return c;
    }

    /** A name for messages: UTF-8 where valid, with undecodable bytes replaced. */
    public static String display(byte[] name) {
        return new String(name, StandardCharsets.UTF_8);
    }
}
