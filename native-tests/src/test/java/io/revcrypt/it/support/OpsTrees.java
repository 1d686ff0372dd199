package io.revcrypt.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/** Plaintext trees for the operations tests, and changes to them that keep every other file as it was. */
public final class OpsTrees {

    /** The file the tests change between runs, relative to the source. */
    public static final String CHANGING = "docs/report.txt";

    private OpsTrees() {}

    /**
     * A small tree: a few directories, text and binary files, a name long enough to be hashed
     * (with its {@code .name} file), a symlink, and {@link #CHANGING} holding {@code version}.
     */
    public static Path small(Path src, String version) throws IOException {
        Random random = new Random(42);
        Files.createDirectories(src.resolve("docs/old"));
        Files.createDirectories(src.resolve("photos"));
        Files.writeString(src.resolve(CHANGING), version, StandardCharsets.UTF_8);
        Files.writeString(src.resolve("docs/notes.txt"), "notes\n", StandardCharsets.UTF_8);
        Files.writeString(src.resolve("docs/old/2019.txt"), "old stuff\n", StandardCharsets.UTF_8);
        Files.write(src.resolve("photos/cat.jpg"), bytes(random, 70_000));
        Files.write(src.resolve("photos/dog.jpg"), bytes(random, 4096));
        Files.writeString(src.resolve("x".repeat(200) + ".txt"), "long name\n", StandardCharsets.UTF_8);
        Files.writeString(src.resolve("top.txt"), "top\n", StandardCharsets.UTF_8);
        Files.createSymbolicLink(src.resolve("link-to-notes"), Path.of("docs/notes.txt"));
        return src;
    }

    /**
     * Overwrites {@link #CHANGING} in place with {@code version}: its own content and mtime change,
     * no directory changes, so every other file of the encrypted view stays byte for byte the same.
     */
    public static void change(Path src, String version) throws IOException {
        Path f = src.resolve(CHANGING);
        Files.writeString(f, version, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        // a later mtime for certain, also when the run before was within the same clock tick
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.from(
                Files.getLastModifiedTime(f).toInstant().plusSeconds(10)));
    }

    /** A file of {@code size} random bytes, written in pieces. */
    public static void bigFile(Path file, long size) throws IOException {
        Random random = new Random(7);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= buf.length) {
                random.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, left));
            }
        }
    }

    private static byte[] bytes(Random random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }
}
