package io.revcrypt.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kenai.jffi.MemoryIO;
import io.revcrypt.core.posix.Errno;
import io.revcrypt.core.posix.PlainStat;
import io.revcrypt.core.testsupport.PlainTrees;
import io.revcrypt.core.testsupport.Views;
import io.revcrypt.core.view.DirEntryPlus;
import io.revcrypt.core.view.ExclusionRules;
import io.revcrypt.core.view.NodeAttributes;
import io.revcrypt.core.view.OpenFile;
import io.revcrypt.core.view.ReverseView;
import io.revcrypt.fuse.libfuse3.Layout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.Delegate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter's callbacks called as libfuse calls them, with native structs and a native filler,
 * but without the kernel: what lands in the structs, errno mapping, READDIRPLUS offsets.
 */
class ReverseFuseFsTest {

    private static final MemoryIO IO = MemoryIO.getInstance();
    private static final Layout.Stat STAT = Layout.Stat.current();

    @TempDir
    Path plain;

    private ReverseView view;
    private ReverseFuseFs fs;
    private final AtomicInteger firstCalls = new AtomicInteger();
    private final List<Long> allocated = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(plain.resolve(".gocryptfs.reverse.conf"), "{}\n");
        Files.write(plain.resolve("file"), PlainTrees.pattern(10000));
        Files.createSymbolicLink(plain.resolve("link"), Path.of("file"));
        // reading a symlink moves its atime once (relatime) if the clock has moved on since it was made
        Thread.sleep(20);
        Files.readSymbolicLink(plain.resolve("link"));
        Files.write(plain.resolve("skip.tmp"), new byte[1]);
        Path dir = Files.createDirectory(plain.resolve("dir"));
        for (int i = 0; i < 50; i++) {
            Files.write(dir.resolve("f" + i), PlainTrees.pattern(i * 100));
        }
        Files.write(dir.resolve("n".repeat(240)), PlainTrees.pattern(5));
        view = Views.open(plain, ExclusionRules.compile(List.of(), List.of("*.tmp"), List.of()));
        fs = new ReverseFuseFs(view, firstCalls::incrementAndGet);
    }

    @AfterEach
    void tearDown() {
        fs.closeAllFiles();
        view.close();
        allocated.forEach(IO::freeMemory);
    }

    private long alloc(int size) {
        long a = IO.allocateMemory(size, true);
        allocated.add(a);
        return a;
    }

    private long cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        long a = alloc(b.length + 1);
        IO.putByteArray(a, b, 0, b.length);
        return a;
    }

    private String fusePath(String plainPath) throws Exception {
        return plainPath.isEmpty() ? "/" : "/" + view.encryptPath(plainPath.getBytes(StandardCharsets.UTF_8));
    }

    private static NodeAttributes readStat(long stat) {
        long nlink = STAT.nlink64() ? IO.getLong(stat + STAT.nlink()) : IO.getInt(stat + STAT.nlink());
        int blksize = STAT.blksize64() ? (int) IO.getLong(stat + STAT.blksize()) : IO.getInt(stat + STAT.blksize());
        return new NodeAttributes(IO.getLong(stat + STAT.ino()), IO.getInt(stat + STAT.mode()), nlink,
                IO.getInt(stat + STAT.uid()), IO.getInt(stat + STAT.gid()), IO.getLong(stat + STAT.rdev()),
                IO.getLong(stat + STAT.size()), IO.getLong(stat + STAT.blocks()), blksize,
                IO.getLong(stat + STAT.atim()), (int) IO.getLong(stat + STAT.atim() + 8),
                IO.getLong(stat + STAT.mtim()), (int) IO.getLong(stat + STAT.mtim() + 8),
                IO.getLong(stat + STAT.ctim()), (int) IO.getLong(stat + STAT.ctim() + 8));
    }

    /** What the view itself serves for a FUSE path of a file of {@code size} bytes. */
    private byte[] viewContent(String fusePath, long size) throws Exception {
        byte[] content = new byte[(int) size];
        try (OpenFile f = view.open(fusePath.substring(1))) {
            assertEquals(content.length, f.read(0, content, 0, content.length));
        }
        return content;
    }

    /** {@code length} bytes read through the adapter in reads of 4000, as the kernel asks. */
    private byte[] readInPieces(long path, long fi, int length) {
        long buf = alloc(4000);
        byte[] got = new byte[length];
        int done = 0;
        while (done < length) {
            int n = fs.read(path, buf, 4000, done, fi);
            assertTrue(n > 0);
            IO.getByteArray(buf, got, done, n);
            done += n;
        }
        return got;
    }

    @Test
    void initAsksForReaddirplusWithoutAutoAndSetsTheConfig() {
        long conn = alloc(Layout.ConnInfo.SIZE);
        long cfg = alloc(Layout.Config.SIZE);
        int capable = Layout.ConnInfo.CAP_READDIRPLUS | Layout.ConnInfo.CAP_READDIRPLUS_AUTO | 1;
        IO.putInt(conn + Layout.ConnInfo.CAPABLE, capable);
        IO.putInt(conn + Layout.ConnInfo.WANT, Layout.ConnInfo.CAP_READDIRPLUS_AUTO | 1);
        assertEquals(0, fs.init(conn, cfg));
        assertEquals(Layout.ConnInfo.CAP_READDIRPLUS | 1, IO.getInt(conn + Layout.ConnInfo.WANT));
        assertEquals(MountOptions.MAX_READ, IO.getInt(conn + Layout.ConnInfo.MAX_READ));
        assertEquals(1, IO.getInt(cfg + Layout.Config.USE_INO));
        assertEquals(1, IO.getInt(cfg + Layout.Config.NULLPATH_OK));
        assertEquals(1.0, IO.getDouble(cfg + Layout.Config.ENTRY_TIMEOUT));
        assertEquals(1.0, IO.getDouble(cfg + Layout.Config.ATTR_TIMEOUT));
        assertEquals(1.0, IO.getDouble(cfg + Layout.Config.NEGATIVE_TIMEOUT));
        assertEquals(0, IO.getInt(cfg + Layout.Config.DEBUG), "nothing else touched");
    }

    @Test
    void getattrWritesTheViewsAttributes() throws Exception {
        long stat = alloc(STAT.sizeOf());
        for (String p : List.of("", "file", "link", "dir", "dir/f7", "dir/" + "n".repeat(240))) {
            assertEquals(0, fs.getattr(cString(fusePath(p)), stat, 0), p);
            String cipher = fusePath(p).substring(1);
            assertEquals(view.getattr(cipher), readStat(stat), p);
        }
        assertEquals(0, fs.getattr(cString("/gocryptfs.conf"), stat, 0));
        assertEquals(view.getattr("gocryptfs.conf"), readStat(stat));
        assertEquals(1, firstCalls.get(), "the readiness probe fires once, on the root");
    }

    @Test
    void failuresBecomeErrnos() throws Exception {
        long stat = alloc(STAT.sizeOf());
        assertEquals(-Errno.ENOENT, fs.getattr(cString(fusePath("missing")), stat, 0));
        assertEquals(-Errno.EPERM, fs.getattr(cString(fusePath("skip.tmp")), stat, 0), "excluded");
        assertEquals(-Errno.EBADF, fs.getattr(0, stat, 0), "no path and no open file");
        long fi = alloc(Layout.FileInfo.SIZE);
        IO.putInt(fi + Layout.FileInfo.FLAGS, 1);
        assertEquals(-Errno.EROFS, fs.open(cString(fusePath("file")), fi), "O_WRONLY");
        IO.putInt(fi + Layout.FileInfo.FLAGS, 2);
        assertEquals(-Errno.EROFS, fs.open(cString(fusePath("file")), fi), "O_RDWR");
        assertEquals(-Errno.EROFS, fs.access(cString(fusePath("file")), 2));
        assertEquals(0, fs.access(cString(fusePath("file")), 4));
        assertEquals(-Errno.ENOENT, fs.access(cString(fusePath("missing")), 4));
        assertEquals(-Errno.ENODATA, fs.getxattr(cString("/"), cString("user.x"), 0, 0));
        assertEquals(0, fs.listxattr(cString("/"), 0, 0));
        IO.putLong(fi + Layout.FileInfo.FH, 12345);
        assertEquals(-Errno.EBADF, fs.read(0, alloc(16), 16, 0, fi));
    }

    @Test
    void openReadFstatRelease() throws Exception {
        long fi = alloc(Layout.FileInfo.SIZE);
        String path = fusePath("file");
        assertEquals(0, fs.open(cString(path), fi));
        long fh = IO.getLong(fi + Layout.FileInfo.FH);
        assertNotEquals(0, fh);
        long stat = alloc(STAT.sizeOf());
        assertEquals(0, fs.getattr(0, stat, fi), "fstat with nullpath_ok: no path");
        NodeAttributes attrs = readStat(stat);
        assertEquals(view.getattr(path.substring(1)), attrs);

        byte[] expected = viewContent(path, attrs.size());
        assertArrayEquals(expected, readInPieces(0, fi, expected.length));
        assertEquals(0, fs.read(0, alloc(4000), 4000, expected.length, fi), "EOF");
        assertEquals(1, fs.openFiles());
        assertEquals(0, fs.release(0, fi));
        assertEquals(0, fs.openFiles());
    }

    @Test
    void withZeroMessageOpensTheKernelOpensWithoutUsAndReadsComeWithTheirPath() throws Exception {
        long conn = alloc(Layout.ConnInfo.SIZE);
        long cfg = alloc(Layout.Config.SIZE);
        IO.putInt(conn + Layout.ConnInfo.CAPABLE, Layout.ConnInfo.CAP_READDIRPLUS | Layout.ConnInfo.CAP_NO_OPEN_SUPPORT);
        assertEquals(0, fs.init(conn, cfg));
        assertEquals(0, IO.getInt(cfg + Layout.Config.NULLPATH_OK), "reads need their path: there is no handle");

        long fi = alloc(Layout.FileInfo.SIZE);
        String path = fusePath("file");
        assertEquals(-Errno.ENOSYS, fs.open(cString(path), fi), "ENOSYS: opened, and no OPEN or RELEASE from now on");
        IO.putInt(fi + Layout.FileInfo.FLAGS, 1);
        assertEquals(-Errno.EROFS, fs.open(cString(path), fi), "opening for writing is still refused");
        IO.putInt(fi + Layout.FileInfo.FLAGS, 0);
        IO.putLong(fi + Layout.FileInfo.FH, 0);

        long stat = alloc(STAT.sizeOf());
        assertEquals(0, fs.getattr(cString(path), stat, fi), "fstat: by the path");
        NodeAttributes attrs = readStat(stat);
        assertEquals(view.getattr(path.substring(1)), attrs);
        byte[] expected = viewContent(path, attrs.size());
        assertArrayEquals(expected, readInPieces(cString(path), fi, expected.length));
        long buf = alloc(4000);
        assertEquals(1, fs.openFiles(), "every read of the path shared one open file");
        assertEquals(-Errno.ENOENT, fs.read(cString(fusePath("missing")), buf, 4000, 0, fi));
        assertEquals(-Errno.EBADF, fs.read(0, buf, 4000, 0, fi), "neither a path nor a handle");
        fs.closeAllFiles();
        assertEquals(0, fs.openFiles());
    }

    @Test
    void readlinkAndStatfs() throws Exception {
        long buf = alloc(4097);
        assertEquals(0, fs.readlink(cString(fusePath("link")), buf, 4097));
        byte[] target = view.readlink(fusePath("link").substring(1));
        byte[] got = new byte[target.length + 1];
        IO.getByteArray(buf, got, 0, got.length);
        assertEquals(new String(target, StandardCharsets.US_ASCII) + "\0", new String(got, StandardCharsets.US_ASCII));
        assertEquals(0, fs.readlink(cString(fusePath("link")), buf, 5), "truncated to the buffer, NUL-terminated");
        assertEquals(0, IO.getByte(buf + 4));
        long st = alloc(Layout.Statvfs.SIZE);
        assertEquals(0, fs.statfs(cString("/"), st));
        assertEquals(view.statfs().blocks(), IO.getLong(st + Layout.Statvfs.BLOCKS));
        assertEquals(255, IO.getLong(st + Layout.Statvfs.NAMEMAX));
    }

    /** {@code fuse_fill_dir_t} as a jnr-ffi closure that records entries and says "full" after {@code room}. */
    public interface FillerCallback {
        @Delegate
        int fill(long buf, long name, long stat, long off, int flags);
    }

    private record Filled(String name, NodeAttributes stat, long off, int flags) {
    }

    private final class Filler implements FillerCallback {
        final List<Filled> entries = new ArrayList<>();
        int room;

        @Override
        public int fill(long buf, long name, long stat, long off, int flags) {
            if (room-- <= 0) {
                return 1;
            }
            int len = (int) IO.indexOf(name, (byte) 0);
            byte[] b = new byte[len];
            IO.getByteArray(name, b, 0, len);
            entries.add(new Filled(new String(b, StandardCharsets.UTF_8), stat == 0 ? null : readStat(stat), off, flags));
            return 0;
        }
    }

    /** Reads a whole directory the way libfuse does, {@code room} entries per reply. */
    private List<Filled> readAll(String fusePath, int flags, int room) {
        long fi = alloc(Layout.FileInfo.SIZE);
        assertEquals(0, fs.opendir(cString(fusePath), fi));
        Filler filler = new Filler();
        long fillerPtr = Runtime.getSystemRuntime().getClosureManager()
                .getClosurePointer(FillerCallback.class, filler).address();
        long off = 0;
        int calls = 0;
        while (true) {
            filler.room = room;
            int before = filler.entries.size();
            assertEquals(0, fs.readdir(0, 0, fillerPtr, off, fi, flags), "readdir with a NULL path (nullpath_ok)");
            calls++;
            if (filler.entries.size() == before) {
                break;
            }
            off = filler.entries.get(filler.entries.size() - 1).off();
        }
        assertEquals(0, fs.releasedir(0, fi));
        assertTrue(calls > 1);
        return filler.entries;
    }

    @Test
    void readdirplusGivesEveryEntryGetattrsAttributes() throws Exception {
        String dir = fusePath("dir");
        List<Filled> got = readAll(dir, Layout.Readdir.FUSE_READDIR_PLUS, 7);
        List<DirEntryPlus> expected = view.listWithAttributes(dir.substring(1));
        assertEquals(expected.size() + 2, got.size());
        assertEquals(".", got.get(0).name());
        assertEquals("..", got.get(1).name());
        assertEquals(0, got.get(0).flags(), "no attributes for . and ..");
        assertEquals(PlainStat.S_IFDIR, got.get(0).stat().mode());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(i + 1, got.get(i).off(), "each entry's offset is that of the next");
        }
        for (int i = 0; i < expected.size(); i++) {
            Filled f = got.get(i + 2);
            assertEquals(expected.get(i).cipherName(), f.name());
            assertEquals(Layout.Readdir.FUSE_FILL_DIR_PLUS, f.flags());
            assertEquals(view.getattr(dir.substring(1) + "/" + f.name()), f.stat(), f.name());
        }
        assertTrue(got.stream().anyMatch(f -> f.name().equals("gocryptfs.diriv")));
        assertTrue(got.stream().anyMatch(f -> f.name().endsWith(".name")));
    }

    @Test
    void plainReaddirGivesNamesAndTypes() throws Exception {
        List<Filled> got = readAll("/", 0, 3);
        List<String> names = got.stream().map(Filled::name).toList();
        assertEquals(view.list("").size() + 2, names.size());
        for (Filled f : got) {
            assertEquals(0, f.flags());
            assertEquals(StatWriter.UNKNOWN_INO, f.stat().ino());
        }
        Filled file = got.stream().filter(f -> {
            try {
                return f.name().equals(view.encryptPath("file".getBytes()));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).findFirst().orElseThrow();
        assertEquals(PlainStat.S_IFREG, file.stat().mode(), "d_type only");
        assertTrue(names.contains("gocryptfs.conf"));
    }

    @Test
    void readdirOfAFileFails() throws Exception {
        long fi = alloc(Layout.FileInfo.SIZE);
        assertEquals(0, fs.opendir(cString(fusePath("file")), fi));
        assertEquals(-Errno.ENOTDIR, fs.readdir(0, 0, 0, 0, fi, Layout.Readdir.FUSE_READDIR_PLUS));
        IO.putLong(fi + Layout.FileInfo.FH, 999);
        assertEquals(-Errno.EBADF, fs.readdir(0, 0, 0, 0, fi, 0));
    }
}
