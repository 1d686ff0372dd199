package io.revcrypt.bench;

import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.crypto.MasterKey;
import io.revcrypt.core.view.OpenFile;
import io.revcrypt.core.view.ReverseView;
import io.revcrypt.core.view.ViewOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code ReverseView} reading a 256 MiB file end to end in 128 KiB requests (what FUSE sends),
 * single-threaded, no FUSE: plaintext pread + encryption + copies. One op = the whole file, so
 * MB/s = 268.4 / (s/op). The file lives in {@code -p dir=…} (default: the temp directory; use a
 * disk, not tmpfs, to include the page cache as FUSE would see it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class ReverseViewReadBenchmark {

    private static final int FILE_SIZE = 256 << 20;
    private static final int REQUEST = 128 << 10;

    @Param({""})
    public String dir;

    private Path root;
    private ReverseView view;
    private String cipherPath;
    private long cipherSize;
    private final byte[] buffer = new byte[REQUEST];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        root = Files.createTempDirectory(dir.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(dir),
                "revcrypt-bench");
        Random random = new Random(7);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(root.resolve("big.bin"))) {
            for (int i = 0; i < FILE_SIZE / chunk.length; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        try (MasterKey mk = MasterKey.random()) {
            view = ReverseView.open(ViewOptions.defaults(root), CryptoCore.derive(mk));
        }
        cipherPath = view.encryptPath("big.bin".getBytes());
        cipherSize = view.getattr(cipherPath).size();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        view.close();
        Files.deleteIfExists(root.resolve("big.bin"));
        Files.deleteIfExists(root);
    }

    @Benchmark
    public long readWholeFile() throws Exception {
        long total = 0;
        try (OpenFile f = view.open(cipherPath)) {
            for (long off = 0; off < cipherSize; off += REQUEST) {
                total += f.read(off, buffer, 0, REQUEST);
            }
        }
        return total;
    }
}
