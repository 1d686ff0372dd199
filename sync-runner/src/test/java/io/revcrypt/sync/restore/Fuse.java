package io.revcrypt.sync.restore;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** For the few tests that need real FUSE and gocryptfs: without them they fail, never skip. */
public final class Fuse {

    private Fuse() {
    }

    public static void require() {
        boolean ok = Files.exists(Path.of("/dev/fuse")) && onPath("gocryptfs") && onPath("fusermount") && onPath("rsync");
        if (!ok) {
            // never a silent skip: the README's requirements (and .ci/run) provide all of these
            fail("this test needs /dev/fuse, gocryptfs, fusermount and rsync (see the README's requirements)");
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command; fails the test with its output if it fails. */
    public static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(cmd + " did not finish: " + out);
        }
        if (p.exitValue() != 0) {
            fail(cmd + " failed with exit code " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /** Unmounts if mounted; never fails (for finally blocks). */
    public static void unmount(Path mnt) {
        try {
            Process p = new ProcessBuilder("fusermount", "-u", mnt.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                new ProcessBuilder("fusermount", "-u", "-z", mnt.toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            // best effort
        }
    }
}
