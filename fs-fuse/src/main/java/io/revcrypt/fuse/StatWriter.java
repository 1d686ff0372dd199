package io.revcrypt.fuse;

import com.kenai.jffi.MemoryIO;
import io.revcrypt.core.posix.StatFs;
import io.revcrypt.core.view.NodeAttributes;
import io.revcrypt.fuse.libfuse3.Layout;

/**
 * Writes {@code struct stat} and {@code struct statvfs} straight into native memory by offset
 * ({@link Layout}): no jnr-ffi struct object per call.
 */
final class StatWriter {

    private static final MemoryIO IO = MemoryIO.getInstance();
    /** libfuse's {@code FUSE_UNKNOWN_INO}: the entry's inode number is not known. */
    static final long UNKNOWN_INO = 0xffffffffL;

    private final Layout.Stat layout;

    StatWriter(Layout.Stat layout) {
        this.layout = layout;
    }

    int size() {
        return layout.sizeOf();
    }

    /** Every field of {@code a}; the rest of the struct is left as it is (libfuse hands it zeroed). */
    void write(long stat, NodeAttributes a) {
        Layout.Stat l = layout;
        IO.putLong(stat + l.ino(), a.ino());
        IO.putInt(stat + l.mode(), a.mode());
        if (l.nlink64()) {
            IO.putLong(stat + l.nlink(), a.nlink());
        } else {
            IO.putInt(stat + l.nlink(), (int) a.nlink());
        }
        IO.putInt(stat + l.uid(), a.uid());
        IO.putInt(stat + l.gid(), a.gid());
        IO.putLong(stat + l.rdev(), a.rdev());
        IO.putLong(stat + l.size(), a.size());
        if (l.blksize64()) {
            IO.putLong(stat + l.blksize(), a.blksize());
        } else {
            IO.putInt(stat + l.blksize(), a.blksize());
        }
        IO.putLong(stat + l.blocks(), a.blocks());
        IO.putLong(stat + l.atim(), a.atimeSec());
        IO.putLong(stat + l.atim() + 8, a.atimeNsec());
        IO.putLong(stat + l.mtim(), a.mtimeSec());
        IO.putLong(stat + l.mtim() + 8, a.mtimeNsec());
        IO.putLong(stat + l.ctim(), a.ctimeSec());
        IO.putLong(stat + l.ctim() + 8, a.ctimeNsec());
    }

    /** A stat that only says the file type (for a plain READDIR entry): zeroed, type bits, unknown inode. */
    void writeTypeOnly(long stat, int typeBits) {
        IO.setMemory(stat, layout.sizeOf(), (byte) 0);
        IO.putLong(stat + layout.ino(), UNKNOWN_INO);
        IO.putInt(stat + layout.mode(), typeBits);
    }

    /** The fields of {@code struct statvfs} that FUSE passes on (libfuse's {@code convert_statfs}). */
    static void writeStatvfs(long stbuf, StatFs s, long nameMax) {
        IO.putLong(stbuf + Layout.Statvfs.BSIZE, s.blockSize());
        IO.putLong(stbuf + Layout.Statvfs.FRSIZE, s.fragmentSize());
        IO.putLong(stbuf + Layout.Statvfs.BLOCKS, s.blocks());
        IO.putLong(stbuf + Layout.Statvfs.BFREE, s.blocksFree());
        IO.putLong(stbuf + Layout.Statvfs.BAVAIL, s.blocksAvailable());
        IO.putLong(stbuf + Layout.Statvfs.FILES, s.files());
        IO.putLong(stbuf + Layout.Statvfs.FFREE, s.filesFree());
        IO.putLong(stbuf + Layout.Statvfs.FAVAIL, s.filesAvailable());
        IO.putLong(stbuf + Layout.Statvfs.NAMEMAX, nameMax);
    }
}
