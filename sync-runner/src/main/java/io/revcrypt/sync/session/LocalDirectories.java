package io.revcrypt.sync.session;

import io.revcrypt.fuse.MountTable;
import io.revcrypt.sync.common.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Never writing to a backup disk that is not there: a local destination is created, but never a
 * whole missing path, and a mount point the person named must have a file system mounted on it.
 */
public final class LocalDirectories {

    private LocalDirectories() {
    }

    /**
     * Creates {@code dir} if its parent exists. A missing parent usually means the backup disk is
     * not mounted, and creating the path would fill the disk underneath instead: refused.
     */
    public static void createLast(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw UserException.failed("the destination's parent " + parent + " does not exist (is the backup disk mounted?)");
        }
        Files.createDirectories(dir);
    }

    /**
     * Refuses the run unless a file system is mounted at {@code mountPoint} (the job's
     * {@code dest-must-be-mounted}): otherwise rsync would fill the directory underneath.
     */
    public static void requireMounted(Path mountPoint) {
        if (!MountTable.isMounted(mountPoint.toAbsolutePath().normalize())) {
            throw UserException.failed(mountPoint + " is not mounted: the backup disk is missing, and "
                    + "revcrypt will not write to the directory underneath");
        }
    }
}
