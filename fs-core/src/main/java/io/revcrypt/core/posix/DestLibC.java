package io.revcrypt.core.posix;

import java.nio.ByteBuffer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The libc calls that write a destination (restore's plaintext, a snapshot's links from its
 * base), beside {@link LibC}'s reading ones; {@link DestFs} uses both, and no function is bound
 * twice. A binding of its own because jnr generates an interface's glue all at once when it is
 * loaded: the mount, which never writes, does not pay for these. Names are NUL-terminated byte
 * arrays (plaintext names are bytes, not necessarily UTF-8) and every call is relative to a
 * directory descriptor, so nothing in the destination is ever reached through a symlink.
 */
public interface DestLibC {

    @SaveError
    int dup(int fd);

    @SaveError
    @ssize_t
    long write(int fd, ByteBuffer buf, @size_t long count);

    @SaveError
    int mkdirat(int dirfd, @In byte[] path, int mode);

    @SaveError
    int symlinkat(@In byte[] target, int newdirfd, @In byte[] linkpath);

    @SaveError
    int mkfifoat(int dirfd, @In byte[] path, int mode);

    @SaveError
    int mknodat(int dirfd, @In byte[] path, int mode, long dev);

    @SaveError
    int fchmod(int fd, int mode);

    @SaveError
    int fchmodat(int dirfd, @In byte[] path, int mode, int flags);

    @SaveError
    int fchown(int fd, int uid, int gid);

    @SaveError
    int fchownat(int dirfd, @In byte[] path, int uid, int gid, int flags);

    /** {@code times} is two {@code struct timespec} (atime, mtime) as four longs. */
    @SaveError
    int utimensat(int dirfd, @In byte[] path, @In long[] times, int flags);

    @SaveError
    int futimens(int fd, @In long[] times);

    @SaveError
    int renameat2(int olddirfd, @In byte[] oldpath, int newdirfd, @In byte[] newpath, int flags);

    @SaveError
    int unlinkat(int dirfd, @In byte[] path, int flags);

    @SaveError
    int linkat(int olddirfd, @In byte[] oldpath, int newdirfd, @In byte[] newpath, int flags);

    int geteuid();
}
