package io.revcrypt.fuse;

import io.revcrypt.core.posix.Errno;
import io.revcrypt.core.view.FsException;

/**
 * The one place where failures become errno values for the kernel. Expected failures (no such
 * entry, excluded, not a directory) carry their errno; anything unexpected is EIO and logged
 * once, so nothing ever crosses into native code as an exception.
 */
final class Errnos {

    private static final System.Logger LOG = System.getLogger(Errnos.class.getName());

    private Errnos() {
    }

    /** A negative errno for FUSE. */
    static int of(Throwable t, String op, String path) {
        if (t instanceof FsException fs) {
            if (fs.errno() == Errno.EIO) {
                LOG.log(System.Logger.Level.WARNING, "{0} {1}: {2}", op, path, fs.getMessage());
            }
            return -fs.errno();
        }
        LOG.log(System.Logger.Level.ERROR, "unexpected failure in " + op + " " + path, t);
        return -Errno.EIO;
    }
}
