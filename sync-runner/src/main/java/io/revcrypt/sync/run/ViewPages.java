package io.revcrypt.sync.run;

import io.revcrypt.core.posix.Posix;
import io.revcrypt.core.posix.PosixException;
import io.revcrypt.sync.session.RunLog;
import java.nio.file.Path;
import java.util.Set;

/**
 * The kernel's cached pages of files of the mounted view, dropped before a pass copies them again.
 * Through FUSE's {@code no_open} the kernel keeps a file's pages from one reader to the next until
 * it sees the file's size or mtime change. A file that was copied while one long write was under
 * way shows neither change once the write is done (a write() stamps the times as it begins), so a
 * copy-again pass would be served the pages of the first copy — blocks of the file mid-write —
 * without one read reaching the view, and its copy would be taken as settled.
 */
@FunctionalInterface
interface ViewPages {

    /** Drops the cached pages of these cipher paths (relative to the mount point). */
    void drop(Set<String> cipherPaths);

    /** The view mounted at {@code mountPoint}; a file that cannot be opened (gone since) is logged and left to rsync. */
    static ViewPages of(Path mountPoint, RunLog log) {
        return cipherPaths -> {
            for (String path : cipherPaths) {
                try {
                    Posix.get().dropCachedPages(mountPoint.resolve(path).toString());
                } catch (PosixException e) {
                    log.line("cannot drop the kernel's cached pages of " + path + " before copying it again: "
                            + e.getMessage());
                }
            }
        };
    }
}
