package io.revcrypt.fuse;

import io.revcrypt.core.posix.Errno;
import io.revcrypt.core.posix.StatFs;
import io.revcrypt.core.view.DirEntry;
import io.revcrypt.core.view.NodeAttributes;
import io.revcrypt.core.view.OpenFile;
import io.revcrypt.core.view.ReverseView;
import java.util.List;
import jnr.ffi.Pointer;
import jnr.ffi.types.dev_t;
import jnr.ffi.types.gid_t;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.uid_t;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The FUSE adapter over a {@link ReverseView}: it only turns FUSE paths into cipher paths, calls
 * the view, fills structs, and maps failures to errno in {@link Errnos} (design §5). Read-only:
 * every write call answers EROFS. Thread-safe and lock-free: libfuse runs it multi-threaded.
 */
public final class ReverseFuseFs extends FuseStubFS {

    private static final int O_ACCMODE = 03;
    private static final int W_OK = 2;
    /** One read is at most max_read (128 KiB); the per-thread buffer grows if a kernel asks for more. */
    private static final ThreadLocal<byte[][]> READ_BUFFER = ThreadLocal.withInitial(() -> new byte[][] {new byte[131072]});

    private final ReverseView view;
    private final HandleTable handles = new HandleTable();
    private final Runnable onFirstCall;
    private volatile boolean answered;

    /**
     * @param onFirstCall run once, on the first getattr of the root: the mount answers (readiness probe)
     */
    public ReverseFuseFs(ReverseView view, Runnable onFirstCall) {
        this.view = view;
        this.onFirstCall = onFirstCall;
    }

    /** libfuse's own loop and native objects, for {@link FuseMount}. */
    int runFuseMain(String[] argv) {
        return libFuse.fuse_main_real(argv.length, argv, fuseOperations, jnr.ffi.Struct.size(fuseOperations), null);
    }

    int openFiles() {
        return handles.size();
    }

    void closeAllFiles() {
        handles.closeAll();
    }

    private static String cipherPath(String fusePath) {
        return fusePath.length() <= 1 ? "" : fusePath.substring(1);
    }

    // ---------------------------------------------------------------- attributes

    @Override
    public int getattr(String path, FileStat stat) {
        try {
            NodeAttributes a = view.getattr(cipherPath(path));
            fill(stat, a);
            if (!answered && path.equals("/")) {
                answered = true;
                onFirstCall.run();
            }
            return 0;
        } catch (Throwable t) {
            return Errnos.of(t, "getattr", path);
        }
    }

    @Override
    public int fgetattr(String path, FileStat stat, FuseFileInfo fi) {
        try {
            OpenFile f = handles.get(fi.fh.get());
            if (f == null) {
                return getattr(path, stat);
            }
            fill(stat, f.attributes());
            return 0;
        } catch (Throwable t) {
            return Errnos.of(t, "fgetattr", path);
        }
    }

    private static void fill(FileStat stat, NodeAttributes a) {
        stat.st_ino.set(a.ino());
        stat.st_mode.set(a.mode());
        stat.st_nlink.set(a.nlink());
        stat.st_uid.set(a.uid());
        stat.st_gid.set(a.gid());
        stat.st_rdev.set(a.rdev());
        stat.st_size.set(a.size());
        stat.st_blksize.set(a.blksize());
        stat.st_blocks.set(a.blocks());
        stat.st_atim.tv_sec.set(a.atimeSec());
        stat.st_atim.tv_nsec.set(a.atimeNsec());
        stat.st_mtim.tv_sec.set(a.mtimeSec());
        stat.st_mtim.tv_nsec.set(a.mtimeNsec());
        stat.st_ctim.tv_sec.set(a.ctimeSec());
        stat.st_ctim.tv_nsec.set(a.ctimeNsec());
    }

    @Override
    public int access(String path, int mask) {
        try {
            view.getattr(cipherPath(path));
            return (mask & W_OK) != 0 ? -Errno.EROFS : 0;
        } catch (Throwable t) {
            return Errnos.of(t, "access", path);
        }
    }

    @Override
    public int statfs(String path, Statvfs stbuf) {
        try {
            StatFs s = view.statfs();
            stbuf.f_bsize.set(s.blockSize());
            stbuf.f_frsize.set(s.fragmentSize());
            stbuf.f_blocks.set(s.blocks());
            stbuf.f_bfree.set(s.blocksFree());
            stbuf.f_bavail.set(s.blocksAvailable());
            stbuf.f_files.set(s.files());
            stbuf.f_ffree.set(s.filesFree());
            stbuf.f_favail.set(s.filesAvailable());
            stbuf.f_namemax.set(255);
            return 0;
        } catch (Throwable t) {
            return Errnos.of(t, "statfs", path);
        }
    }

    // ---------------------------------------------------------------- directories

    @Override
    public int opendir(String path, FuseFileInfo fi) {
        try {
            NodeAttributes a = view.getattr(cipherPath(path));
            return a.isDirectory() ? 0 : -Errno.ENOTDIR;
        } catch (Throwable t) {
            return Errnos.of(t, "opendir", path);
        }
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filler, @off_t long offset, FuseFileInfo fi) {
        try {
            List<DirEntry> entries = view.list(cipherPath(path));
            filler.apply(buf, ".", null, 0);
            filler.apply(buf, "..", null, 0);
            for (DirEntry e : entries) {
                if (filler.apply(buf, e.cipherName(), null, 0) != 0) {
                    break;
                }
            }
            return 0;
        } catch (Throwable t) {
            return Errnos.of(t, "readdir", path);
        }
    }

    @Override
    public int releasedir(String path, FuseFileInfo fi) {
        return 0;
    }

    // ---------------------------------------------------------------- files

    @Override
    public int open(String path, FuseFileInfo fi) {
        try {
            if ((fi.flags.get() & O_ACCMODE) != 0) {
                return -Errno.EROFS;
            }
            OpenFile f = view.open(cipherPath(path));
            fi.fh.set(handles.add(f));
            return 0;
        } catch (Throwable t) {
            return Errnos.of(t, "open", path);
        }
    }

    @Override
    public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        try {
            OpenFile f = handles.get(fi.fh.get());
            if (f == null) {
                return -Errno.EBADF;
            }
            byte[][] holder = READ_BUFFER.get();
            if (holder[0].length < size) {
                holder[0] = new byte[(int) size];
            }
            byte[] data = holder[0];
            int n = f.read(offset, data, 0, (int) size);
            if (n > 0) {
                buf.put(0, data, 0, n);
            }
            return n;
        } catch (Throwable t) {
            return Errnos.of(t, "read", path);
        }
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        try {
            OpenFile f = handles.remove(fi.fh.get());
            if (f != null) {
                f.close();
            }
            return 0;
        } catch (Throwable t) {
            return Errnos.of(t, "release", path);
        }
    }

    @Override
    public int flush(String path, FuseFileInfo fi) {
        return 0;
    }

    @Override
    public int readlink(String path, Pointer buf, @size_t long size) {
        try {
            byte[] target = view.readlink(cipherPath(path));
            int n = (int) Math.min(target.length, size - 1);
            buf.put(0, target, 0, n);
            buf.putByte(n, (byte) 0);
            return 0;
        } catch (Throwable t) {
            return Errnos.of(t, "readlink", path);
        }
    }

    // ---------------------------------------------------------------- extended attributes: none

    @Override
    public int getxattr(String path, String name, Pointer value, @size_t long size) {
        return -Errno.ENODATA;
    }

    @Override
    public int listxattr(String path, Pointer list, @size_t long size) {
        return 0;
    }

    // ---------------------------------------------------------------- everything that writes: EROFS

    @Override
    public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        return -Errno.EROFS;
    }

    @Override
    public int create(String path, @mode_t long mode, FuseFileInfo fi) {
        return -Errno.EROFS;
    }

    @Override
    public int mknod(String path, @mode_t long mode, @dev_t long rdev) {
        return -Errno.EROFS;
    }

    @Override
    public int mkdir(String path, @mode_t long mode) {
        return -Errno.EROFS;
    }

    @Override
    public int unlink(String path) {
        return -Errno.EROFS;
    }

    @Override
    public int rmdir(String path) {
        return -Errno.EROFS;
    }

    @Override
    public int symlink(String oldpath, String newpath) {
        return -Errno.EROFS;
    }

    @Override
    public int rename(String oldpath, String newpath) {
        return -Errno.EROFS;
    }

    @Override
    public int link(String oldpath, String newpath) {
        return -Errno.EROFS;
    }

    @Override
    public int chmod(String path, @mode_t long mode) {
        return -Errno.EROFS;
    }

    @Override
    public int chown(String path, @uid_t long uid, @gid_t long gid) {
        return -Errno.EROFS;
    }

    @Override
    public int truncate(String path, @off_t long size) {
        return -Errno.EROFS;
    }

    @Override
    public int ftruncate(String path, @off_t long size, FuseFileInfo fi) {
        return -Errno.EROFS;
    }

    @Override
    public int utimens(String path, Timespec[] timespec) {
        return -Errno.EROFS;
    }

    @Override
    public int setxattr(String path, String name, Pointer value, @size_t long size, int flags) {
        return -Errno.EROFS;
    }

    @Override
    public int removexattr(String path, String name) {
        return -Errno.EROFS;
    }

    @Override
    public int fallocate(String path, int mode, @off_t long off, @off_t long length, FuseFileInfo fi) {
        return -Errno.EROFS;
    }
}
