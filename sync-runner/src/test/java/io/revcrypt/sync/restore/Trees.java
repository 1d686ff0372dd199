package io.revcrypt.sync.restore;

import io.revcrypt.core.posix.DestFs;
import io.revcrypt.core.posix.DirEntryName;
import io.revcrypt.core.posix.PlainStat;
import io.revcrypt.core.posix.Posix;
import io.revcrypt.core.testsupport.RawFiles;
import io.revcrypt.core.testsupport.ViewCopy;
import io.revcrypt.core.testsupport.Vectors;
import io.revcrypt.core.testsupport.Views;
import io.revcrypt.core.view.DirEntry;
import io.revcrypt.core.view.NodeAttributes;
import io.revcrypt.core.view.ReverseView;
import io.revcrypt.sync.decode.RsyncEscapes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Plaintext trees with everything Linux allows, ciphertext copies of them, and byte-exact comparisons. */
final class Trees {

    static final byte[] NON_UTF8 = {'f', (byte) 0xff, (byte) 0xfe, '.', 't', 'x', 't'};
    static final byte[] NEWLINE = "two\nlines".getBytes(StandardCharsets.UTF_8);
    static final String LONG_255 = "x".repeat(255);
    static final String LONG_DIR_200 = "d".repeat(200);

    private Trees() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /**
     * A tree with odd names (not UTF-8, a newline, 255 bytes, a 200-byte directory with content),
     * symlinks, a FIFO, empty files and directories, unusual modes and nanosecond mtimes; and
     * the test config, so its copy carries a {@code gocryptfs.conf} unlocked by {@link Vectors#PASSWORD}.
     */
    static void oddTree(Path root) throws Exception {
        Files.createDirectories(root);
        Files.writeString(root.resolve("plain.txt"), "hello world\n");
        RawFiles.writeFile(root, NON_UTF8, bytes("not utf-8\n"));
        RawFiles.writeFile(root, NEWLINE, bytes("newline\n"));
        Files.writeString(root.resolve(LONG_255), "255");
        Files.write(root.resolve("big.bin"), random(3 * 4096 + 1234, 1));
        Files.write(root.resolve("exact.bin"), random(2 * 4096, 2));
        Files.createFile(root.resolve("empty"));
        Files.createDirectories(root.resolve("empty-dir"));
        Path longDir = Files.createDirectories(root.resolve(LONG_DIR_200));
        Files.writeString(longDir.resolve("inside.txt"), "inside a hashed directory\n");
        Files.writeString(longDir.resolve("y".repeat(180)), "long name inside a long name\n");
        Path deep = Files.createDirectories(longDir.resolve("sub/deeper"));
        Files.write(deep.resolve("data.bin"), random(10_000, 3));
        RawFiles.mkdir(root, bytes("dir\nwith newline"));
        RawFiles.writeFile(root.resolve("dir\nwith newline"), NON_UTF8, bytes("both\n"));
        Files.createSymbolicLink(root.resolve("link-rel"), Path.of("plain.txt"));
        Files.createSymbolicLink(root.resolve("link-abs"), Path.of("/etc/hostname"));
        Files.createSymbolicLink(root.resolve("link-dangling"), Path.of("no/such/target"));
        RawFiles.symlink(root, bytes("link-odd"), NON_UTF8);
        Files.createSymbolicLink(longDir.resolve("up"), Path.of("../plain.txt"));
        RawFiles.mkfifo(root, bytes("fifo"));
        Path modes = Files.createDirectories(root.resolve("modes"));
        Files.writeString(modes.resolve("setuid"), "#!/bin/sh\n");
        Files.writeString(modes.resolve("readonly"), "ro\n");
        Files.writeString(modes.resolve("private"), "secret\n");
        Path sticky = Files.createDirectories(modes.resolve("sticky"));
        Files.writeString(sticky.resolve("f"), "f\n");
        Path closed = Files.createDirectories(modes.resolve("closed"));
        Files.writeString(closed.resolve("f"), "f\n");
        Files.write(root.resolve(".gocryptfs.reverse.conf"), Vectors.configBytes());

        int dir = DestFs.get().openRoot(root);
        int m = DestFs.get().openDir(dir, bytes("modes"));
        try {
            DestFs.get().chmodEntry(m, bytes("setuid"), 04755);
            DestFs.get().chmodEntry(m, bytes("readonly"), 0444);
            DestFs.get().chmodEntry(m, bytes("private"), 0600);
            DestFs.get().chmodEntry(m, bytes("sticky"), 01777);
            DestFs.get().chmodEntry(m, bytes("closed"), 0500);
            DestFs.get().chmodEntry(dir, bytes("fifo"), 0640);
            DestFs.get().chmodEntry(dir, bytes(".gocryptfs.reverse.conf"), 0400);
        } finally {
            DestFs.get().close(m);
            DestFs.get().close(dir);
        }
        stampTimes(root, 1_600_000_000L);
    }

    /** Gives every entry (symlinks too) its own mtime with nanoseconds, children before their directory. */
    static void stampTimes(Path root, long base) throws IOException {
        int fd = DestFs.get().openRoot(root);
        try {
            long[] n = {0};
            stamp(fd, base, n);
            DestFs.get().futimes(fd, base - 1, 0);
        } finally {
            DestFs.get().close(fd);
        }
    }

    private static void stamp(int dirFd, long base, long[] n) throws IOException {
        for (DirEntryName e : Posix.get().list(dirFd, new byte[] {'.'})) {
            PlainStat st = Posix.get().lstat(dirFd, e.name());
            if (st.isDirectory()) {
                int sub = DestFs.get().openDir(dirFd, e.name());
                try {
                    stamp(sub, base, n);
                } finally {
                    DestFs.get().close(sub);
                }
            }
            n[0]++;
            DestFs.get().utimesEntry(dirFd, e.name(), base + n[0] * 1000, 123_456_789 + n[0]);
        }
    }

    /**
     * What {@code rsync -a} of a mount of {@code plain} (test key) gives, without FUSE: the
     * view's files ({@link ViewCopy}), its FIFOs, and every entry's mode and mtime.
     */
    static void copyOf(Path plain, Path copy) throws Exception {
        try (ReverseView view = Views.open(plain)) {
            ViewCopy.copy(view, copy);
            int fd = DestFs.get().openRoot(copy);
            try {
                attributes(view, "", fd);
                NodeAttributes a = view.getattr("");
                DestFs.get().fchmod(fd, a.mode() & 07777);
                DestFs.get().futimes(fd, a.mtimeSec(), a.mtimeNsec());
            } finally {
                DestFs.get().close(fd);
            }
        }
    }

    private static void attributes(ReverseView view, String cipherDir, int dirFd) throws Exception {
        for (DirEntry e : view.list(cipherDir)) {
            String path = cipherDir.isEmpty() ? e.cipherName() : cipherDir + "/" + e.cipherName();
            NodeAttributes a = view.getattr(path);
            byte[] name = bytes(e.cipherName());
            if (a.isDirectory()) {
                int sub = DestFs.get().openDir(dirFd, name);
                try {
                    attributes(view, path, sub);
                } finally {
                    DestFs.get().close(sub);
                }
            } else if (a.type() == PlainStat.S_IFIFO) {
                DestFs.get().mkfifo(dirFd, name, 0600);
            }
            if (DestFs.get().geteuid() == 0) {
                DestFs.get().chownEntry(dirFd, name, a.uid(), a.gid());
            }
            if (!a.isSymlink()) {
                DestFs.get().chmodEntry(dirFd, name, a.mode() & 07777);
            }
            DestFs.get().utimesEntry(dirFd, name, a.mtimeSec(), a.mtimeNsec());
        }
    }

    /**
     * Every entry below {@code root} (not the root's own name), keyed by its escaped relative
     * path: type, permissions, size and content digest or link target, and the mtime.
     * {@code .gocryptfs.reverse.conf} in the root is left out (a copy holds it as gocryptfs.conf,
     * which restore, like gocryptfs, does not turn back into a plaintext file).
     */
    static TreeMap<String, String> describe(Path root, boolean withTimes) throws IOException {
        TreeMap<String, String> out = new TreeMap<>();
        int fd = DestFs.get().openRoot(root);
        try {
            PlainStat st = Posix.get().fstat(fd);
            out.put(".", String.format("dir %04o", st.permissions()) + (withTimes ? " " + st.mtimeSec() + "." + st.mtimeNsec() : ""));
            describe(fd, "", out, withTimes);
        } finally {
            DestFs.get().close(fd);
        }
        out.remove(".gocryptfs.reverse.conf");
        return out;
    }

    private static void describe(int dirFd, String prefix, TreeMap<String, String> out, boolean withTimes) throws IOException {
        for (DirEntryName e : Posix.get().list(dirFd, new byte[] {'.'})) {
            String key = prefix + RsyncEscapes.escape(e.name());
            PlainStat st = Posix.get().lstat(dirFd, e.name());
            String what;
            if (st.isDirectory()) {
                what = String.format("dir %04o", st.permissions());
                int sub = DestFs.get().openDir(dirFd, e.name());
                try {
                    describe(sub, key + "/", out, withTimes);
                } finally {
                    DestFs.get().close(sub);
                }
            } else if (st.isSymlink()) {
                what = "link -> " + RsyncEscapes.escape(Posix.get().readlink(dirFd, e.name()));
            } else if (st.isRegular()) {
                what = String.format("file %04o %d %s", st.permissions(), st.size(), digest(dirFd, e.name(), st.size()));
            } else {
                what = String.format("special %06o", st.mode());
            }
            if (withTimes) {
                what += " " + st.mtimeSec() + "." + st.mtimeNsec();
            }
            out.put(key, what);
        }
    }

    static String digest(int dirFd, byte[] name, long size) throws IOException {
        int fd = Posix.get().openFileForReading(dirFd, name);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            byte[] heap = new byte[1 << 20];
            long off = 0;
            while (off < size) {
                int n = Posix.get().pread(fd, buf, (int) Math.min(heap.length, size - off), off);
                if (n == 0) {
                    break;
                }
                buf.get(0, heap, 0, n);
                sha.update(heap, 0, n);
                off += n;
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            Posix.get().close(fd);
        }
    }

    /** Regular files and symlinks below {@code root} relative to it (cipher names are plain ASCII). */
    static SortedSet<String> files(Path root) throws IOException {
        SortedSet<String> out = new TreeSet<>();
        try (var s = Files.walk(root)) {
            s.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .forEach(p -> out.add(root.relativize(p).toString()));
        }
        return out;
    }
}
