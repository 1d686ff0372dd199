package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.crypto.MasterKey;
import io.revcrypt.core.view.OpenFile;
import io.revcrypt.core.view.ReverseView;
import io.revcrypt.core.view.ViewOptions;
import io.revcrypt.it.support.MountGuard;
import io.revcrypt.it.support.NativeTools;
import io.revcrypt.it.support.Revcrypt;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read path is lock-free and multi-threaded (design §5), so it is read concurrently: 8 threads
 * read random ranges (offsets anywhere, also past the end; lengths up to 300 KB) of files from
 * 1 KB to 20 MB through the mount — on their own handles, on one handle shared by all, and on
 * fresh ones — for about ten seconds. Every read must equal the same range computed in-process by
 * fs-core on the same plaintext with the same key.
 */
class ConcurrentReadsIT {

    private static final int THREADS = 8;
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_READ = 300_000;
    private static final int[] SIZES = {1024, 3 * 4096 + 7, 100_000, (1 << 20) + 17, 5 << 20, 20 << 20};

    @RegisterExtension
    final MountGuard mounts = MountGuard.perTest();

    @TempDir
    Path tmp;

    private record Target(String cipherName, Path onMount, long size, FileChannel shared) {}

    @Test
    @Timeout(180)
    void concurrentRandomReadsEqualFsCore() throws Exception {
        NativeTools.require();
        Path src = Files.createDirectory(tmp.resolve("src"));
        SplittableRandom fill = new SplittableRandom(42);
        for (int size : SIZES) {
            byte[] b = new byte[size];
            for (int i = 0; i < size; i += 8) {
                long r = fill.nextLong();
                for (int j = 0; j < 8 && i + j < size; j++) {
                    b[i + j] = (byte) (r >>> (8 * j));
                }
            }
            Files.write(src.resolve("file-" + size), b);
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        Revcrypt.mount(mounts, src, mnt, "--masterkey", HexFormat.of().formatHex(key));

        try (ReverseView view = ReverseView.open(ViewOptions.defaults(src), CryptoCore.derive(MasterKey.of(key)))) {
            List<Target> targets = new ArrayList<>();
            for (int size : SIZES) {
                String cipher = view.encryptPath(("file-" + size).getBytes(StandardCharsets.UTF_8));
                Path p = mnt.resolve(cipher);
                long cipherSize = view.getattr(cipher).size();
                assertEquals(cipherSize, Files.size(p), "size of " + cipher);
                targets.add(new Target(cipher, p, cipherSize, FileChannel.open(p, StandardOpenOption.READ)));
            }
            Queue<String> mismatches = new ConcurrentLinkedQueue<>();
            AtomicLong reads = new AtomicLong();
            AtomicLong bytes = new AtomicLong();
            long deadline = System.nanoTime() + RUN_NANOS;
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = 1000 + t;
                done.add(pool.submit(() -> reader(view, targets, new SplittableRandom(seed), deadline, mismatches,
                        reads, bytes)));
            }
            pool.shutdown();
            for (Future<Integer> f : done) {
                assertTrue(f.get(120, TimeUnit.SECONDS) > 0, "every thread read");
            }
            for (Target t : targets) {
                t.shared().close();
            }
            assertTrue(mismatches.isEmpty(), mismatches.size() + " of " + reads + " reads differ from fs-core, e.g.:\n  "
                    + String.join("\n  ", mismatches.stream().limit(10).toList()));
            System.out.println("ConcurrentReadsIT: " + reads + " reads, " + (bytes.get() >> 20) + " MiB compared");
        }
    }

    /** Reads until the deadline; returns how many reads it made. */
    private static int reader(ReverseView view, List<Target> targets, SplittableRandom random, long deadline,
            Queue<String> mismatches, AtomicLong reads, AtomicLong bytes) throws Exception {
        List<FileChannel> own = new ArrayList<>();
        List<OpenFile> oracle = new ArrayList<>();
        for (Target t : targets) {
            own.add(FileChannel.open(t.onMount(), StandardOpenOption.READ));
            oracle.add(view.open(t.cipherName()));
        }
        int count = 0;
        try {
            while (System.nanoTime() < deadline) {
                int i = random.nextInt(targets.size());
                Target t = targets.get(i);
                long offset = random.nextLong(t.size() + 8192);
                int len = 1 + random.nextInt(MAX_READ);
                int how = random.nextInt(3);
                byte[] got;
                if (how == 0) {
                    got = read(own.get(i), offset, len);
                } else if (how == 1) {
                    got = read(t.shared(), offset, len);
                } else {
                    try (FileChannel fresh = FileChannel.open(t.onMount(), StandardOpenOption.READ)) {
                        got = read(fresh, offset, len);
                    }
                }
                byte[] expected = expected(oracle.get(i), offset, len);
                if (!Arrays.equals(expected, got)) {
                    mismatches.add(t.cipherName() + " @" + offset + " +" + len + " via " + List.of("own", "shared",
                            "fresh").get(how) + ": got " + got.length + " bytes, expected " + expected.length
                            + ", first difference at " + Arrays.mismatch(expected, got));
                }
                count++;
                reads.incrementAndGet();
                bytes.addAndGet(got.length);
            }
        } finally {
            for (FileChannel c : own) {
                c.close();
            }
            oracle.forEach(OpenFile::close);
        }
        return count;
    }

    private static byte[] read(FileChannel ch, long offset, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(len);
        long pos = offset;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        return Arrays.copyOf(buf.array(), buf.position());
    }

    private static byte[] expected(OpenFile f, long offset, int len) throws Exception {
        byte[] out = new byte[len];
        int total = 0;
        while (total < len) {
            int n = f.read(offset + total, out, total, len - total);
            if (n <= 0) {
                break;
            }
            total += n;
        }
        return Arrays.copyOf(out, total);
    }
}
