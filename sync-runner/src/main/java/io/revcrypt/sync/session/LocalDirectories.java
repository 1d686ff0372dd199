package io.revcrypt.sync.session;

import io.revcrypt.sync.common.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Creating a local destination, but never a whole missing path: that is a disk that is not mounted. */
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
}
