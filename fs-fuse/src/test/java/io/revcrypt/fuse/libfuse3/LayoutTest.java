package io.revcrypt.fuse.libfuse3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import org.junit.jupiter.api.Test;

/**
 * The hand-written offsets of {@link Layout} against the same structures declared field by field
 * (transcribed from libfuse 3.14's and glibc's headers) and laid out by jnr-ffi with C's rules.
 * All field types here have the same size and alignment on x86_64 and aarch64 (LP64), so both
 * {@code struct stat} variants can be checked on either machine.
 */
class LayoutTest {

    private static final Runtime RT = Runtime.getSystemRuntime();

    /** include/fuse.h 3.14, in declaration order. */
    static final List<String> OPERATIONS = List.of("getattr", "readlink", "mknod", "mkdir", "unlink", "rmdir",
            "symlink", "rename", "link", "chmod", "chown", "truncate", "open", "read", "write", "statfs", "flush",
            "release", "fsync", "setxattr", "getxattr", "listxattr", "removexattr", "opendir", "readdir",
            "releasedir", "fsyncdir", "init", "destroy", "access", "create", "lock", "utimens", "bmap", "ioctl",
            "poll", "write_buf", "read_buf", "flock", "fallocate", "copy_file_range", "lseek");

    @Test
    void fuseOperations() throws Exception {
        assertEquals(42, OPERATIONS.size());
        assertEquals(OPERATIONS.size(), Layout.Operations.SLOTS);
        assertEquals(336, Layout.Operations.SIZE);
        for (int i = 0; i < OPERATIONS.size(); i++) {
            String constant = OPERATIONS.get(i).toUpperCase(java.util.Locale.ROOT);
            assertEquals(i, Layout.Operations.class.getField(constant).getInt(null), constant);
        }
    }

    /** include/fuse_common.h 3.14. */
    static final class FileInfo extends Struct {
        final Signed32 flags = new Signed32();
        final Unsigned32 bits = new Unsigned32();
        final Unsigned32 padding2 = new Unsigned32();
        final Unsigned64 fh = new Unsigned64();
        final Unsigned64 lockOwner = new Unsigned64();
        final Unsigned32 pollEvents = new Unsigned32();

        FileInfo() {
            super(RT);
        }
    }

    @Test
    void fuseFileInfo() {
        FileInfo s = new FileInfo();
        assertEquals(s.flags.offset(), Layout.FileInfo.FLAGS);
        assertEquals(s.bits.offset(), Layout.FileInfo.BITS);
        assertEquals(s.fh.offset(), Layout.FileInfo.FH);
        assertEquals(s.lockOwner.offset(), Layout.FileInfo.LOCK_OWNER);
        assertEquals(s.pollEvents.offset(), Layout.FileInfo.POLL_EVENTS);
        assertEquals(sizeof(s), Layout.FileInfo.SIZE);
        // bit-fields from the least significant bit: writepage, direct_io, keep_cache, flush, nonseekable, ...
        assertEquals(0b10, Layout.FileInfo.BIT_DIRECT_IO);
        assertEquals(0b100, Layout.FileInfo.BIT_KEEP_CACHE);
        assertEquals(0b1000000, Layout.FileInfo.BIT_CACHE_READDIR);
    }

    /** include/fuse.h 3.14. */
    static final class Config extends Struct {
        final Signed32 setGid = new Signed32();
        final Unsigned32 gid = new Unsigned32();
        final Signed32 setUid = new Signed32();
        final Unsigned32 uid = new Unsigned32();
        final Signed32 setMode = new Signed32();
        final Unsigned32 umask = new Unsigned32();
        final Double entryTimeout = new Double();
        final Double negativeTimeout = new Double();
        final Double attrTimeout = new Double();
        final Signed32 intr = new Signed32();
        final Signed32 intrSignal = new Signed32();
        final Signed32 remember = new Signed32();
        final Signed32 hardRemove = new Signed32();
        final Signed32 useIno = new Signed32();
        final Signed32 readdirIno = new Signed32();
        final Signed32 directIo = new Signed32();
        final Signed32 kernelCache = new Signed32();
        final Signed32 autoCache = new Signed32();
        final Signed32 noRofdFlush = new Signed32();
        final Signed32 acAttrTimeoutSet = new Signed32();
        final Double acAttrTimeout = new Double();
        final Signed32 nullpathOk = new Signed32();
        final Signed32 showHelp = new Signed32();
        final Pointer modules = new Pointer();
        final Signed32 debug = new Signed32();

        Config() {
            super(RT);
        }
    }

    @Test
    void fuseConfig() {
        Config s = new Config();
        assertEquals(s.entryTimeout.offset(), Layout.Config.ENTRY_TIMEOUT);
        assertEquals(s.negativeTimeout.offset(), Layout.Config.NEGATIVE_TIMEOUT);
        assertEquals(s.attrTimeout.offset(), Layout.Config.ATTR_TIMEOUT);
        assertEquals(s.intr.offset(), Layout.Config.INTR);
        assertEquals(s.remember.offset(), Layout.Config.REMEMBER);
        assertEquals(s.useIno.offset(), Layout.Config.USE_INO);
        assertEquals(s.readdirIno.offset(), Layout.Config.READDIR_INO);
        assertEquals(s.directIo.offset(), Layout.Config.DIRECT_IO);
        assertEquals(s.kernelCache.offset(), Layout.Config.KERNEL_CACHE);
        assertEquals(s.autoCache.offset(), Layout.Config.AUTO_CACHE);
        assertEquals(s.acAttrTimeoutSet.offset(), Layout.Config.AC_ATTR_TIMEOUT_SET);
        assertEquals(s.acAttrTimeout.offset(), Layout.Config.AC_ATTR_TIMEOUT);
        assertEquals(s.nullpathOk.offset(), Layout.Config.NULLPATH_OK);
        assertEquals(s.showHelp.offset(), Layout.Config.SHOW_HELP);
        assertEquals(s.modules.offset(), Layout.Config.MODULES);
        assertEquals(s.debug.offset(), Layout.Config.DEBUG);
        assertEquals(sizeof(s), Layout.Config.SIZE);
    }

    /** include/fuse_common.h 3.14. */
    static final class ConnInfo extends Struct {
        final Unsigned32 protoMajor = new Unsigned32();
        final Unsigned32 protoMinor = new Unsigned32();
        final Unsigned32 maxWrite = new Unsigned32();
        final Unsigned32 maxRead = new Unsigned32();
        final Unsigned32 maxReadahead = new Unsigned32();
        final Unsigned32 capable = new Unsigned32();
        final Unsigned32 want = new Unsigned32();
        final Unsigned32 maxBackground = new Unsigned32();
        final Unsigned32 congestionThreshold = new Unsigned32();
        final Unsigned32 timeGran = new Unsigned32();
        final Unsigned32[] reserved = array(new Unsigned32[22]);

        ConnInfo() {
            super(RT);
        }
    }

    @Test
    void fuseConnInfo() {
        ConnInfo s = new ConnInfo();
        assertEquals(s.maxWrite.offset(), Layout.ConnInfo.MAX_WRITE);
        assertEquals(s.maxRead.offset(), Layout.ConnInfo.MAX_READ);
        assertEquals(s.maxReadahead.offset(), Layout.ConnInfo.MAX_READAHEAD);
        assertEquals(s.capable.offset(), Layout.ConnInfo.CAPABLE);
        assertEquals(s.want.offset(), Layout.ConnInfo.WANT);
        assertEquals(s.maxBackground.offset(), Layout.ConnInfo.MAX_BACKGROUND);
        assertEquals(s.timeGran.offset(), Layout.ConnInfo.TIME_GRAN);
        assertEquals(sizeof(s), Layout.ConnInfo.SIZE);
        assertEquals(0x2000, Layout.ConnInfo.CAP_READDIRPLUS);
        assertEquals(0x4000, Layout.ConnInfo.CAP_READDIRPLUS_AUTO);
    }

    /** include/fuse_opt.h and include/fuse_common.h 3.14. */
    static final class Args extends Struct {
        final Signed32 argc = new Signed32();
        final Pointer argv = new Pointer();
        final Signed32 allocated = new Signed32();

        Args() {
            super(RT);
        }
    }

    static final class Buf extends Struct {
        final Unsigned64 size = new Unsigned64();
        final Signed32 flags = new Signed32();
        final Pointer mem = new Pointer();
        final Signed32 fd = new Signed32();
        final Signed64 pos = new Signed64();

        Buf() {
            super(RT);
        }
    }

    @Test
    void fuseArgsAndFuseBuf() {
        Args a = new Args();
        assertEquals(a.argc.offset(), Layout.Args.ARGC);
        assertEquals(a.argv.offset(), Layout.Args.ARGV);
        assertEquals(a.allocated.offset(), Layout.Args.ALLOCATED);
        assertEquals(sizeof(a), Layout.Args.SIZE);
        Buf b = new Buf();
        assertEquals(b.size.offset(), Layout.Buf.SIZE_FIELD);
        assertEquals(b.flags.offset(), Layout.Buf.FLAGS);
        assertEquals(b.mem.offset(), Layout.Buf.MEM);
        assertEquals(b.fd.offset(), Layout.Buf.FD);
        assertEquals(b.pos.offset(), Layout.Buf.POS);
        assertEquals(sizeof(b), Layout.Buf.SIZE);
    }

    /** glibc sysdeps/unix/sysv/linux/x86/bits/struct_stat.h, x86_64. */
    static final class StatX8664 extends Struct {
        final Unsigned64 dev = new Unsigned64();
        final Unsigned64 ino = new Unsigned64();
        final Unsigned64 nlink = new Unsigned64();
        final Unsigned32 mode = new Unsigned32();
        final Unsigned32 uid = new Unsigned32();
        final Unsigned32 gid = new Unsigned32();
        final Signed32 pad0 = new Signed32();
        final Unsigned64 rdev = new Unsigned64();
        final Signed64 size = new Signed64();
        final Signed64 blksize = new Signed64();
        final Signed64 blocks = new Signed64();
        final Signed64 atimSec = new Signed64();
        final Signed64 atimNsec = new Signed64();
        final Signed64 mtimSec = new Signed64();
        final Signed64 mtimNsec = new Signed64();
        final Signed64 ctimSec = new Signed64();
        final Signed64 ctimNsec = new Signed64();
        final Signed64[] reserved = array(new Signed64[3]);

        StatX8664() {
            super(RT);
        }
    }

    /** glibc sysdeps/unix/sysv/linux/generic/bits/struct_stat.h (asm-generic), aarch64. */
    static final class StatAarch64 extends Struct {
        final Unsigned64 dev = new Unsigned64();
        final Unsigned64 ino = new Unsigned64();
        final Unsigned32 mode = new Unsigned32();
        final Unsigned32 nlink = new Unsigned32();
        final Unsigned32 uid = new Unsigned32();
        final Unsigned32 gid = new Unsigned32();
        final Unsigned64 rdev = new Unsigned64();
        final Unsigned64 pad1 = new Unsigned64();
        final Signed64 size = new Signed64();
        final Signed32 blksize = new Signed32();
        final Signed32 pad2 = new Signed32();
        final Signed64 blocks = new Signed64();
        final Signed64 atimSec = new Signed64();
        final Signed64 atimNsec = new Signed64();
        final Signed64 mtimSec = new Signed64();
        final Signed64 mtimNsec = new Signed64();
        final Signed64 ctimSec = new Signed64();
        final Signed64 ctimNsec = new Signed64();
        final Signed32[] reserved = array(new Signed32[2]);

        StatAarch64() {
            super(RT);
        }
    }

    @Test
    void structStatX8664() {
        StatX8664 s = new StatX8664();
        Layout.Stat l = Layout.Stat.X86_64;
        assertEquals(s.dev.offset(), l.dev());
        assertEquals(s.ino.offset(), l.ino());
        assertEquals(s.nlink.offset(), l.nlink());
        assertEquals(true, l.nlink64());
        assertEquals(s.mode.offset(), l.mode());
        assertEquals(s.uid.offset(), l.uid());
        assertEquals(s.gid.offset(), l.gid());
        assertEquals(s.rdev.offset(), l.rdev());
        assertEquals(s.size.offset(), l.size());
        assertEquals(s.blksize.offset(), l.blksize());
        assertEquals(true, l.blksize64());
        assertEquals(s.blocks.offset(), l.blocks());
        assertEquals(s.atimSec.offset(), l.atim());
        assertEquals(s.mtimSec.offset(), l.mtim());
        assertEquals(s.ctimSec.offset(), l.ctim());
        assertEquals(sizeof(s), l.sizeOf());
    }

    @Test
    void structStatAarch64() {
        StatAarch64 s = new StatAarch64();
        Layout.Stat l = Layout.Stat.AARCH64;
        assertEquals(s.dev.offset(), l.dev());
        assertEquals(s.ino.offset(), l.ino());
        assertEquals(s.nlink.offset(), l.nlink());
        assertEquals(false, l.nlink64());
        assertEquals(s.mode.offset(), l.mode());
        assertEquals(s.uid.offset(), l.uid());
        assertEquals(s.gid.offset(), l.gid());
        assertEquals(s.rdev.offset(), l.rdev());
        assertEquals(s.size.offset(), l.size());
        assertEquals(s.blksize.offset(), l.blksize());
        assertEquals(false, l.blksize64());
        assertEquals(s.blocks.offset(), l.blocks());
        assertEquals(s.atimSec.offset(), l.atim());
        assertEquals(s.mtimSec.offset(), l.mtim());
        assertEquals(s.ctimSec.offset(), l.ctim());
        assertEquals(sizeof(s), l.sizeOf());
    }

    /** glibc bits/statvfs.h, LP64. */
    static final class Statvfs extends Struct {
        final Unsigned64 bsize = new Unsigned64();
        final Unsigned64 frsize = new Unsigned64();
        final Unsigned64 blocks = new Unsigned64();
        final Unsigned64 bfree = new Unsigned64();
        final Unsigned64 bavail = new Unsigned64();
        final Unsigned64 files = new Unsigned64();
        final Unsigned64 ffree = new Unsigned64();
        final Unsigned64 favail = new Unsigned64();
        final Unsigned64 fsid = new Unsigned64();
        final Unsigned64 flag = new Unsigned64();
        final Unsigned64 namemax = new Unsigned64();
        final Signed32[] spare = array(new Signed32[6]);

        Statvfs() {
            super(RT);
        }
    }

    @Test
    void structStatvfs() {
        Statvfs s = new Statvfs();
        assertEquals(s.bsize.offset(), Layout.Statvfs.BSIZE);
        assertEquals(s.frsize.offset(), Layout.Statvfs.FRSIZE);
        assertEquals(s.blocks.offset(), Layout.Statvfs.BLOCKS);
        assertEquals(s.bfree.offset(), Layout.Statvfs.BFREE);
        assertEquals(s.bavail.offset(), Layout.Statvfs.BAVAIL);
        assertEquals(s.files.offset(), Layout.Statvfs.FILES);
        assertEquals(s.ffree.offset(), Layout.Statvfs.FFREE);
        assertEquals(s.favail.offset(), Layout.Statvfs.FAVAIL);
        assertEquals(s.fsid.offset(), Layout.Statvfs.FSID);
        assertEquals(s.flag.offset(), Layout.Statvfs.FLAG);
        assertEquals(s.namemax.offset(), Layout.Statvfs.NAMEMAX);
        assertEquals(sizeof(s), Layout.Statvfs.SIZE);
    }

    /**
     * C's {@code sizeof}: jnr-ffi's size ends at the last member, C pads the end to the largest
     * member alignment, which is 8 for every structure here.
     */
    private static int sizeof(Struct s) {
        return (Struct.size(s) + 7) & ~7;
    }

    @Test
    void thisMachineIsSupported() {
        Layout.check();
        assertEquals(Layout.ARCH.equals("aarch64") ? Layout.Stat.AARCH64 : Layout.Stat.X86_64, Layout.Stat.current());
    }
}
