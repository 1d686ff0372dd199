package io.revcrypt.bench;

import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.crypto.MasterKey;
import io.revcrypt.core.view.DirEntry;
import io.revcrypt.core.view.ReverseView;
import io.revcrypt.core.view.ViewOptions;
import io.revcrypt.fuse.ctl.ControlSocketServer;
import io.revcrypt.sync.decode.CtlClient;
import io.revcrypt.sync.decode.NameJournal;
import io.revcrypt.sync.decode.PathDecoder;
import io.revcrypt.sync.decode.PathDecryptor;
import io.revcrypt.sync.decode.RsyncOutputDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The decoder on a 20,000-line transcript (200 directories × 100 files, itemized as rsync prints
 * them with our {@code --out-format}), through the real control socket of a view. "warm": the
 * decoder has seen the transcript before (its caches hold the names); "cold": a new decoder each
 * time, so every name is a socket request. Score: lines per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecodeBenchmark {

    static final int DIRS = 200;
    static final int FILES = 100;
    static final int LINES = DIRS * (FILES + 1);

    private Path root;
    private ReverseView view;
    private ControlSocketServer server;
    private CtlClient client;
    private final List<String> transcript = new ArrayList<>();
    private RsyncOutputDecoder warm;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        root = Files.createTempDirectory("revcrypt-decode-bench");
        Path plain = Files.createDirectory(root.resolve("plain"));
        for (int d = 0; d < DIRS; d++) {
            Path dir = Files.createDirectory(plain.resolve(String.format("dir%03d", d)));
            for (int f = 0; f < FILES; f++) {
                Files.write(dir.resolve(String.format("file%03d.dat", f)), new byte[] {1});
            }
        }
        try (MasterKey mk = MasterKey.random()) {
            view = ReverseView.open(ViewOptions.defaults(plain), CryptoCore.derive(mk));
        }
        server = ControlSocketServer.start(root.resolve("ctl.sock"), view);
        client = new CtlClient(root.resolve("ctl.sock"), Duration.ofSeconds(30));
        for (DirEntry dir : view.list("")) {
            if (dir.cipherName().startsWith("gocryptfs.")) {
                continue;
            }
            transcript.add("cd+++++++++\t" + dir.cipherName() + "/");
            for (DirEntry file : view.list(dir.cipherName())) {
                if (!file.cipherName().startsWith("gocryptfs.")) {
                    transcript.add(">f+++++++++\t" + dir.cipherName() + "/" + file.cipherName());
                }
            }
        }
        if (transcript.size() != LINES) {
            throw new IllegalStateException("transcript has " + transcript.size() + " lines");
        }
        warm = newDecoder();
        decodeAll(warm);
    }

    private RsyncOutputDecoder newDecoder() {
        return RsyncOutputDecoder.builder(new PathDecoder(PathDecryptor.overSocket(client), NameJournal.inMemory())).build();
    }

    private long decodeAll(RsyncOutputDecoder decoder) {
        long chars = 0;
        for (String line : transcript) {
            chars += decoder.decodeLine(line).length();
        }
        return chars;
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long warmCache() {
        return decodeAll(warm);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long coldCache() {
        return decodeAll(newDecoder());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        client.close();
        server.close();
        view.close();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
