package io.revcrypt.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A small tmpfs mounted for one test: a disk that really fills up (ENOSPC from the kernel, not a
 * simulation). Closing unmounts it, lazily if something still holds it.
 */
public final class Tmpfs implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    public static Tmpfs mount(Path mountPoint, long bytes) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        Commands.check(ProcessRunner.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + bytes + ",mode=0700", "tmpfs",
                mountPoint.toString()), TIMEOUT));
        return new Tmpfs(mountPoint);
    }

    public Path path() {
        return mountPoint;
    }

    /** Makes it larger (or smaller) in place, as freeing space on a real disk would. */
    public void resize(long bytes) throws IOException, InterruptedException {
        Commands.check(ProcessRunner.run(List.of("mount", "-o", "remount,size=" + bytes, mountPoint.toString()), TIMEOUT));
    }

    /** Fills what is left with a file, {@code name}, until the kernel says no space; returns it. */
    public Path fill(String name) throws IOException {
        Path filler = mountPoint.resolve(name);
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            if (Files.getFileStore(mountPoint).getUsableSpace() > 0) {
                throw new IOException("filling " + mountPoint + " stopped before it was full", full);
            }
        }
        return filler;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (!ProcessRunner.run(List.of("umount", mountPoint.toString()), TIMEOUT).succeeded()) {
            Commands.check(ProcessRunner.run(List.of("umount", "-l", mountPoint.toString()), TIMEOUT));
        }
    }
}
