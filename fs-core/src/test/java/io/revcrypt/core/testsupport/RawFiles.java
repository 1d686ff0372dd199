package io.revcrypt.core.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;

/**
 * Creates entries whose names are arbitrary bytes (not valid UTF-8, newlines, …), which
 * {@code java.nio.file} cannot, through libc directly. Test code only.
 */
public final class RawFiles {

    public interface TestLibC {
        @SaveError
        int open(@In byte[] path, int flags, int mode);

        @SaveError
        long write(int fd, @In byte[] buf, long count);

        int close(int fd);

        @SaveError
        int mkdir(@In byte[] path, int mode);

        @SaveError
        int symlink(@In byte[] target, @In byte[] linkPath);

        @SaveError
        int mkfifo(@In byte[] path, int mode);

        @SaveError
        int link(@In byte[] oldPath, @In byte[] newPath);

        String strerror(int errno);
    }

    private static final TestLibC LIBC = LibraryLoader.create(TestLibC.class).load("c");
    private static final int O_WRONLY = 01;
    private static final int O_CREAT = 0100;
    private static final int O_TRUNC = 01000;

    private RawFiles() {
    }

    /** {@code dir/name} as bytes, NUL-terminated. */
    public static byte[] join(Path dir, byte[] name) {
        byte[] d = dir.toAbsolutePath().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(d, d.length + 1 + name.length + 1);
        out[d.length] = '/';
        System.arraycopy(name, 0, out, d.length + 1, name.length);
        return out;
    }

    public static void writeFile(Path dir, byte[] name, byte[] content) throws IOException {
        int fd = LIBC.open(join(dir, name), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        check(fd, "open");
        try {
            long n = LIBC.write(fd, content, content.length);
            if (n != content.length) {
                throw new IOException("short write");
            }
        } finally {
            LIBC.close(fd);
        }
    }

    public static void mkdir(Path dir, byte[] name) throws IOException {
        check(LIBC.mkdir(join(dir, name), 0755), "mkdir");
    }

    public static void symlink(Path dir, byte[] name, byte[] target) throws IOException {
        byte[] t = Arrays.copyOf(target, target.length + 1);
        check(LIBC.symlink(t, join(dir, name)), "symlink");
    }

    public static void mkfifo(Path dir, byte[] name) throws IOException {
        check(LIBC.mkfifo(join(dir, name), 0644), "mkfifo");
    }

    public static void link(Path existing, Path dir, byte[] name) throws IOException {
        byte[] old = (existing.toAbsolutePath() + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        check(LIBC.link(old, join(dir, name)), "link");
    }

    private static void check(long rc, String op) throws IOException {
        if (rc < 0) {
            int errno = Runtime.getRuntime(LIBC).getLastError();
            throw new IOException(op + ": " + LIBC.strerror(errno));
        }
    }
}
