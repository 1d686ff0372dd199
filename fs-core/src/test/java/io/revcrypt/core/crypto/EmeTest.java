package io.revcrypt.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmeTest {

    private static final HexFormat HEX = HexFormat.of();

    /** rfjakob/eme eme_test.go TestEnc16: all-zero key, tweak and one block. */
    @Test
    void knownAnswerOneZeroBlock() {
        try (Eme eme = new Eme(new byte[32])) {
            assertEquals("f1b9ce8ca15a4ba9fb476905434b9fd3", HEX.formatHex(eme.encrypt(new byte[16], new byte[16])));
        }
    }

    /** rfjakob/eme: 2048 zero bytes (the 128-block maximum) start with 630500884158a8d4. */
    @Test
    void knownAnswerMaximumLength() {
        try (Eme eme = new Eme(new byte[32])) {
            byte[] out = eme.encrypt(new byte[16], new byte[2048]);
            assertEquals("630500884158a8d4", HEX.formatHex(out, 0, 8));
            assertArrayEquals(new byte[2048], eme.decrypt(new byte[16], out));
        }
    }

    /** spec §6.1: hello.txt in the root of the vector filesystem. */
    @Test
    void gocryptfsNameKnownAnswer() {
        byte[] emeKey = HEX.parseHex("12259edf75e7051def8a79bc08e95ce256616bca9c1229406bd1a8a8eb01183b");
        byte[] rootIv = HEX.parseHex("a8f7bac432ddc1cb3dc74e684d6ae48b");
        byte[] padded = HEX.parseHex("68656c6c6f2e747874" + "07".repeat(7));
        try (Eme eme = new Eme(emeKey)) {
            assertEquals("8bc56d7831f0f7f7490373e12c798c6f", HEX.formatHex(eme.encrypt(rootIv, padded)));
        }
    }

    @Test
    void roundTripsEveryLength() {
        Random random = new Random(7);
        byte[] key = new byte[32];
        random.nextBytes(key);
        try (Eme eme = new Eme(key)) {
            for (int blocks = 1; blocks <= 128; blocks++) {
                byte[] tweak = new byte[16];
                byte[] data = new byte[blocks * 16];
                random.nextBytes(tweak);
                random.nextBytes(data);
                byte[] c = eme.encrypt(tweak, data);
                assertArrayEquals(data, eme.decrypt(tweak, c), blocks + " blocks");
            }
        }
    }

    @Test
    void refusesPartialBlocksAndOversizedInput() {
        try (Eme eme = new Eme(new byte[32])) {
            assertThrows(IllegalArgumentException.class, () -> eme.encrypt(new byte[16], new byte[15]));
            assertThrows(IllegalArgumentException.class, () -> eme.encrypt(new byte[16], new byte[0]));
            assertThrows(IllegalArgumentException.class, () -> eme.encrypt(new byte[16], new byte[2064]));
        }
    }

    @Test
    void littleEndianDoublingOfTheVectorKey() {
        byte[] l = HEX.parseHex("02ae35716fd0667404bc118e15680c52");
        Eme.dblLittleEndian(l);
        assertEquals("045c6be2dea0cde80878231c2bd018a4", HEX.formatHex(l));
    }
}
