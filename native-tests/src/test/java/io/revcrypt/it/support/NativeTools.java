package io.revcrypt.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks that what the native tests need is really there. A test that cannot run fails here,
 * loudly, with what is missing: CI always has FUSE and the tools (design §8), so a skip would only
 * hide a broken machine.
 */
public final class NativeTools {

    private NativeTools() {}

    /** /dev/fuse, fusermount, gocryptfs 2.3, gocryptfs-xray, rsync, and the revcrypt jar. */
    public static void require() throws IOException, InterruptedException {
        Path fuse = Path.of("/dev/fuse");
        if (!Files.exists(fuse, LinkOption.NOFOLLOW_LINKS) || !Files.isReadable(fuse) || !Files.isWritable(fuse)) {
            throw new AssertionError("/dev/fuse is missing or not accessible: these tests need FUSE (run as root "
                    + "on a machine with the fuse module)");
        }
        tool(List.of("fusermount", "-V"), "fusermount", "the 'fuse' package");
        String version = tool(List.of("gocryptfs", "-version"), "gocryptfs 2.3", "Debian's gocryptfs 2.3");
        if (!version.contains("gocryptfs 2.3")) {
            throw new AssertionError("gocryptfs 2.3 is the oracle of these tests, found: " + version);
        }
        tool(List.of("gocryptfs-xray", "-version"), "", "gocryptfs-xray (package gocryptfs)");
        tool(List.of("rsync", "--version"), "rsync", "rsync");
        Revcrypt.jar();
    }

    private static String tool(List<String> argv, String expected, String what) throws InterruptedException {
        CommandResult r;
        try {
            r = ProcessRunner.run(argv, Commands.DEFAULT_TIMEOUT);
        } catch (IOException e) {
            throw new AssertionError(argv.get(0) + " cannot run (install " + what + "): " + e.getMessage(), e);
        }
        String out = r.stdout() + r.stderr();
        if (!out.contains(expected)) {
            throw new AssertionError(argv.get(0) + " does not work (install " + what + "):\n" + r.describe());
        }
        return out;
    }
}
