package io.revcrypt.fuse;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.posix.Errno;
import io.revcrypt.core.posix.PosixException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelUnmountTest {

    /**
     * Fusermount falls back to fusermount3 on any failure of this call, so a broken binding would
     * go unnoticed there: here it must load and report the kernel's answer for a plain directory
     * (EINVAL: not a mount point, as root; EPERM otherwise).
     */
    @Test
    void reportsTheKernelsRefusalForADirectoryThatIsNoMountPoint(@TempDir Path dir) {
        String path = dir.toAbsolutePath().toString();
        PosixException e = assertThrows(PosixException.class, () -> KernelUnmount.unmount(path));
        assertTrue(e.errno() == Errno.EINVAL || e.errno() == Errno.EPERM, "errno " + e.errno());
        assertTrue(e.getMessage().startsWith("umount2 " + path + ": "), e.getMessage());
    }
}
