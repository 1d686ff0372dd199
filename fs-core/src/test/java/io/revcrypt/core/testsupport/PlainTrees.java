package io.revcrypt.core.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Helpers to build plaintext trees for tests, including what Java's file API cannot make. */
public final class PlainTrees {

    private PlainTrees() {
    }

    /** {@code byte[i] = i % 251}, the pattern of the vector files. */
    public static byte[] pattern(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }

    public static void mkfifo(Path path) throws IOException {
        run(List.of("mkfifo", path.toString()));
    }

    /** Sets atime and mtime of every entry below (and including) root, without following symlinks. */
    public static void touchAll(Path root, long epochSeconds) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("find", root.toString(), "-depth", "-exec", "touch", "-h", "-d",
                "@" + epochSeconds, "{}", "+"));
        run(cmd);
    }

    public static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(cmd + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
