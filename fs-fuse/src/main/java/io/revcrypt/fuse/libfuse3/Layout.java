package io.revcrypt.fuse.libfuse3;

import java.util.Locale;

/**
 * Byte offsets of the C structures we read and write, for 64-bit Linux (LP64) and libfuse 3.14.
 * Each is transcribed from the header named in its comment, with C's natural alignment;
 * {@code LayoutTest} re-derives every offset from the field list with jnr-ffi's layout rules.
 * The libfuse structures are the same on x86_64 and aarch64; {@code struct stat} is not (see
 * {@link Stat}). Any other architecture is refused by {@link #check()}.
 */
public final class Layout {

    private Layout() {
    }

    /** The machine as the JVM reports it: {@code x86_64} or {@code aarch64}, or something we refuse. */
    public static final String ARCH = normalise(System.getProperty("os.arch"));

    private static String normalise(String arch) {
        String a = arch.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> a;
        };
    }

    /** Throws unless these layouts describe this machine. */
    public static void check() {
        String os = System.getProperty("os.name");
        if (!os.equals("Linux") || !(ARCH.equals("x86_64") || ARCH.equals("aarch64"))) {
            throw new UnsupportedOperationException("the libfuse 3 binding knows the structure layouts of Linux "
                    + "x86_64 and aarch64 only, not " + os + " " + ARCH);
        }
    }

    /**
     * {@code struct fuse_operations}, libfuse 3.14 {@code include/fuse.h}: 42 function pointers in
     * this order (3.14 has no {@code getdir}, {@code utime}, {@code fgetattr} or {@code ftruncate}
     * of libfuse 2; getattr, truncate, chmod, chown and utimens take a {@code fuse_file_info*}).
     * The constants are slot numbers; the offset is {@code slot * 8}.
     */
    public static final class Operations {
        public static final int GETATTR = 0;
        public static final int READLINK = 1;
        public static final int MKNOD = 2;
        public static final int MKDIR = 3;
        public static final int UNLINK = 4;
        public static final int RMDIR = 5;
        public static final int SYMLINK = 6;
        public static final int RENAME = 7;
        public static final int LINK = 8;
        public static final int CHMOD = 9;
        public static final int CHOWN = 10;
        public static final int TRUNCATE = 11;
        public static final int OPEN = 12;
        public static final int READ = 13;
        public static final int WRITE = 14;
        public static final int STATFS = 15;
        public static final int FLUSH = 16;
        public static final int RELEASE = 17;
        public static final int FSYNC = 18;
        public static final int SETXATTR = 19;
        public static final int GETXATTR = 20;
        public static final int LISTXATTR = 21;
        public static final int REMOVEXATTR = 22;
        public static final int OPENDIR = 23;
        public static final int READDIR = 24;
        public static final int RELEASEDIR = 25;
        public static final int FSYNCDIR = 26;
        public static final int INIT = 27;
        public static final int DESTROY = 28;
        public static final int ACCESS = 29;
        public static final int CREATE = 30;
        public static final int LOCK = 31;
        public static final int UTIMENS = 32;
        public static final int BMAP = 33;
        public static final int IOCTL = 34;
        public static final int POLL = 35;
        public static final int WRITE_BUF = 36;
        public static final int READ_BUF = 37;
        public static final int FLOCK = 38;
        public static final int FALLOCATE = 39;
        public static final int COPY_FILE_RANGE = 40;
        public static final int LSEEK = 41;
        public static final int SLOTS = 42;
        /** {@code sizeof(struct fuse_operations)}, passed to {@code fuse_new} as {@code op_size}. */
        public static final int SIZE = SLOTS * 8;

        private Operations() {
        }
    }

    /**
     * {@code struct fuse_file_info}, libfuse 3.14 {@code include/fuse_common.h}:
     * {@code int flags}; one {@code unsigned int} of bit-fields (writepage, direct_io, keep_cache,
     * flush, nonseekable, flock_release, cache_readdir, noflush: bits 0..7 from the least
     * significant, GCC's order on little-endian machines; then 24 bits padding);
     * {@code unsigned int padding2 : 32}; {@code uint64_t fh}; {@code uint64_t lock_owner};
     * {@code uint32_t poll_events}; padded to 8.
     */
    public static final class FileInfo {
        public static final int FLAGS = 0;
        public static final int BITS = 4;
        public static final int FH = 16;
        public static final int LOCK_OWNER = 24;
        public static final int POLL_EVENTS = 32;
        public static final int SIZE = 40;
        public static final int BIT_DIRECT_IO = 1 << 1;
        public static final int BIT_KEEP_CACHE = 1 << 2;
        public static final int BIT_NONSEEKABLE = 1 << 4;
        public static final int BIT_CACHE_READDIR = 1 << 6;

        private FileInfo() {
        }
    }

    /**
     * {@code struct fuse_config}, libfuse 3.14 {@code include/fuse.h}: set_gid, gid, set_uid,
     * uid, set_mode, umask (6 × 4 bytes); entry_timeout, negative_timeout, attr_timeout
     * (doubles); intr, intr_signal, remember, hard_remove, use_ino, readdir_ino, direct_io,
     * kernel_cache, auto_cache, no_rofd_flush, ac_attr_timeout_set (ints); double
     * ac_attr_timeout; nullpath_ok, show_help (ints); char *modules; int debug.
     */
    public static final class Config {
        public static final int ENTRY_TIMEOUT = 24;
        public static final int NEGATIVE_TIMEOUT = 32;
        public static final int ATTR_TIMEOUT = 40;
        public static final int INTR = 48;
        public static final int REMEMBER = 56;
        public static final int USE_INO = 64;
        public static final int READDIR_INO = 68;
        public static final int DIRECT_IO = 72;
        public static final int KERNEL_CACHE = 76;
        public static final int AUTO_CACHE = 80;
        public static final int AC_ATTR_TIMEOUT_SET = 88;
        public static final int AC_ATTR_TIMEOUT = 96;
        public static final int NULLPATH_OK = 104;
        public static final int SHOW_HELP = 108;
        public static final int MODULES = 112;
        public static final int DEBUG = 120;
        public static final int SIZE = 128;

        private Config() {
        }
    }

    /**
     * {@code struct fuse_conn_info}, libfuse 3.14 {@code include/fuse_common.h}: proto_major,
     * proto_minor, max_write, max_read, max_readahead, capable, want, max_background,
     * congestion_threshold, time_gran, reserved[22] (all {@code unsigned}).
     */
    public static final class ConnInfo {
        public static final int MAX_WRITE = 8;
        public static final int MAX_READ = 12;
        public static final int MAX_READAHEAD = 16;
        public static final int CAPABLE = 20;
        public static final int WANT = 24;
        public static final int MAX_BACKGROUND = 28;
        public static final int TIME_GRAN = 36;
        public static final int SIZE = 128;

        /** {@code FUSE_CAP_READDIRPLUS}: the kernel may send READDIRPLUS. */
        public static final int CAP_READDIRPLUS = 1 << 13;
        /** {@code FUSE_CAP_READDIRPLUS_AUTO}: ... but only when it guesses the attributes will be used. */
        public static final int CAP_READDIRPLUS_AUTO = 1 << 14;
        /** {@code FUSE_CAP_NO_OPEN_SUPPORT}: open may answer ENOSYS, meaning "opened, and no OPEN or RELEASE from now on". */
        public static final int CAP_NO_OPEN_SUPPORT = 1 << 17;

        private ConnInfo() {
        }
    }

    /** {@code struct fuse_args}, {@code include/fuse_opt.h}: int argc; char **argv; int allocated. */
    public static final class Args {
        public static final int ARGC = 0;
        public static final int ARGV = 8;
        public static final int ALLOCATED = 16;
        public static final int SIZE = 24;

        private Args() {
        }
    }

    /**
     * {@code struct fuse_buf}, libfuse 3.14 {@code include/fuse_common.h}: size_t size; enum
     * fuse_buf_flags flags; void *mem; int fd; off_t pos. (3.17 appends {@code mem_size}; we
     * only ever pass a zeroed one to libfuse and read back {@code mem}.)
     */
    public static final class Buf {
        public static final int SIZE_FIELD = 0;
        public static final int FLAGS = 8;
        public static final int MEM = 16;
        public static final int FD = 24;
        public static final int POS = 32;
        public static final int SIZE = 40;

        private Buf() {
        }
    }

    /** {@code enum fuse_readdir_flags} and {@code enum fuse_fill_dir_flags}, libfuse 3.14 {@code include/fuse.h}. */
    public static final class Readdir {
        /** Passed to readdir: the kernel asked for READDIRPLUS. */
        public static final int FUSE_READDIR_PLUS = 1;
        /** Passed to the filler: the stat is complete, use it as the entry's attributes. */
        public static final int FUSE_FILL_DIR_PLUS = 1 << 1;

        private Readdir() {
        }
    }

    /**
     * {@code struct stat} as glibc defines it with 64-bit {@code off_t}/{@code ino_t} (libfuse 3
     * is built with {@code _FILE_OFFSET_BITS=64}).
     *
     * <ul>
     *   <li>x86_64 (glibc {@code sysdeps/unix/sysv/linux/x86/bits/struct_stat.h}): st_dev 0,
     *       st_ino 8, st_nlink 16 (64-bit), st_mode 24, st_uid 28, st_gid 32, pad, st_rdev 40,
     *       st_size 48, st_blksize 56 (64-bit), st_blocks 64, st_atim 72, st_mtim 88,
     *       st_ctim 104, 3 reserved longs; 144 bytes.</li>
     *   <li>aarch64 (glibc {@code sysdeps/unix/sysv/linux/generic/bits/struct_stat.h}, the kernel's
     *       {@code asm-generic/stat.h}): st_dev 0, st_ino 8, st_mode 16, st_nlink 20 (32-bit),
     *       st_uid 24, st_gid 28, st_rdev 32, pad, st_size 48, st_blksize 56 (32-bit), pad,
     *       st_blocks 64, st_atim 72, st_mtim 88, st_ctim 104, 2 reserved ints; 128 bytes.</li>
     * </ul>
     * A {@code struct timespec} is {@code tv_sec} (64-bit) then {@code tv_nsec} (64-bit).
     */
    public record Stat(int dev, int ino, int nlink, boolean nlink64, int mode, int uid, int gid, int rdev, int size,
                       int blksize, boolean blksize64, int blocks, int atim, int mtim, int ctim, int sizeOf) {

        public static final Stat X86_64 = new Stat(0, 8, 16, true, 24, 28, 32, 40, 48, 56, true, 64, 72, 88, 104, 144);
        public static final Stat AARCH64 = new Stat(0, 8, 20, false, 16, 24, 28, 32, 48, 56, false, 64, 72, 88, 104, 128);

        /** The layout of this machine. */
        public static Stat current() {
            check();
            return ARCH.equals("aarch64") ? AARCH64 : X86_64;
        }
    }

    /**
     * {@code struct statvfs}, glibc {@code bits/statvfs.h} on LP64 (same on x86_64 and aarch64):
     * f_bsize, f_frsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree, f_favail, f_fsid,
     * f_flag, f_namemax (unsigned long / fsblkcnt64_t / fsfilcnt64_t, 8 bytes each), then
     * {@code int __f_spare[6]}; 112 bytes.
     */
    public static final class Statvfs {
        public static final int BSIZE = 0;
        public static final int FRSIZE = 8;
        public static final int BLOCKS = 16;
        public static final int BFREE = 24;
        public static final int BAVAIL = 32;
        public static final int FILES = 40;
        public static final int FFREE = 48;
        public static final int FAVAIL = 56;
        public static final int FSID = 64;
        public static final int FLAG = 72;
        public static final int NAMEMAX = 80;
        public static final int SIZE = 112;

        private Statvfs() {
        }
    }
}
