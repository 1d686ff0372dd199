package io.revcrypt.sync.session;

import io.revcrypt.fuse.FuseMount;
import io.revcrypt.fuse.Fusermount;
import io.revcrypt.fuse.MountException;
import io.revcrypt.fuse.MountTable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Private run directories ({@code sync-<pid>}, {@code verify-<pid>}: mount point, socket, ssh
 * control socket) of runs that died without cleaning up, e.g. by {@code kill -9}: their mount is
 * cleared and the directory removed by the next run of their kind.
 */
public final class StaleRuns {

    private static final System.Logger LOG = System.getLogger(StaleRuns.class.getName());

    private StaleRuns() {
    }

    /** Clears the run directories {@code <prefix><pid>} under {@code runtimeRoot} whose process is gone. */
    public static void clean(Path runtimeRoot, String prefix) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(runtimeRoot, prefix + "*")) {
            for (Path dir : dirs) {
                long pid;
                try {
                    pid = Long.parseLong(dir.getFileName().toString().substring(prefix.length()));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                removeRunDirectory(dir);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot look for stale runs in {0}: {1}", runtimeRoot, e.getMessage());
        }
    }

    /** Unmounts the run's mount point if something is still mounted there, then deletes the directory. */
    public static void removeRunDirectory(Path dir) {
        Path mnt = dir.resolve("mnt");
        if (MountTable.isMounted(mnt)) {
            try {
                Fusermount.unmount(mnt, FuseMount.isDeadFuseMount(mnt));
            } catch (MountException e) {
                try {
                    Fusermount.unmount(mnt, true);
                } catch (MountException again) {
                    LOG.log(System.Logger.Level.WARNING, "cannot unmount {0}: {1}", mnt, again.getMessage());
                    return;
                }
            }
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                if (!MountTable.isMounted(p)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove {0}: {1}", dir, e.getMessage());
        }
    }
}
