package io.revcrypt.core.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.format.BlockLayout;
import io.revcrypt.core.format.ContentCrypto;
import io.revcrypt.core.forward.DecryptResult;
import io.revcrypt.core.forward.FileDecryptor;
import io.revcrypt.core.testsupport.Views;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cipher block served in two reads (FUSE requests are page-aligned, cipher blocks are not) must
 * authenticate even when the plaintext was rewritten in place between the two: both pieces come
 * from one encryption. Checked with the project's own forward decryptor, as a restore would.
 */
class SplitBlockReadTest {

    private static final int BLOCKS = 3;
    private static final int PLAIN_SIZE = BLOCKS * BlockLayout.PLAIN_BLOCK;
    private static final int CIPHER_SIZE = (int) BlockLayout.cipherSize(PLAIN_SIZE);
    /** Mid-way through block 1: the first read takes its first 1000 bytes, the second the rest. */
    private static final int CUT = (int) BlockLayout.cipherBlockOffset(1) + 1000;

    @TempDir
    Path plain;

    private final Random random = new Random(16);
    private CryptoCore decryptingCore;
    private ReverseView view;
    private Path file;
    private String cipherPath;

    @BeforeEach
    void openView() throws Exception {
        file = Files.write(plain.resolve("rewritten.bin"), randomBytes(PLAIN_SIZE));
        view = ReverseView.open(ViewOptions.defaults(plain), Views.testCore());
        cipherPath = view.encryptPath("rewritten.bin".getBytes(StandardCharsets.UTF_8));
        decryptingCore = Views.testCore();
    }

    @AfterEach
    void close() {
        view.close();
        decryptingCore.close();
    }

    @Test
    void aBlockCutByTwoReadsAuthenticatesThoughTheFileWasRewrittenBetweenThem() throws Exception {
        byte[] copy = new byte[CIPHER_SIZE];
        try (OpenFile f = view.open(cipherPath)) {
            readFully(f, 0, copy, CUT);
            rewriteInPlace();
            readFully(f, CUT, copy, CIPHER_SIZE - CUT);
        }
        assertAuthenticates(copy);
    }

    @Test
    void theSameWhenTheSecondPieceIsReadFirst() throws Exception {
        byte[] copy = new byte[CIPHER_SIZE];
        try (OpenFile f = view.open(cipherPath)) {
            readFully(f, CUT, copy, CIPHER_SIZE - CUT);
            rewriteInPlace();
            readFully(f, 0, copy, CUT);
        }
        assertAuthenticates(copy);
    }

    @Test
    void anUnchangedFileReadInPiecesInAnyOrderGivesTheBytesOfOneWholeRead() throws Exception {
        Files.write(plain.resolve("big.bin"), randomBytes(300_000));
        String c = view.encryptPath("big.bin".getBytes(StandardCharsets.UTF_8));
        int size = (int) BlockLayout.cipherSize(300_000);
        byte[] whole = new byte[size];
        byte[] pieces = new byte[size];
        try (OpenFile f = view.open(c)) {
            readFully(f, 0, whole, size);
        }
        // more cut blocks in flight than the cache holds, so some are encrypted again: the same bytes
        List<int[]> requests = pageAlignedRequests(size, 4096);
        Collections.shuffle(requests, random);
        try (OpenFile f = view.open(c)) {
            for (int[] r : requests) {
                readFully(f, r[0], pieces, r[1]);
            }
        }
        assertArrayEquals(whole, pieces);
    }

    @Test
    void concurrentReadersOfAFileRewrittenThroughoutGetBlocksThatAllAuthenticate() throws Exception {
        int plainSize = 64 * BlockLayout.PLAIN_BLOCK;
        Path busy = Files.write(plain.resolve("busy.bin"), randomBytes(plainSize));
        String c = view.encryptPath("busy.bin".getBytes(StandardCharsets.UTF_8));
        int size = (int) BlockLayout.cipherSize(plainSize);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            Random r = new Random(19);
            byte[] next = new byte[plainSize];
            while (!stop.get()) {
                r.nextBytes(next);
                try {
                    Files.write(busy, next, StandardOpenOption.WRITE);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                    return;
                }
            }
        }, "rewriter");
        writer.start();
        try {
            for (int round = 0; round < 20; round++) {
                byte[] copy = readConcurrently(c, size, 4, failure);
                assertAuthenticates(copy);
            }
        } finally {
            stop.set(true);
            writer.join(10_000);
        }
        assertEquals(null, failure.get());
    }

    /**
     * Page-aligned requests of two pages, as the kernel's readahead sends them: in file order, each
     * pair swapped, taken by {@code threads} readers at once, so they are served out of order and
     * the two pieces of a block often at the same time. (In a wholly random order more blocks are
     * half-served at once than {@link SplitBlocks} holds; no sequential reader does that.)
     */
    private byte[] readConcurrently(String c, int size, int threads, AtomicReference<Throwable> failure)
            throws Exception {
        byte[] copy = new byte[size];
        List<int[]> requests = pageAlignedRequests(size, 8192);
        for (int i = 0; i + 1 < requests.size(); i += 2) {
            Collections.swap(requests, i, i + 1);
        }
        ConcurrentLinkedQueue<int[]> queue = new ConcurrentLinkedQueue<>(requests);
        CountDownLatch start = new CountDownLatch(1);
        try (OpenFile f = view.open(c)) {
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread reader = new Thread(() -> {
                    try {
                        start.await();
                        for (int[] r; (r = queue.poll()) != null; ) {
                            readFully(f, r[0], copy, r[1]);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "reader-" + t);
                reader.start();
                readers.add(reader);
            }
            start.countDown();
            for (Thread reader : readers) {
                reader.join(30_000);
            }
        }
        assertEquals(null, failure.get());
        return copy;
    }

    private static List<int[]> pageAlignedRequests(int size, int requestLength) {
        List<int[]> requests = new ArrayList<>();
        for (int off = 0; off < size; off += requestLength) {
            requests.add(new int[] {off, Math.min(requestLength, size - off)});
        }
        return requests;
    }

    private static void readFully(OpenFile f, int offset, byte[] copy, int len) throws FsException {
        int n = f.read(offset, copy, offset, len);
        assertEquals(len, n, "short read at " + offset);
    }

    private void rewriteInPlace() throws Exception {
        Files.write(file, randomBytes(PLAIN_SIZE), StandardOpenOption.WRITE);
    }

    private void assertAuthenticates(byte[] copy) throws Exception {
        FileDecryptor decryptor = new FileDecryptor(new ContentCrypto(decryptingCore, true));
        DecryptResult result = decryptor.decrypt(new ByteArrayInputStream(copy), null);
        assertTrue(result.ok(), "the copy does not restore: " + result.describe());
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
