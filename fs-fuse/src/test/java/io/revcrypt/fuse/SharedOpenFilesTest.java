package io.revcrypt.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.posix.Errno;
import io.revcrypt.core.posix.PlainStat;
import io.revcrypt.core.view.FsException;
import io.revcrypt.core.view.NodeAttributes;
import io.revcrypt.core.view.OpenFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Sharing, versions, closing, and the check that keeps a continued read from mixing two versions. */
class SharedOpenFilesTest {

    /** A file of the view as it is now on "disk": what the next open gets. */
    private final Map<String, NodeAttributes> disk = new HashMap<>();
    private final List<FakeFile> opened = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final SharedOpenFiles files = new SharedOpenFiles(this::open, now::get, false);

    private static final class FakeFile implements OpenFile {
        final NodeAttributes attributes;
        boolean closed;

        FakeFile(NodeAttributes attributes) {
            this.attributes = attributes;
        }

        @Override
        public int read(long offset, byte[] dst, int dstOff, int len) {
            throw new AssertionError("not read here");
        }

        @Override
        public NodeAttributes attributes() {
            return attributes;
        }

        @Override
        public void close() {
            assertFalse(closed, "closed twice");
            closed = true;
        }
    }

    private OpenFile open(String path) throws FsException {
        NodeAttributes a = disk.get(path);
        if (a == null) {
            throw new FsException(Errno.ENOENT, "no such file: " + path);
        }
        FakeFile f = new FakeFile(a);
        opened.add(f);
        return f;
    }

    private static NodeAttributes version(long ino, long size, long mtime) {
        return new NodeAttributes(ino, PlainStat.S_IFREG | 0644, 1, 0, 0, 0, size, 8, 4096, mtime, 0, mtime, 0, mtime, 0);
    }

    /** A read at {@code offset} as ReverseFuseFs does it: acquire, read, let go. */
    private OpenFile read(String path, long offset) throws FsException {
        try (SharedOpenFiles.Lease lease = files.acquire(path, offset)) {
            return lease.file();
        }
    }

    @Test
    void readsOfOnePathShareOneOpenFileWhileTheKernelHoldsItsVersion() throws Exception {
        disk.put("a", version(1, 300_000, 10));
        OpenFile first = read("a", 0);
        files.told("a", version(1, 300_000, 10)); // the same attributes again: nothing changes
        OpenFile second = read("a", 131_072);
        assertSame(first, second);
        assertEquals(1, opened.size());
        assertFalse(opened.get(0).closed);
    }

    @Test
    void aNewVersionToldToTheKernelClosesTheOldFileAndAReadFromTheStartOpensTheNewOne() throws Exception {
        disk.put("a", version(1, 300_000, 10));
        read("a", 0);
        disk.put("a", version(2, 300_000, 11)); // replaced by rename
        files.told("a", disk.get("a"));
        assertTrue(opened.get(0).closed);
        OpenFile again = read("a", 0);
        assertEquals(2, again.attributes().ino());
        assertSame(again, read("a", 131_072), "and the reads that continue it share it");
    }

    @Test
    void aReadThatContinuesAFileReplacedSinceFailsWithEioInsteadOfMixingTwoFiles() throws Exception {
        disk.put("big", version(1, 300_000, 10));
        read("big", 0);
        disk.put("big", version(2, 300_000, 12)); // another file renamed over it
        files.told("big", disk.get("big"));
        FsException e = assertThrows(FsException.class, () -> read("big", 131_072));
        assertEquals(Errno.EIO, e.errno());
        assertTrue(e.getMessage().contains("replaced while being read"), e.getMessage());
        assertTrue(opened.get(1).closed, "the new file is not left open");
        assertEquals(2, read("big", 0).attributes().ino(), "a read from the start gets the new file");
        assertEquals(2, read("big", 131_072).attributes().ino(), "and may go on");
    }

    @Test
    void aFileWrittenInPlaceOrGrownIsReadOnAtItsNewVersionAsThroughAHandle() throws Exception {
        disk.put("log", version(1, 300_000, 10));
        read("log", 0);
        disk.put("log", version(1, 400_000, 11)); // appended to: the same inode
        files.told("log", disk.get("log"));
        OpenFile grown = read("log", 131_072);
        assertEquals(400_000, grown.attributes().size());
    }

    /** "big" (inode 1) read from its start, then not read for longer than the idle time, and closed. */
    private void readTheStartOfBigThenLeaveItIdle() throws FsException {
        disk.put("big", version(1, 300_000, 10));
        read("big", 0);
        now.addAndGet(SharedOpenFiles.IDLE_NANOS + 1);
        files.closeIdle();
    }

    @Test
    void aFileClosedWhenIdleMidwayIsReadOnIfItIsStillTheSameFile() throws Exception {
        readTheStartOfBigThenLeaveItIdle();
        assertTrue(opened.get(0).closed);
        assertEquals(0, files.size());
        OpenFile reopened = read("big", 131_072);
        assertNotSame(opened.get(0), reopened);
        assertFalse(((FakeFile) reopened).closed);
    }

    @Test
    void aFileClosedWhenIdleMidwayAndReplacedMeanwhileFailsTheContinuedRead() throws Exception {
        readTheStartOfBigThenLeaveItIdle();
        disk.put("big", version(7, 300_000, 10)); // another file, nothing told to the kernel yet
        assertThrows(FsException.class, () -> read("big", 131_072));
    }

    @Test
    void aReaderStartingAReplacedFileAtAnOffsetLongAfterTheLastReadIsServed() throws Exception {
        readTheStartOfBigThenLeaveItIdle();
        now.addAndGet(ServedInodes.RELEVANT_NANOS);
        disk.put("big", version(7, 300_000, 20));
        assertEquals(7, read("big", 131_072).attributes().ino(), "nobody can be reading on from the old file's pages");
    }

    @Test
    void aFileIsClosedOnlyWhenTheLastReadOfItIsOver() throws Exception {
        disk.put("a", version(1, 300_000, 10));
        SharedOpenFiles.Lease inProgress = files.acquire("a", 0);
        disk.put("a", version(2, 300_000, 11));
        files.told("a", disk.get("a"));
        files.closeAll();
        assertFalse(opened.get(0).closed, "a read is still using it");
        inProgress.close();
        assertTrue(opened.get(0).closed);
    }

    @Test
    void theOldestOfMoreThanMaxOpenFilesIsClosed() throws Exception {
        for (int i = 0; i <= SharedOpenFiles.MAX_OPEN; i++) {
            disk.put("f" + i, version(100 + i, 4_660, 10));
            read("f" + i, 0);
        }
        assertEquals(SharedOpenFiles.MAX_OPEN, files.size());
        assertTrue(opened.get(0).closed);
        assertFalse(opened.get(1).closed);
        files.told("f5", version(999, 1, 1)); // dropped out of turn: the next push-out still closes the oldest
        disk.put("g", version(300, 4_660, 10));
        read("g", 0);
        assertTrue(opened.get(1).closed);
        long stillOpen = opened.stream().filter(f -> !f.closed).count();
        assertEquals(files.size(), stillOpen, "every file the table let go of is closed");
        assertTrue(stillOpen <= SharedOpenFiles.MAX_OPEN);
    }

    @Test
    void aMissingFileFailsAsTheViewSaysAndIsNotRemembered() {
        FsException e = assertThrows(FsException.class, () -> files.acquire("gone", 0));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals(0, files.size());
    }

    @Test
    void sameVersionComparesInodeSizeAndTimesButNotAtime() {
        NodeAttributes a = version(1, 100, 10);
        NodeAttributes readAgain = new NodeAttributes(1, a.mode(), 1, 0, 0, 0, 100, 8, 4096, 99, 5, 10, 0, 10, 0);
        assertTrue(SharedOpenFiles.sameVersion(a, readAgain));
        assertFalse(SharedOpenFiles.sameVersion(a, version(2, 100, 10)));
        assertFalse(SharedOpenFiles.sameVersion(a, version(1, 101, 10)));
        assertFalse(SharedOpenFiles.sameVersion(a, version(1, 100, 11)));
        NodeAttributes chmodded = new NodeAttributes(1, a.mode(), 1, 0, 0, 0, 100, 8, 4096, 10, 0, 10, 0, 10, 1);
        assertFalse(SharedOpenFiles.sameVersion(a, chmodded), "ctime");
    }
}
