package io.revcrypt.bench;

import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.crypto.MasterKey;
import io.revcrypt.core.view.ReverseView;
import io.revcrypt.core.view.ViewOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * {@code ReverseView}'s name paths, no FUSE: listing one directory of 2,000 entries (one in
 * twenty with a name long enough to be hashed), with and without attributes, and resolving
 * (getattr) a file three directories down and a hashed name. {@code list} encrypts every name on
 * every call; {@code listWithAttributes} keeps the names of an unchanged directory for a second
 * ({@code ListingCache}), so it measures the stats and the attributes. One op = one call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReverseViewListingBenchmark {

    private static final int ENTRIES = 2_000;

    @Param({""})
    public String dir;

    private Path root;
    private ReverseView view;
    private String cipherDir;
    private String deepFile;
    private String hashedFile;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        root = Files.createTempDirectory(dir.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(dir),
                "revcrypt-bench");
        Path big = Files.createDirectory(root.resolve("big"));
        for (int i = 0; i < ENTRIES; i++) {
            String name = i % 20 == 0 ? "long-" + "n".repeat(200) + i : "file-" + i;
            Files.writeString(big.resolve(name), "x");
        }
        Path deep = Files.createDirectories(root.resolve("a/b/c"));
        Files.writeString(deep.resolve("leaf"), "leaf");
        try (MasterKey mk = MasterKey.random()) {
            view = ReverseView.open(ViewOptions.defaults(root), CryptoCore.derive(mk));
        }
        cipherDir = view.encryptPath("big".getBytes());
        deepFile = view.encryptPath("a/b/c/leaf".getBytes());
        hashedFile = view.encryptPath(("big/long-" + "n".repeat(200) + 0).getBytes());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        view.close();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public int list() throws Exception {
        return view.list(cipherDir).size();
    }

    @Benchmark
    public int listWithAttributes() throws Exception {
        return view.listWithAttributes(cipherDir).size();
    }

    @Benchmark
    public long getattrThreeDown() throws Exception {
        return view.getattr(deepFile).size();
    }

    @Benchmark
    public long getattrHashedName() throws Exception {
        return view.getattr(hashedFile).size();
    }
}
