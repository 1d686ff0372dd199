package io.revcrypt.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlockLayoutTest {

    /** Sizes seen on the real gocryptfs 2.3 (spec §5.2) and at the block edges. */
    @ParameterizedTest
    @CsvSource({"0,0", "1,51", "12,62", "4095,4145", "4096,4146", "4097,4179", "5000,5082", "8192,8274",
            "10000,10114"})
    void cipherSizes(long plain, long cipher) {
        assertEquals(cipher, BlockLayout.cipherSize(plain));
        assertEquals(plain, BlockLayout.plainSize(cipher));
    }

    @Test
    void inverseAndMonotonic() {
        long previous = -1;
        for (long p = 0; p < 3 * 4096 + 50; p++) {
            long c = BlockLayout.cipherSize(p);
            assertTrue(c > previous || p == 0);
            assertEquals(p, BlockLayout.plainSize(c));
            previous = c;
        }
    }

    @Test
    void impossibleCipherSizes() {
        assertEquals(0, BlockLayout.plainSize(18), "header only");
        assertEquals(-1, BlockLayout.plainSize(10), "truncated header");
        assertEquals(-1, BlockLayout.plainSize(18 + 4128 + 20), "trailing block too short to hold data");
    }

    @Test
    void blockIvsAddTheBlockNumberToTheLowHalfWithoutCarry() {
        byte[] b0 = java.util.HexFormat.of().parseHex("e7373d6a4b0c910558f031a38a4ba9e5");
        byte[] out = new byte[16];
        PathIv.blockIv(b0, 2, out);
        assertEquals("e7373d6a4b0c910558f031a38a4ba9e7", java.util.HexFormat.of().formatHex(out));
        byte[] max = java.util.HexFormat.of().parseHex("0000000000000001ffffffffffffffff");
        PathIv.blockIv(max, 1, out);
        assertEquals("00000000000000010000000000000000", java.util.HexFormat.of().formatHex(out));
    }
}
