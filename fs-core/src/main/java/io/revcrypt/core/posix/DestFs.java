package io.revcrypt.core.posix;

import static io.revcrypt.core.posix.LinuxAbi.AT_FDCWD;
import static io.revcrypt.core.posix.LinuxAbi.AT_SYMLINK_NOFOLLOW;
import static io.revcrypt.core.posix.LinuxAbi.O_CLOEXEC;
import static io.revcrypt.core.posix.LinuxAbi.O_CREAT;
import static io.revcrypt.core.posix.LinuxAbi.O_DIRECTORY;
import static io.revcrypt.core.posix.LinuxAbi.O_EXCL;
import static io.revcrypt.core.posix.LinuxAbi.O_NOFOLLOW;
import static io.revcrypt.core.posix.LinuxAbi.O_RDONLY;
import static io.revcrypt.core.posix.LinuxAbi.O_WRONLY;
import static io.revcrypt.core.posix.LinuxAbi.RENAME_NOREPLACE;
import static io.revcrypt.core.posix.LinuxAbi.UTIME_OMIT;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/**
 * The destination side of a restore or of a snapshot's links, through {@link DestLibC}:
 * entries are created relative to directory descriptors, exclusively ({@code O_CREAT|O_EXCL})
 * and never through a symlink ({@code O_NOFOLLOW}, {@code AT_SYMLINK_NOFOLLOW}); errno becomes a
 * {@link PosixException}. Its flags come from {@link LinuxAbi}, as {@link Posix}'s do, so an
 * architecture neither knows is refused by both alike. Thread-safe (only the loaded libraries
 * are shared).
 */
public final class DestFs {

    /** Read here so that an unknown architecture is refused when this class loads, not at a first open. */
    private static final String ARCH = LinuxAbi.ARCH;

    private static final DestFs INSTANCE = new DestFs();

    /** openat, close and strerror: bound once, in the plaintext side's {@link LibC}. */
    private final LibC reading;
    private final DestLibC libc;
    private final Runtime runtime;

    private DestFs() {
        reading = Posix.get().libc();
        libc = LibraryLoader.create(DestLibC.class).failImmediately().load("c");
        runtime = Runtime.getRuntime(libc);
    }

    public static DestFs get() {
        return INSTANCE;
    }

    // ---------------------------------------------------------------- directories

    /** Opens the destination's top directory (a path the person named; a symlink there is followed). */
    public int openRoot(Path dir) throws PosixException {
        byte[] path = dir.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8);
        int fd = reading.openat(AT_FDCWD, c(path), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (fd < 0) {
            throw error("open", path);
        }
        return fd;
    }

    /** Opens directory {@code name} in {@code dirfd}; fails (ENOTDIR, ELOOP) if it is anything else, a symlink included. */
    public int openDir(int dirfd, byte[] name) throws PosixException {
        int fd = reading.openat(dirfd, c(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        if (fd < 0) {
            throw error("open directory", name);
        }
        return fd;
    }

    /** Creates directory {@code name}; false if something already has that name. */
    public boolean mkdir(int dirfd, byte[] name, int mode) throws PosixException {
        if (libc.mkdirat(dirfd, c(name), mode) == 0) {
            return true;
        }
        if (runtime.getLastError() == Errno.EEXIST) {
            return false;
        }
        throw error("mkdir", name);
    }

    public int dup(int fd) throws PosixException {
        int d = libc.dup(fd);
        if (d < 0) {
            throw error("dup", new byte[0]);
        }
        return d;
    }

    public void close(int fd) {
        if (fd >= 0) {
            reading.close(fd);
        }
    }

    // ---------------------------------------------------------------- files

    /** Creates a new regular file for writing; never opens an existing one, never through a symlink. */
    public int createExclusive(int dirfd, byte[] name, int mode) throws PosixException {
        int fd = reading.openat(dirfd, c(name), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd < 0) {
            throw error("create", name);
        }
        return fd;
    }

    /** Writes bytes 0..len of the direct buffer {@code buf}, retrying short writes. */
    public void writeFully(int fd, ByteBuffer buf, int len) throws PosixException {
        int done = 0;
        while (done < len) {
            ByteBuffer slice = done == 0 ? buf : buf.duplicate().position(done).slice();
            long n = libc.write(fd, slice, len - done);
            if (n < 0) {
                int e = runtime.getLastError();
                if (e == Errno.EINTR) {
                    continue;
                }
                throw new PosixException(e, "write: " + reading.strerror(e));
            }
            done += (int) n;
        }
    }

    public void symlink(byte[] target, int dirfd, byte[] name) throws PosixException {
        if (libc.symlinkat(c(target), dirfd, c(name)) != 0) {
            throw error("symlink", name);
        }
    }

    public void mkfifo(int dirfd, byte[] name, int mode) throws PosixException {
        if (libc.mkfifoat(dirfd, c(name), mode) != 0) {
            throw error("mkfifo", name);
        }
    }

    public void mknod(int dirfd, byte[] name, int mode, long dev) throws PosixException {
        if (libc.mknodat(dirfd, c(name), mode, dev) != 0) {
            throw error("mknod", name);
        }
    }

    /**
     * Renames within one directory. Without {@code replace} an existing {@code to} is never
     * replaced (EEXIST); with it, {@code to} is replaced atomically (never a non-empty directory).
     */
    public void rename(int dirfd, byte[] from, byte[] to, boolean replace) throws PosixException {
        if (libc.renameat2(dirfd, c(from), dirfd, c(to), replace ? 0 : RENAME_NOREPLACE) != 0) {
            throw error("rename", to);
        }
    }

    /**
     * A new name {@code name} in {@code dirfd} for the entry {@code oldName} in {@code oldDirfd}
     * (a hard link; a symlink is linked itself, never followed).
     */
    public void link(int oldDirfd, byte[] oldName, int dirfd, byte[] name) throws PosixException {
        if (libc.linkat(oldDirfd, c(oldName), dirfd, c(name), 0) != 0) {
            throw error("link", name);
        }
    }

    public void unlink(int dirfd, byte[] name) throws PosixException {
        if (libc.unlinkat(dirfd, c(name), 0) != 0) {
            throw error("unlink", name);
        }
    }

    /** {@code unlink} that ignores every error: for cleaning up our own temporary names. */
    public void unlinkQuietly(int dirfd, byte[] name) {
        libc.unlinkat(dirfd, c(name), 0);
    }

    /** {@code lstat}, or null if there is no such entry. */
    public PlainStat lstat(int dirfd, byte[] name) throws PosixException {
        try {
            return Posix.get().lstat(dirfd, name);
        } catch (PosixException e) {
            if (e.errno() == Errno.ENOENT) {
                return null;
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- attributes

    public void fchown(int fd, int uid, int gid) throws PosixException {
        if (libc.fchown(fd, uid, gid) != 0) {
            throw error("chown", new byte[0]);
        }
    }

    public void fchmod(int fd, int mode) throws PosixException {
        if (libc.fchmod(fd, mode) != 0) {
            throw error("chmod", new byte[0]);
        }
    }

    /** Sets the modification time (atime is left alone). */
    public void futimes(int fd, long mtimeSec, long mtimeNsec) throws PosixException {
        if (libc.futimens(fd, times(mtimeSec, mtimeNsec)) != 0) {
            throw error("utimens", new byte[0]);
        }
    }

    /** chown of the entry itself, a symlink included. */
    public void chownEntry(int dirfd, byte[] name, int uid, int gid) throws PosixException {
        if (libc.fchownat(dirfd, c(name), uid, gid, AT_SYMLINK_NOFOLLOW) != 0) {
            throw error("chown", name);
        }
    }

    /** chmod of the entry itself; refused (EOPNOTSUPP) if it is a symlink, so none is followed. */
    public void chmodEntry(int dirfd, byte[] name, int mode) throws PosixException {
        if (libc.fchmodat(dirfd, c(name), mode, AT_SYMLINK_NOFOLLOW) != 0) {
            throw error("chmod", name);
        }
    }

    /** Modification time of the entry itself, a symlink included (atime is left alone). */
    public void utimesEntry(int dirfd, byte[] name, long mtimeSec, long mtimeNsec) throws PosixException {
        if (libc.utimensat(dirfd, c(name), times(mtimeSec, mtimeNsec), AT_SYMLINK_NOFOLLOW) != 0) {
            throw error("utimens", name);
        }
    }

    public int geteuid() {
        return libc.geteuid();
    }

    // ---------------------------------------------------------------- helpers

    private static long[] times(long mtimeSec, long mtimeNsec) {
        return new long[] {0, UTIME_OMIT, mtimeSec, mtimeNsec};
    }

    private PosixException error(String op, byte[] name) {
        int e = runtime.getLastError();
        String what = name.length == 0 ? op : op + " " + new String(name, StandardCharsets.UTF_8);
        return new PosixException(e, what + ": " + reading.strerror(e));
    }

    private static byte[] c(byte[] name) {
        return Arrays.copyOf(name, name.length + 1);
    }
}
