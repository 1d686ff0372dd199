package io.revcrypt.bench;

import io.revcrypt.core.crypto.AesSiv;
import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.crypto.MasterKey;
import io.revcrypt.core.format.ContentCrypto;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * AES-SIV on one 4096-byte content block, single-threaded, next to the raw JCE modes it is built
 * from. Throughput in MB/s = ops/s × 4096 / 10^6 (the compare table in bench/README.md does this).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ContentEncryptionBenchmark {

    private static final int BLOCK = 4096;

    private final byte[] plain = new byte[BLOCK];
    private final byte[] out = new byte[BLOCK + 32];
    private final byte[] ad = new byte[24];
    private final byte[] nonce = new byte[16];
    private final byte[] fileId = new byte[16];
    private final byte[] block0Iv = new byte[16];
    private AesSiv siv;
    private CryptoCore core;
    private ContentCrypto content;
    private Cipher ctr;
    private Cipher cbc;
    private SecretKeySpec key;
    private long blockNo;

    @Setup
    public void setUp() throws Exception {
        Random random = new Random(1);
        random.nextBytes(plain);
        byte[] k = new byte[64];
        random.nextBytes(k);
        siv = new AesSiv(k);
        try (MasterKey mk = MasterKey.random()) {
            core = CryptoCore.derive(mk);
        }
        content = new ContentCrypto(core, true);
        random.nextBytes(fileId);
        random.nextBytes(block0Iv);
        key = new SecretKeySpec(k, 0, 32, "AES");
        ctr = Cipher.getInstance("AES/CTR/NoPadding");
        cbc = Cipher.getInstance("AES/CBC/NoPadding");
        cbc.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(new byte[16]));
    }

    @TearDown
    public void tearDown() {
        siv.close();
        core.close();
    }

    /** The S2V + CTR core on one block. */
    @Benchmark
    public byte[] aesSivSeal4096() {
        siv.seal(ad, nonce, plain, 0, BLOCK, out, 0);
        return out;
    }

    /** What the view does per block: nonce derivation, associated data, AES-SIV. */
    @Benchmark
    public byte[] contentBlock4096() {
        content.encryptBlock(plain, 0, BLOCK, blockNo++, fileId, block0Iv, out, 0);
        return out;
    }

    /** Reference: the JCE's AES-256-CTR alone (the cheap half of SIV). */
    @Benchmark
    public byte[] jceCtr4096() throws Exception {
        ctr.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
        ctr.doFinal(plain, 0, BLOCK, out, 0);
        return out;
    }

    /** Reference: the JCE's AES-256-CBC alone (the CBC-MAC half of SIV, serial by nature). */
    @Benchmark
    public byte[] jceCbc4096() throws Exception {
        cbc.doFinal(plain, 0, BLOCK, out, 0);
        return out;
    }
}
