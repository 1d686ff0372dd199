package io.revcrypt.sync.cli;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.RuntimeDirs;
import io.revcrypt.sync.common.UserException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which process serves a mount point, so that {@code revcrypt unmount} can wait for it to exit.
 * One file per mount point in the runtime directory: the pid, then the mount point.
 */
final class PidFile {

    private PidFile() {
    }

    static Path of(Path mountPoint) {
        String mnt = mountPoint.toAbsolutePath().normalize().toString();
        return RuntimeDirs.runtime().resolve("mount-" + RuntimeDirs.key(mnt) + ".pid");
    }

    static void write(Path mountPoint) throws IOException {
        Path file = of(mountPoint);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, ProcessHandle.current().pid() + "\n" + mountPoint.toAbsolutePath().normalize() + "\n",
                StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The live process recorded for this mount point, if any. */
    static Optional<ProcessHandle> process(Path mountPoint) {
        Path file = of(mountPoint);
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() < 2 || !lines.get(1).equals(mountPoint.toAbsolutePath().normalize().toString())) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Removes the pid file if it still names this process (a later mount may have replaced it). */
    static void deleteIfOurs(Path mountPoint) {
        Path file = of(mountPoint);
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (!lines.isEmpty() && lines.get(0).trim().equals(Long.toString(ProcessHandle.current().pid()))) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a stale pid file is ignored by process(): nothing to do
        }
    }

    static void deleteStale(Path mountPoint) {
        if (process(mountPoint).isEmpty()) {
            try {
                Files.deleteIfExists(of(mountPoint));
            } catch (IOException e) {
                // ignored, as above
            }
        }
    }
}
