package io.revcrypt.core.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.format.BlockLayout;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What {@link SplitBlocks} serves from a kept block, and for how long. */
class SplitBlocksTest {

    private static final long MS = 1_000_000L;

    private final AtomicLong now = new AtomicLong(1_000 * MS);

    private static byte[] block(int fill) {
        byte[] b = new byte[BlockLayout.CIPHER_BLOCK];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    /** Keeps {@code block} as block 7 and serves its first 1000 bytes, as a request cutting it would. */
    private static void keepFirstPiece(SplitBlocks blocks, byte[] block) {
        blocks.keepAndServe(7, block, block.length, 0, new byte[1000], 0, 1000);
    }

    @Nested
    class KeptWhileOpen {

        @Test
        void theOtherPieceComesFromTheKeptEncryption() {
            SplitBlocks blocks = SplitBlocks.keptWhileOpen();
            keepFirstPiece(blocks, block(1));
            byte[] rest = new byte[BlockLayout.CIPHER_BLOCK - 1000];
            assertTrue(blocks.serveIfHeld(7, 1000, rest, 0, rest.length));
            assertArrayEquals(Arrays.copyOfRange(block(1), 1000, BlockLayout.CIPHER_BLOCK), rest);
        }

        @Test
        void aBlockNeverKeptIsNotServed() {
            SplitBlocks blocks = SplitBlocks.keptWhileOpen();
            keepFirstPiece(blocks, block(1));
            assertFalse(blocks.serveIfHeld(8, 0, new byte[10], 0, 10));
        }
    }

    @Nested
    class Expiring {

        private final SplitBlocks blocks = SplitBlocks.expiringAfter(500 * MS, now::get);

        @Test
        void servedWithinItsLifetime() {
            keepFirstPiece(blocks, block(1));
            now.addAndGet(499 * MS);
            assertTrue(blocks.serveIfHeld(7, 1000, new byte[10], 0, 10));
        }

        @Test
        void notServedOnceItsLifetimeIsOver() {
            keepFirstPiece(blocks, block(1));
            now.addAndGet(500 * MS);
            assertFalse(blocks.serveIfHeld(7, 1000, new byte[10], 0, 10));
        }

        @Test
        void anExpiredBlockKeptAgainServesTheNewEncryptionForItsNewLifetime() {
            keepFirstPiece(blocks, block(1));
            now.addAndGet(600 * MS);
            keepFirstPiece(blocks, block(2));
            now.addAndGet(400 * MS);
            byte[] rest = new byte[10];
            assertTrue(blocks.serveIfHeld(7, 1000, rest, 0, rest.length));
            assertArrayEquals(Arrays.copyOfRange(block(2), 1000, 1010), rest);
        }
    }
}
