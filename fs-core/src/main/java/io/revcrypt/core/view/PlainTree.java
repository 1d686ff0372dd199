package io.revcrypt.core.view;

import io.revcrypt.core.posix.DirEntryName;
import io.revcrypt.core.posix.PlainStat;
import io.revcrypt.core.posix.Posix;
import io.revcrypt.core.posix.PosixException;
import io.revcrypt.core.posix.StatFs;
import java.nio.file.Path;
import java.util.List;

/**
 * Read access to the plaintext tree below one root, through descriptors only (design §3): every
 * path is walked component by component with {@code O_NOFOLLOW}, so a directory swapped for a
 * symlink fails the walk instead of leading outside the tree. Nothing is cached: a walk costs a
 * few microseconds, and a cached descriptor could outlive a rename out of the tree.
 */
final class PlainTree implements AutoCloseable {

    private static final byte[] DOT = {'.'};

    private final Posix posix = Posix.get();
    private final int rootFd;

    PlainTree(Path root) throws PosixException {
        rootFd = posix.openRoot(root.toAbsolutePath().toString());
    }

    PlainStat lstat(PlainPath p) throws PosixException {
        if (p.isRoot()) {
            return posix.fstat(rootFd);
        }
        int dir = openParent(p);
        try {
            return posix.lstat(dir, p.componentUnsafe(p.depth() - 1));
        } finally {
            closeUnlessRoot(dir);
        }
    }

    List<DirEntryName> list(PlainPath dirPath) throws PosixException {
        if (dirPath.isRoot()) {
            return posix.list(rootFd, DOT);
        }
        int dir = openParent(dirPath);
        try {
            return posix.list(dir, dirPath.componentUnsafe(dirPath.depth() - 1));
        } finally {
            closeUnlessRoot(dir);
        }
    }

    byte[] readlink(PlainPath p) throws PosixException {
        int dir = openParent(p);
        try {
            return posix.readlink(dir, p.componentUnsafe(p.depth() - 1));
        } finally {
            closeUnlessRoot(dir);
        }
    }

    /** Opens a file for reading; the caller closes the descriptor with {@link Posix#close}. */
    int openForReading(PlainPath p) throws PosixException {
        int dir = openParent(p);
        try {
            return posix.openFileForReading(dir, p.componentUnsafe(p.depth() - 1));
        } finally {
            closeUnlessRoot(dir);
        }
    }

    /**
     * Holds the directory {@code dir} open, so that its listing and the stats of its entries are
     * relative to one descriptor instead of a walk each. The root's own descriptor serves for
     * the root.
     */
    Directory openDirectory(PlainPath dir) throws PosixException {
        // a read-only descriptor of the directory itself, walked to without following symlinks
        // (a directory opens O_RDONLY like a file does; listing a non-directory fails ENOTDIR)
        return new Directory(dir.isRoot() ? rootFd : openForReading(dir));
    }

    /** One directory of the tree, open until {@link #close()}. Not shared between threads. */
    final class Directory implements AutoCloseable {

        private final int fd;

        private Directory(int fd) {
            this.fd = fd;
        }

        PlainStat stat() throws PosixException {
            return posix.fstat(fd);
        }

        List<DirEntryName> list() throws PosixException {
            return posix.list(fd, DOT);
        }

        PlainStat lstat(byte[] name) throws PosixException {
            return posix.lstat(fd, name);
        }

        @Override
        public void close() {
            closeUnlessRoot(fd);
        }
    }

    StatFs statfs() throws PosixException {
        return posix.statfs(rootFd);
    }

    /** A descriptor of the directory holding the last component of {@code p}. */
    private int openParent(PlainPath p) throws PosixException {
        int fd = rootFd;
        for (int i = 0; i < p.depth() - 1; i++) {
            int next;
            try {
                next = posix.openDirectoryPath(fd, p.componentUnsafe(i));
            } finally {
                closeUnlessRoot(fd);
            }
            fd = next;
        }
        return fd;
    }

    private void closeUnlessRoot(int fd) {
        if (fd != rootFd) {
            posix.close(fd);
        }
    }

    @Override
    public void close() {
        posix.close(rootFd);
    }
}
