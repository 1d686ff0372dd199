package io.revcrypt.fuse.libfuse3;

import jnr.ffi.annotations.Delegate;

/**
 * The C signatures of the {@code struct fuse_operations} members we bind (libfuse 3.14
 * {@code include/fuse.h}), as jnr-ffi callbacks. Every pointer is a plain {@code long} address:
 * jnr-ffi then converts nothing and allocates nothing per call, and the file system reads and
 * writes the structures by offset ({@link Layout}).
 */
public final class FuseCallbacks {

    private FuseCallbacks() {
    }

    /** {@code int (*getattr)(const char *path, struct stat *st, struct fuse_file_info *fi)}; fi may be NULL. */
    @FunctionalInterface
    public interface Getattr {
        @Delegate
        int getattr(long path, long stat, long fi);
    }

    /** {@code int (*readlink)(const char *path, char *buf, size_t size)}. */
    @FunctionalInterface
    public interface Readlink {
        @Delegate
        int readlink(long path, long buf, long size);
    }

    /** {@code int (*open)(const char *path, struct fuse_file_info *fi)}. */
    @FunctionalInterface
    public interface Open {
        @Delegate
        int open(long path, long fi);
    }

    /** {@code int (*read)(const char *path, char *buf, size_t size, off_t offset, struct fuse_file_info *fi)}. */
    @FunctionalInterface
    public interface Read {
        @Delegate
        int read(long path, long buf, long size, long offset, long fi);
    }

    /** {@code int (*statfs)(const char *path, struct statvfs *st)}. */
    @FunctionalInterface
    public interface Statfs {
        @Delegate
        int statfs(long path, long statvfs);
    }

    /** {@code int (*release)(const char *path, struct fuse_file_info *fi)}, also {@code releasedir}. */
    @FunctionalInterface
    public interface Release {
        @Delegate
        int release(long path, long fi);
    }

    /** {@code int (*getxattr)(const char *path, const char *name, char *value, size_t size)}. */
    @FunctionalInterface
    public interface Getxattr {
        @Delegate
        int getxattr(long path, long name, long value, long size);
    }

    /** {@code int (*listxattr)(const char *path, char *list, size_t size)}. */
    @FunctionalInterface
    public interface Listxattr {
        @Delegate
        int listxattr(long path, long list, long size);
    }

    /**
     * {@code int (*readdir)(const char *path, void *buf, fuse_fill_dir_t filler, off_t offset,
     * struct fuse_file_info *fi, enum fuse_readdir_flags flags)}.
     */
    @FunctionalInterface
    public interface Readdir {
        @Delegate
        int readdir(long path, long buf, long filler, long offset, long fi, int flags);
    }

    /** {@code void *(*init)(struct fuse_conn_info *conn, struct fuse_config *cfg)}. */
    @FunctionalInterface
    public interface Init {
        @Delegate
        long init(long conn, long cfg);
    }

    /** {@code int (*access)(const char *path, int mask)}. */
    @FunctionalInterface
    public interface Access {
        @Delegate
        int access(long path, int mask);
    }
}
