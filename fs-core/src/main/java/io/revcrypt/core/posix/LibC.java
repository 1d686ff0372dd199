package io.revcrypt.core.posix;

import java.nio.ByteBuffer;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The few libc calls the plaintext side needs (design §3). Names are NUL-terminated byte arrays
 * because Linux names are bytes; everything is relative to a directory descriptor so no
 * intermediate symlink is ever followed.
 */
public interface LibC {

    @SaveError
    int openat(int dirfd, @In byte[] path, int flags, int mode);

    @SaveError
    int close(int fd);

    @SaveError
    int statx(int dirfd, @In byte[] path, int flags, int mask, Pointer statxbuf);

    @SaveError
    @ssize_t
    long readlinkat(int dirfd, @In byte[] path, @Out byte[] buf, @size_t long bufsize);

    @SaveError
    @ssize_t
    long pread64(int fd, ByteBuffer buf, @size_t long count, long offset);

    @SaveError
    Pointer fdopendir(int fd);

    @SaveError
    Pointer readdir64(Pointer dir);

    @SaveError
    int closedir(Pointer dir);

    @SaveError
    int fstatvfs(int fd, Pointer buf);

    /** Returns an error number itself (0 on success), as POSIX specifies for it; errno is not set. */
    int posix_fadvise(int fd, long offset, long len, int advice);

    int getuid();

    String strerror(int errnum);
}
