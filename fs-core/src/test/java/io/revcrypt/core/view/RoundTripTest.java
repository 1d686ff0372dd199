package io.revcrypt.core.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.format.BlockLayout;
import io.revcrypt.core.format.ContentCrypto;
import io.revcrypt.core.forward.FileDecryptor;
import io.revcrypt.core.testsupport.Views;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Plaintext → view → forward decryption gives the plaintext back, at every block edge. */
class RoundTripTest {

    @TempDir
    Path plain;

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 4095, 4096, 4097, 8191, 8192, 8193, 1 << 20})
    void viewDecryptsBackToThePlaintext(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        Files.write(plain.resolve("file.bin"), data);
        try (ReverseView view = Views.open(plain); CryptoCore core = Views.testCore()) {
            String cipherPath = view.encryptPath("file.bin".getBytes());
            NodeAttributes attrs = view.getattr(cipherPath);
            assertEquals(BlockLayout.cipherSize(size), attrs.size());

            byte[] first = readAll(view, cipherPath, attrs.size());
            byte[] second = readAll(view, cipherPath, attrs.size());
            assertArrayEquals(first, second, "two reads of the same range give identical bytes");

            FileDecryptor decryptor = new FileDecryptor(new ContentCrypto(core, true));
            assertArrayEquals(data, decryptor.decrypt(first));
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {4097, 70_000})
    void smallUnalignedReadsEqualOneBigRead(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(3).nextBytes(data);
        Files.write(plain.resolve("f"), data);
        try (ReverseView view = Views.open(plain)) {
            String cipherPath = view.encryptPath("f".getBytes());
            long cipherSize = view.getattr(cipherPath).size();
            byte[] whole = readAll(view, cipherPath, cipherSize);
            byte[] pieces = new byte[(int) cipherSize];
            Random random = new Random(9);
            try (OpenFile f = view.open(cipherPath)) {
                int pos = 0;
                while (pos < cipherSize) {
                    int len = 1 + random.nextInt(9000);
                    int n = f.read(pos, pieces, pos, (int) Math.min(len, cipherSize - pos));
                    assertTrue(n > 0);
                    pos += n;
                }
            }
            assertArrayEquals(whole, pieces);
        }
    }

    static byte[] readAll(ReverseView view, String cipherPath, long size) throws Exception {
        byte[] out = new byte[(int) size];
        try (OpenFile f = view.open(cipherPath)) {
            assertEquals(size, f.read(0, out, 0, out.length));
        }
        return out;
    }
}
