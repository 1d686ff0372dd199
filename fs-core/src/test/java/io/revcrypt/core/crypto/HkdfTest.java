package io.revcrypt.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HkdfTest {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] range(int from, int toInclusive) {
        byte[] b = new byte[toInclusive - from + 1];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    @Test
    void rfc5869TestCase1() {
        byte[] okm = Hkdf.sha256(HEX.parseHex("0b".repeat(22)), range(0x00, 0x0c), range(0xf0, 0xf9), 42);
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                HEX.formatHex(okm));
    }

    @Test
    void rfc5869TestCase2LongInputs() {
        byte[] okm = Hkdf.sha256(range(0x00, 0x4f), range(0x60, 0xaf), range(0xb0, 0xff), 82);
        assertEquals("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                + "cc30c58179ec3e87c14c01d5c1f3434f1d87", HEX.formatHex(okm));
    }

    @Test
    void rfc5869TestCase3NoSaltNoInfo() {
        byte[] okm = Hkdf.sha256(HEX.parseHex("0b".repeat(22)), new byte[0], new byte[0], 42);
        assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
                HEX.formatHex(okm));
    }

    /** The gocryptfs sub-keys of the vector master key 01..20 (shared/spec/vectors/README.md). */
    @Test
    void gocryptfsSubKeysOfTheVectorMasterKey() {
        byte[] mk = range(0x01, 0x20);
        assertArrayEquals(HEX.parseHex("12259edf75e7051def8a79bc08e95ce256616bca9c1229406bd1a8a8eb01183b"),
                Hkdf.sha256(mk, "EME filename encryption", 32));
        assertArrayEquals(HEX.parseHex("02d3e26d9f7089486dc1b621c1769bbd077ca72805075fd8a3227cc62a2aa15d"
                        + "200ad6279088bf4c7796bc730e44b6b7502315c356e5b9e191affd163c6ca467"),
                Hkdf.sha256(mk, "AES-SIV file content encryption", 64));
        assertArrayEquals(HEX.parseHex("ced798af0f3bf1010de81cd996940c9de0d7df311febb7b0d8f1865a612b53d0"),
                Hkdf.sha256(mk, "AES-GCM file content encryption", 32));
    }
}
