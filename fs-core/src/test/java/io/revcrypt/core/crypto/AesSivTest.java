package io.revcrypt.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AesSivTest {

    private static final HexFormat HEX = HexFormat.of();

    static Stream<Arguments> publishedVectors() throws IOException {
        try (InputStream in = AesSivTest.class.getResourceAsStream("/crypto/aes-siv-vectors.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Arguments> out = new ArrayList<>();
            for (JsonNode v : root.get("vectors")) {
                List<byte[]> ad = new ArrayList<>();
                v.get("ad").forEach(a -> ad.add(HEX.parseHex(a.asText())));
                out.add(Arguments.of(v.get("name").asText(), HEX.parseHex(v.get("key").asText()),
                        ad.toArray(new byte[0][]), HEX.parseHex(v.get("plaintext").asText()),
                        HEX.parseHex(v.get("ciphertext").asText())));
            }
            return out.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishedVectors")
    void reproducesPublishedVectors(String name, byte[] key, byte[][] ad, byte[] plaintext, byte[] expected) {
        try (AesSiv siv = new AesSiv(key)) {
            assertArrayEquals(expected, siv.encrypt(plaintext, ad));
            assertArrayEquals(plaintext, siv.decrypt(expected, ad));
        }
    }

    /**
     * The block API (CBC-MAC with a hand-made tail) against a textbook S2V built from Bouncy
     * Castle's own CMAC and CTR, for every length around the block edges and a full gocryptfs block.
     */
    @Test
    void sealMatchesIndependentS2vForEveryTailLength() {
        Random random = new Random(42);
        byte[] key = new byte[64];
        random.nextBytes(key);
        byte[] ad = new byte[24];
        byte[] nonce = new byte[16];
        try (AesSiv siv = new AesSiv(key)) {
            for (int len = 0; len <= 4096; len = len < 80 ? len + 1 : len + 509) {
                checkOneLength(siv, key, ad, nonce, random, len);
            }
            checkOneLength(siv, key, ad, nonce, random, 4096);
            checkOneLength(siv, key, ad, nonce, random, 4095);
            checkOneLength(siv, key, ad, nonce, random, 4081);
        }
    }

    private static void checkOneLength(AesSiv siv, byte[] key, byte[] ad, byte[] nonce, Random random, int len) {
        random.nextBytes(ad);
        random.nextBytes(nonce);
        byte[] plain = new byte[len];
        random.nextBytes(plain);
        byte[] expected = referenceSiv(key, new byte[][] {ad, nonce}, plain);
        byte[] out = new byte[len + 16 + 3];
        siv.seal(ad, nonce, plain, 0, len, out, 3);
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(out, 3, 3 + len + 16), "length " + len);
        byte[] back = new byte[len];
        siv.open(ad, nonce, out, 3, len + 16, back, 0);
        assertArrayEquals(plain, back, "round trip, length " + len);
    }

    @Test
    void everyFlippedBitIsDetected() {
        byte[] key = new byte[64];
        new Random(1).nextBytes(key);
        byte[] ad = new byte[24];
        byte[] nonce = new byte[16];
        byte[] plain = new byte[100];
        try (AesSiv siv = new AesSiv(key)) {
            byte[] sealed = new byte[116];
            siv.seal(ad, nonce, plain, 0, 100, sealed, 0);
            for (int i = 0; i < sealed.length; i++) {
                byte[] bad = sealed.clone();
                bad[i] ^= 0x01;
                assertThrows(AuthenticationException.class,
                        () -> siv.open(ad, nonce, bad, 0, bad.length, new byte[100], 0), "byte " + i);
            }
            byte[] otherAd = ad.clone();
            otherAd[0] = 1;
            assertThrows(AuthenticationException.class,
                    () -> siv.open(otherAd, nonce, sealed, 0, sealed.length, new byte[100], 0));
        }
    }

    @Test
    void closedKeyRefusesWork() {
        AesSiv siv = new AesSiv(new byte[64]);
        siv.close();
        assertThrows(IllegalStateException.class, () -> siv.encrypt(new byte[1]));
    }

    /** RFC 5297 S2V + CTR composed from Bouncy Castle's CMac and SICBlockCipher. */
    static byte[] referenceSiv(byte[] key, byte[][] ad, byte[] plain) {
        int half = key.length / 2;
        KeyParameter k1 = new KeyParameter(key, 0, half);
        KeyParameter k2 = new KeyParameter(key, half, half);
        byte[] d = cmac(k1, new byte[16]);
        for (byte[] s : ad) {
            d = dbl(d);
            byte[] m = cmac(k1, s);
            for (int i = 0; i < 16; i++) {
                d[i] ^= m[i];
            }
        }
        byte[] t;
        if (plain.length >= 16) {
            t = plain.clone();
            for (int i = 0; i < 16; i++) {
                t[t.length - 16 + i] ^= d[i];
            }
        } else {
            t = dbl(d);
            for (int i = 0; i < plain.length; i++) {
                t[i] ^= plain[i];
            }
            t[plain.length] ^= (byte) 0x80;
        }
        byte[] v = cmac(k1, t);
        byte[] q = v.clone();
        q[8] &= 0x7f;
        q[12] &= 0x7f;
        SICBlockCipher ctr = new SICBlockCipher(AESEngine.newInstance());
        ctr.init(true, new ParametersWithIV(k2, q));
        byte[] out = new byte[16 + plain.length];
        System.arraycopy(v, 0, out, 0, 16);
        ctr.processBytes(plain, 0, plain.length, out, 16);
        return out;
    }

    private static byte[] cmac(KeyParameter key, byte[] m) {
        CMac mac = new CMac(AESEngine.newInstance());
        mac.init(key);
        mac.update(m, 0, m.length);
        byte[] out = new byte[16];
        mac.doFinal(out, 0);
        return out;
    }

    private static byte[] dbl(byte[] in) {
        byte[] b = in.clone();
        Aes.dblBigEndian(b);
        return b;
    }
}
