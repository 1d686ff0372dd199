package io.revcrypt.core.posix;

import java.util.Locale;

/**
 * The one table of what differs between the machines revcrypt runs on, and the flag values that
 * do not: {@link Posix} (reading the plaintext) and {@link DestFs} (writing a destination) both
 * take their constants from here, so they cannot disagree about an architecture. Values from
 * glibc's {@code bits/fcntl-linux.h}, {@code bits/fcntl.h} and the kernel's {@code statx}; an
 * architecture not listed is refused when the class loads, with one message for every caller.
 */
final class LinuxAbi {

    /** The machine as the JVM reports it, normalised: {@code x86_64} or {@code aarch64}. */
    static final String ARCH = architecture(System.getProperty("os.arch"));

    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_EMPTY_PATH = 0x1000;

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 01;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_NONBLOCK = 04000;
    static final int O_NOATIME = 01000000;
    static final int O_CLOEXEC = 02000000;
    static final int O_PATH = 010000000;
    /** The two flags whose values differ: aarch64 uses the generic (asm-generic) numbers. */
    static final int O_DIRECTORY = ARCH.equals("aarch64") ? 040000 : 0200000;
    static final int O_NOFOLLOW = ARCH.equals("aarch64") ? 0100000 : 0400000;

    /** The same on x86_64 and aarch64 (only s390x differs). */
    static final int POSIX_FADV_DONTNEED = 4;

    static final int RENAME_NOREPLACE = 1;
    /** {@code UTIME_OMIT}: leave this time as it is. */
    static final long UTIME_OMIT = (1L << 30) - 2L;

    static final int STATX_BASIC_STATS = 0x7ff;
    /** STATX_MTIME | STATX_CTIME | STATX_SIZE. */
    static final int STATX_VERSION = 0x40 | 0x80 | 0x200;
    /** {@code struct statx}: the same on every Linux architecture. */
    static final int STATX_SIZE = 256;
    /** {@code struct statvfs}, glibc on LP64: the same on x86_64 and aarch64. */
    static final int STATVFS_SIZE = 112;

    private LinuxAbi() {
    }

    static String architecture(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> throw new ExceptionInInitializerError("revcrypt runs on Linux x86_64 and aarch64, not " + arch);
        };
    }
}
