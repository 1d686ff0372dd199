package io.revcrypt.fuse.libfuse3;

/**
 * A read-only file system for libfuse 3's high-level API: the operations {@link FuseOperations}
 * binds, with libfuse's arguments as raw addresses. Results are 0 (or a byte count) or a negative
 * errno. Implementations are called from several threads at once and must never throw.
 * Everything that writes is left unbound: on a {@code ro} mount the kernel refuses it (EROFS)
 * before it reaches us.
 */
public interface FuseFilesystem extends FuseCallbacks.Getattr, FuseCallbacks.Readlink, FuseCallbacks.Open,
        FuseCallbacks.Read, FuseCallbacks.Statfs, FuseCallbacks.Getxattr, FuseCallbacks.Listxattr,
        FuseCallbacks.Readdir, FuseCallbacks.Init, FuseCallbacks.Access {

    /** {@code release}: an open file is closed (the path is NULL with {@code nullpath_ok}). */
    int release(long path, long fi);

    /** {@code opendir}. */
    int opendir(long path, long fi);

    /** {@code releasedir} (the path is NULL with {@code nullpath_ok}). */
    int releasedir(long path, long fi);
}
