package io.revcrypt.fuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code fusermount -u} (libfuse 2's helper) and reports what it said. */
public final class Fusermount {

    private Fusermount() {
    }

    /** Unmounts; {@code lazy} detaches a dead or busy mount ({@code -z}). */
    public static void unmount(Path mountPoint, boolean lazy) throws MountException {
        List<String> cmd = new ArrayList<>(List.of("fusermount", "-u"));
        if (lazy) {
            cmd.add("-z");
        }
        cmd.add("--");
        cmd.add(mountPoint.toAbsolutePath().toString());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new MountException("fusermount -u " + mountPoint + " did not finish within 30 s");
            }
            if (p.exitValue() != 0) {
                throw new MountException(out.isEmpty() ? "fusermount -u " + mountPoint + " failed" : out);
            }
        } catch (IOException e) {
            throw new MountException("cannot run fusermount (is the fuse package installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MountException("interrupted while unmounting " + mountPoint);
        }
    }
}
