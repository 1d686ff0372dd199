package io.revcrypt.fuse;

import com.kenai.jffi.MemoryIO;
import io.revcrypt.core.posix.Errno;
import io.revcrypt.core.posix.PlainStat;
import io.revcrypt.core.view.DirEntry;
import io.revcrypt.core.view.DirEntryPlus;
import io.revcrypt.core.view.FsException;
import io.revcrypt.core.view.NodeAttributes;
import io.revcrypt.core.view.OpenFile;
import io.revcrypt.core.view.ReverseView;
import io.revcrypt.fuse.libfuse3.DirFiller;
import io.revcrypt.fuse.libfuse3.FuseFilesystem;
import io.revcrypt.fuse.libfuse3.Layout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The FUSE adapter over a {@link ReverseView} for libfuse 3's high-level API: it only turns FUSE
 * paths into cipher paths, calls the view, fills structs, and maps failures to errno in
 * {@link Errnos} (design §5). No exception ever leaves a callback. Read-only: opening for writing
 * and {@code access(W_OK)} answer EROFS, and everything that writes is left unbound (the kernel
 * refuses it on the {@code ro} mount). Thread-safe and lock-free: several threads call it at once.
 *
 * <p>Directories are listed with READDIRPLUS: every entry goes to the kernel with its attributes,
 * so a program that lists a directory and then stats each entry (rsync, find, ls -l) causes no
 * LOOKUP per entry. The listing of an open directory is taken once, when the kernel reads it
 * from offset 0, and served from there to the end (libfuse asks once per reply buffer).
 *
 * <p>Files are opened without a round trip: where the kernel supports it ({@code no_open}), open
 * answers ENOSYS once, and from then on the kernel sends neither OPEN nor RELEASE, only READ with
 * the file's path — a copy of 20,000 small files makes 20,000 requests instead of 60,000. The
 * reads of a path share one open file ({@link SharedOpenFiles}) while the kernel holds the same
 * attributes for it. A kernel without {@code no_open} gets a handle per open, as before.
 *
 * <p>The hot paths allocate no jnr-ffi objects: arguments arrive as raw addresses, structs are
 * written by offset, and every worker thread has its own scratch buffers.
 */
public final class ReverseFuseFs implements FuseFilesystem {

    private static final MemoryIO IO = MemoryIO.getInstance();
    private static final int O_ACCMODE = 03;
    private static final int W_OK = 2;
    private static final long NAME_MAX = 255;
    /** Native scratch: a struct stat (at most 144 bytes) and a NUL-terminated name. */
    private static final int SCRATCH_STAT = 256;
    private static final int SCRATCH_NAME = 4096;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Buffers of one worker thread, reused by every call it makes. */
    private static final class Scratch {
        /** Ciphertext of one read; allocated by the thread's first read. */
        byte[] read = new byte[0];
        byte[] path = new byte[4096];
        /** Held so the native memory below lives as long as the thread. */
        final ByteBuffer nativeBuffer = ByteBuffer.allocateDirect(SCRATCH_STAT + SCRATCH_NAME);
        final long stat = IO.getDirectBufferAddress(nativeBuffer);
        final long name = stat + SCRATCH_STAT;
    }

    /** An open directory: its cipher path, and the listing taken when it was read from offset 0. */
    private static final class DirHandle {
        final String cipherDir;
        volatile List<DirEntryPlus> entries;

        DirHandle(String cipherDir) {
            this.cipherDir = cipherDir;
        }
    }

    private final ReverseView view;
    private final HandleTable<OpenFile> files = new HandleTable<>();
    private final SizesTold sizesTold = new SizesTold();
    private final SharedOpenFiles sharedFiles;
    /** Set in init where the kernel can open files without asking us ({@code FUSE_CAP_NO_OPEN_SUPPORT}). */
    private volatile boolean zeroMessageOpens;
    private final HandleTable<DirHandle> dirs = new HandleTable<>();
    private final StatWriter stats = new StatWriter(Layout.Stat.current());
    private final Runnable onFirstCall;
    private volatile boolean answered;

    /**
     * @param onFirstCall run once, on the first getattr of the root: the mount answers (readiness probe)
     */
    public ReverseFuseFs(ReverseView view, Runnable onFirstCall) {
        this.view = view;
        this.onFirstCall = onFirstCall;
        this.sharedFiles = new SharedOpenFiles(p -> view.open(p, sizesTold.plainSizeKernelHolds(p)));
    }

    int openFiles() {
        return files.size() + sharedFiles.size();
    }

    void closeAllFiles() {
        sharedFiles.closeAll();
        files.closeAll(OpenFile::close);
        dirs.closeAll(d -> { });
    }

    // ---------------------------------------------------------------- set-up

    /**
     * {@code init}: our inode numbers reach the kernel ({@code use_ino}), the kernel caches
     * entries, attributes and misses for 1 s as with gocryptfs, READDIRPLUS is used for every
     * directory read (not only the first, as {@code READDIRPLUS_AUTO} would: rsync reads a whole
     * directory before it stats), and files are opened without a request where the kernel can.
     * Reads then need their path; with handles per open they need none ({@code nullpath_ok}).
     */
    @Override
    public long init(long conn, long cfg) {
        try {
            IO.putInt(cfg + Layout.Config.USE_INO, 1);
            IO.putDouble(cfg + Layout.Config.ENTRY_TIMEOUT, 1.0);
            IO.putDouble(cfg + Layout.Config.ATTR_TIMEOUT, 1.0);
            IO.putDouble(cfg + Layout.Config.NEGATIVE_TIMEOUT, 1.0);
            int capable = IO.getInt(conn + Layout.ConnInfo.CAPABLE);
            zeroMessageOpens = (capable & Layout.ConnInfo.CAP_NO_OPEN_SUPPORT) != 0;
            IO.putInt(cfg + Layout.Config.NULLPATH_OK, zeroMessageOpens ? 0 : 1);
            int want = IO.getInt(conn + Layout.ConnInfo.WANT);
            if ((capable & Layout.ConnInfo.CAP_READDIRPLUS) != 0) {
                want |= Layout.ConnInfo.CAP_READDIRPLUS;
            }
            want &= ~Layout.ConnInfo.CAP_READDIRPLUS_AUTO;
            IO.putInt(conn + Layout.ConnInfo.WANT, want);
            // libfuse 3 insists that this equals the max_read mount option
            IO.putInt(conn + Layout.ConnInfo.MAX_READ, MountOptions.MAX_READ);
        } catch (Throwable t) {
            Errnos.of(t, "init", "/");
        }
        return 0;
    }

    // ---------------------------------------------------------------- attributes

    @Override
    public int getattr(long path, long stat, long fi) {
        try {
            if (fi != 0) {
                // fstat of an open file: its attributes as they were when it was opened
                OpenFile f = files.get(fh(fi));
                if (f != null) {
                    stats.write(stat, f.attributes());
                    return 0;
                }
            }
            String p = cipherPath(path);
            if (p == null) {
                return -Errno.EBADF;
            }
            NodeAttributes a = view.getattr(p);
            stats.write(stat, a);
            told(p, a);
            if (!answered && p.isEmpty()) {
                answered = true;
                onFirstCall.run();
            }
            return 0;
        } catch (Throwable t) {
            return Errnos.of(t, "getattr", describe(path));
        }
    }

    @Override
    public int access(long path, int mask) {
        try {
            view.getattr(cipherPath(path));
            return (mask & W_OK) != 0 ? -Errno.EROFS : 0;
        } catch (Throwable t) {
            return Errnos.of(t, "access", describe(path));
        }
    }

    @Override
    public int statfs(long path, long stbuf) {
        try {
            StatWriter.writeStatvfs(stbuf, view.statfs(), NAME_MAX);
            return 0;
        } catch (Throwable t) {
            return Errnos.of(t, "statfs", describe(path));
        }
    }

    // ---------------------------------------------------------------- directories

    /** The kernel opens only what it knows to be a directory; readdir reports what it finds. */
    @Override
    public int opendir(long path, long fi) {
        try {
            String p = cipherPath(path);
            if (p == null) {
                return -Errno.EBADF;
            }
            IO.putLong(fi + Layout.FileInfo.FH, dirs.add(new DirHandle(p)));
            return 0;
        } catch (Throwable t) {
            return Errnos.of(t, "opendir", describe(path));
        }
    }

    /**
     * Fills from entry {@code offset} on (0 and 1 are {@code .} and {@code ..}); each entry's
     * offset is that of the next, so libfuse sends every full buffer and calls again where it
     * stopped. With {@code FUSE_READDIR_PLUS} every entry that could be stat'ed goes with its
     * attributes ({@code FUSE_FILL_DIR_PLUS}).
     */
    @Override
    public int readdir(long path, long buf, long filler, long offset, long fi, int flags) {
        DirHandle h = null;
        try {
            h = dirs.get(fh(fi));
            if (h == null) {
                return -Errno.EBADF;
            }
            boolean plus = (flags & Layout.Readdir.FUSE_READDIR_PLUS) != 0;
            List<DirEntryPlus> entries = h.entries;
            if (offset == 0 || entries == null) {
                entries = plus ? view.listWithAttributes(h.cipherDir) : withoutAttributes(view.list(h.cipherDir));
                h.entries = entries;
            }
            Scratch s = SCRATCH.get();
            long end = entries.size() + 2L;
            for (long i = Math.max(offset, 0); i < end; i++) {
                boolean added;
                if (i < 2) {
                    putName(s, i == 0 ? "." : "..");
                    stats.writeTypeOnly(s.stat, PlainStat.S_IFDIR);
                    added = DirFiller.fill(filler, buf, s.name, s.stat, i + 1, 0);
                } else {
                    DirEntryPlus e = entries.get((int) (i - 2));
                    putName(s, e.cipherName());
                    if (plus && e.attributes() != null) {
                        stats.write(s.stat, e.attributes());
                        if (e.attributes().isRegular()) {
                            told(h.cipherDir.isEmpty() ? e.cipherName() : h.cipherDir + "/" + e.cipherName(), e.attributes());
                        }
                        added = DirFiller.fill(filler, buf, s.name, s.stat, i + 1, Layout.Readdir.FUSE_FILL_DIR_PLUS);
                    } else {
                        stats.writeTypeOnly(s.stat, e.type());
                        added = DirFiller.fill(filler, buf, s.name, s.stat, i + 1, 0);
                    }
                }
                if (!added) {
                    break;
                }
            }
            return 0;
        } catch (Throwable t) {
            return Errnos.of(t, "readdir", h == null ? describe(path) : "/" + h.cipherDir);
        }
    }

    private static List<DirEntryPlus> withoutAttributes(List<DirEntry> entries) {
        List<DirEntryPlus> out = new ArrayList<>(entries.size());
        for (DirEntry e : entries) {
            out.add(new DirEntryPlus(e.cipherName(), e.type(), null));
        }
        return out;
    }

    @Override
    public int releasedir(long path, long fi) {
        try {
            dirs.remove(fh(fi));
            return 0;
        } catch (Throwable t) {
            return Errnos.of(t, "releasedir", describe(path));
        }
    }

    // ---------------------------------------------------------------- files

    @Override
    public int open(long path, long fi) {
        try {
            if ((IO.getInt(fi + Layout.FileInfo.FLAGS) & O_ACCMODE) != 0) {
                return -Errno.EROFS;
            }
            if (zeroMessageOpens) {
                return -Errno.ENOSYS; // "opened": the kernel will not ask again, and reads come with the path
            }
            String p = cipherPath(path);
            if (p == null) {
                return -Errno.EBADF;
            }
            OpenFile f = view.open(p, sizesTold.plainSizeKernelHolds(p));
            IO.putLong(fi + Layout.FileInfo.FH, files.add(f));
            return 0;
        } catch (Throwable t) {
            return Errnos.of(t, "open", describe(path));
        }
    }

    /**
     * Reads the file's shared open file (no handle: {@code no_open}) or its handle. Encrypts into
     * this thread's buffer, then one copy into libfuse's.
     */
    @Override
    public int read(long path, long buf, long size, long offset, long fi) {
        try {
            long fh = fh(fi);
            if (fh == 0) {
                String p = cipherPath(path);
                if (p == null) {
                    return -Errno.EBADF;
                }
                try (SharedOpenFiles.Lease lease = sharedFiles.acquire(p, offset)) {
                    return readInto(lease.file(), buf, size, offset);
                }
            }
            OpenFile f = files.get(fh);
            if (f == null) {
                return -Errno.EBADF;
            }
            return readInto(f, buf, size, offset);
        } catch (Throwable t) {
            return Errnos.of(t, "read", describe(path));
        }
    }

    private static int readInto(OpenFile f, long buf, long size, long offset) throws FsException {
        Scratch s = SCRATCH.get();
        int len = (int) Math.min(size, Integer.MAX_VALUE - 8);
        if (s.read.length < len) {
            s.read = new byte[Math.max(len, MountOptions.MAX_READ)];
        }
        int n = f.read(offset, s.read, 0, len);
        if (n > 0) {
            IO.putByteArray(buf, s.read, 0, n);
        }
        return n;
    }

    @Override
    public int release(long path, long fi) {
        try {
            OpenFile f = files.remove(fh(fi));
            if (f != null) {
                f.close();
            }
            return 0;
        } catch (Throwable t) {
            return Errnos.of(t, "release", describe(path));
        }
    }

    @Override
    public int readlink(long path, long buf, long size) {
        try {
            byte[] target = view.readlink(cipherPath(path));
            int n = (int) Math.min(target.length, size - 1);
            IO.putByteArray(buf, target, 0, n);
            IO.putByte(buf + n, (byte) 0);
            return 0;
        } catch (Throwable t) {
            return Errnos.of(t, "readlink", describe(path));
        }
    }

    // ---------------------------------------------------------------- extended attributes: none

    @Override
    public int getxattr(long path, long name, long value, long size) {
        return -Errno.ENODATA;
    }

    @Override
    public int listxattr(long path, long list, long size) {
        return 0;
    }

    // ---------------------------------------------------------------- helpers

    /** What the kernel now holds for a path: the size its reads are clamped to, the version they read. */
    private void told(String cipherPath, NodeAttributes a) {
        if (a.isRegular()) {
            sizesTold.remember(cipherPath, a.size());
            sharedFiles.told(cipherPath, a);
        }
    }

    private static long fh(long fi) {
        return IO.getLong(fi + Layout.FileInfo.FH);
    }

    /**
     * The cipher path of libfuse's {@code "/a/b"}: {@code "a/b"}, the root {@code ""}; null for a
     * NULL path.
     */
    private static String cipherPath(long path) {
        if (path == 0) {
            return null;
        }
        int len = (int) IO.indexOf(path, (byte) 0);
        if (len <= 1) {
            return "";
        }
        Scratch s = SCRATCH.get();
        if (s.path.length < len) {
            s.path = new byte[len];
        }
        IO.getByteArray(path + 1, s.path, 0, len - 1);
        return new String(s.path, 0, len - 1, StandardCharsets.UTF_8);
    }

    /** The path for a log message. */
    private static String describe(long path) {
        try {
            String p = cipherPath(path);
            return p == null ? "(open file)" : "/" + p;
        } catch (Throwable t) {
            return "?";
        }
    }

    /** {@code name} as a NUL-terminated string in this thread's native scratch. */
    private static void putName(Scratch s, String name) {
        int n = name.length();
        boolean ascii = n < SCRATCH_NAME;
        for (int i = 0; ascii && i < n; i++) {
            ascii = name.charAt(i) < 0x80;
        }
        if (ascii) {
            for (int i = 0; i < n; i++) {
                IO.putByte(s.name + i, (byte) name.charAt(i));
            }
            IO.putByte(s.name + n, (byte) 0);
            return;
        }
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        int len = Math.min(b.length, SCRATCH_NAME - 1);
        IO.putByteArray(s.name, b, 0, len);
        IO.putByte(s.name + len, (byte) 0);
    }
}
