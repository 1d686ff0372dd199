package io.revcrypt.fuse;

import io.revcrypt.core.posix.PosixException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs libfuse 3's {@code fusermount3 -u} (or {@code fusermount -u} where only that name
 * exists, as with libfuse 2 or a distribution that renamed it) and reports what it said.
 */
public final class Fusermount {

    private static final List<String> PROGRAMS = List.of("fusermount3", "fusermount");

    private Fusermount() {
    }

    /**
     * Unmounts; {@code lazy} detaches a dead or busy mount ({@code -z}). Where this process may
     * unmount by itself (root), a plain unmount is one system call; starting fusermount3 from a
     * JVM that has not started a process yet takes 80 ms. Otherwise, and for whatever that call
     * refuses (a busy mount: fusermount3 then says so in its own words), fusermount3 does it.
     */
    public static void unmount(Path mountPoint, boolean lazy) throws MountException {
        if (!lazy) {
            try {
                KernelUnmount.unmount(mountPoint.toAbsolutePath().toString());
                return;
            } catch (PosixException | RuntimeException | LinkageError e) {
                // not allowed, busy, or no libc binding: fusermount3 tries and reports
            }
        }
        IOException notFound = null;
        for (String program : PROGRAMS) {
            try {
                run(program, mountPoint, lazy);
                return;
            } catch (IOException e) {
                notFound = e;
            }
        }
        throw new MountException("cannot run fusermount3 or fusermount (is the fuse3 package installed?): "
                + notFound.getMessage(), notFound);
    }

    private static void run(String program, Path mountPoint, boolean lazy) throws IOException, MountException {
        List<String> cmd = new ArrayList<>(List.of(program, "-u"));
        if (lazy) {
            cmd.add("-z");
        }
        cmd.add("--");
        cmd.add(mountPoint.toAbsolutePath().toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new MountException(program + " -u " + mountPoint + " did not finish within 30 s");
            }
            if (p.exitValue() != 0) {
                throw new MountException(out.isEmpty() ? program + " -u " + mountPoint + " failed" : out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            throw new MountException("interrupted while unmounting " + mountPoint);
        }
    }
}
