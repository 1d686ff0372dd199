package io.revcrypt.it.support;

import io.revcrypt.core.testsupport.RawFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;

/**
 * A plaintext tree with everything that is hard to get right in a reverse view: unicode names in
 * NFC and NFD, a name that is not UTF-8, a newline in a name, names at the long-name threshold
 * (175/176 bytes) and at NAME_MAX, a hashed directory name with content, deep nesting, file sizes
 * at block edges, a random MiB, empty files and directories, every kind of symlink, a FIFO, and
 * unusual permissions. Names that Java's {@code Path} cannot express are made through libc.
 */
public final class OddTree {

    public static final String NFC_NAME = "caf\u00e9.txt";
    public static final String NFD_NAME = "cafe\u0301.txt";
    public static final byte[] NON_UTF8_NAME = {'b', 'a', 'd', '-', (byte) 0xff, '-', 'n', 'a', 'm', 'e'};
    public static final String NEWLINE_NAME = "new\nline.txt";
    public static final String HARDLINK_A = "hardlink-a";
    public static final String HARDLINK_B = "hardlink-b";
    public static final int[] SIZES = {0, 1, 4095, 4096, 4097, 8191, 8192, 8193};
    public static final int DEEP_LEVELS = 10;

    private OddTree() {}

    /**
     * Builds the tree in {@code root} (which must exist). With {@code hardLinks}, adds the pair
     * {@link #HARDLINK_A}/{@link #HARDLINK_B} (one inode, two names).
     */
    public static void build(Path root, boolean hardLinks) throws IOException {
        Random random = new Random(20240101L);
        file(root, NFC_NAME, text("NFC\n"));
        file(root, NFD_NAME, text("NFD\n"));
        file(root, "Gr\u00fc\u00dfe-\u65e5\u672c\u8a9e.txt", text("unicode\n"));
        RawFiles.writeFile(root, NON_UTF8_NAME, text("not utf-8\n"));
        file(root, NEWLINE_NAME, text("newline\n"));
        file(root, "a".repeat(175), text("175\n"));
        file(root, "b".repeat(176), text("176\n"));
        file(root, "c".repeat(255), random(random, 5000));

        Path longDir = root.resolve("D".repeat(180));
        Files.createDirectory(longDir);
        file(longDir, "inside.txt", text("in a hashed directory\n"));
        file(longDir, "e".repeat(200), random(random, 4097));
        Files.createDirectories(longDir.resolve("sub"));
        file(longDir.resolve("sub"), "deeper.txt", text("deeper\n"));

        Path unicodeDir = root.resolve("dir-\u00fc");
        Files.createDirectory(unicodeDir);
        file(unicodeDir, "inner-\u00e9.txt", random(random, 100));
        RawFiles.writeFile(unicodeDir, new byte[] {'x', (byte) 0xfe, (byte) 0x80}, text("more bad bytes\n"));

        Path deep = root;
        for (int i = 1; i <= DEEP_LEVELS; i++) {
            deep = deep.resolve("level" + i);
        }
        Files.createDirectories(deep);
        file(deep, "leaf.txt", text("ten levels down\n"));

        for (int size : SIZES) {
            file(root, "size-" + size, random(random, size));
        }
        file(root, "random-1MiB.bin", random(random, 1 << 20));
        Files.createDirectory(root.resolve("empty-dir"));
        Files.createDirectory(root.resolve("empties"));
        file(root.resolve("empties"), "one", new byte[0]);
        file(root.resolve("empties"), "two", new byte[0]);

        Files.createSymbolicLink(root.resolve("link-rel"), Path.of("size-1"));
        Files.createSymbolicLink(root.resolve("link-abs"), Path.of("/etc/hostname"));
        Files.createSymbolicLink(root.resolve("link-dangling"), Path.of("does/not/exist"));
        Files.createSymbolicLink(root.resolve("link-unicode-\u00fc"), Path.of("Gr\u00fc\u00dfe-\u65e5\u672c\u8a9e.txt"));
        Files.createSymbolicLink(longDir.resolve("link-up"), Path.of("../size-4096"));
        byte[] longTarget = new byte[2000];
        Arrays.fill(longTarget, (byte) 't');
        for (int i = 100; i < longTarget.length; i += 100) {
            longTarget[i] = '/';
        }
        RawFiles.symlink(root, "link-2000".getBytes(StandardCharsets.US_ASCII), longTarget);

        RawFiles.mkfifo(root, "fifo".getBytes(StandardCharsets.US_ASCII));

        mode(file(root, "mode-0600", text("0600\n")), "rw-------");
        mode(file(root, "mode-0755", text("#!/bin/sh\n")), "rwxr-xr-x");
        mode(file(root, "mode-0400", text("0400\n")), "r--------");

        if (hardLinks) {
            Path a = file(root, HARDLINK_A, random(random, 9000));
            Files.createLink(root.resolve(HARDLINK_B), a);
        }
    }

    private static Path file(Path dir, String name, byte[] content) throws IOException {
        RawFiles.writeFile(dir, name.getBytes(StandardCharsets.UTF_8), content);
        return dir.resolve(name);
    }

    private static void mode(Path p, String perms) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(Random random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }
}
