package io.revcrypt.core.view;

import io.revcrypt.core.format.BlockLayout;
import java.util.function.LongSupplier;

/**
 * The cipher blocks of one open file that a read served only in part, kept so that the rest of
 * each is served from the same encryption. FUSE requests start on page boundaries and 4128-byte
 * cipher blocks do not, so nearly every request cuts the block at each of its ends; encrypting the
 * plaintext afresh for the second piece would, if the file was written in between, join halves of
 * two encryptions into a block that does not authenticate (a copy that says ok and cannot be
 * restored). A block served whole never comes here: it is consistent by itself.
 *
 * <p>Bounded: a few blocks per open file, because the kernel's readahead keeps only a couple of
 * requests of one file in flight, and they may arrive out of order or at once on several threads.
 * When full, a block whose bytes have all been handed out goes first, else the least recently
 * used. Thread-safe; the lock is held only for lookups and copies of at most one block.
 *
 * <p>A file opened while it may still be being written ({@link EncryptedFile}) keeps its blocks
 * for a short while only ({@link #expiringAfter}): its copy is made again once it has settled,
 * and that copy must get the file as it is then, not pieces kept from the reads of the first
 * (the open file is shared by every read of the path while its attributes stand, and a write
 * under way moves no attribute).
 */
final class SplitBlocks {

    /**
     * The kernel keeps about one readahead window (128 KiB, one request) of a file in flight
     * besides the request being read, each leaving at most two blocks half-served: eight leaves
     * room for out-of-order requests, at 33 KB per open file when all are used.
     */
    static final int CAPACITY = 8;

    private static final class Held {
        long blockNo = -1;
        final byte[] cipher = new byte[BlockLayout.CIPHER_BLOCK];
        int length;
        /** Bytes handed out so far: once it reaches the length, no piece is likely still to come. */
        int servedBytes;
        long lastUse;
        long keptAtNanos;
    }

    /** Allocated the first time a slot is needed, so a file read in whole blocks costs nothing. */
    private final Held[] slots = new Held[CAPACITY];
    private long useCounter;
    private final long lifetimeNanos;
    private final LongSupplier clock;

    private SplitBlocks(long lifetimeNanos, LongSupplier clock) {
        this.lifetimeNanos = lifetimeNanos;
        this.clock = clock;
    }

    /** Blocks kept for as long as the open file lives. */
    static SplitBlocks keptWhileOpen() {
        return new SplitBlocks(Long.MAX_VALUE, () -> 0L);
    }

    /** Blocks served for {@code lifetimeNanos} after they were kept, then encrypted afresh. */
    static SplitBlocks expiringAfter(long lifetimeNanos) {
        return expiringAfter(lifetimeNanos, System::nanoTime);
    }

    static SplitBlocks expiringAfter(long lifetimeNanos, LongSupplier clock) {
        return new SplitBlocks(lifetimeNanos, clock);
    }

    /**
     * Copies {@code n} bytes from {@code from} of block {@code blockNo} to {@code dst} if this
     * block is held, and says whether it was.
     */
    synchronized boolean serveIfHeld(long blockNo, int from, byte[] dst, int dstOff, int n) {
        Held h = find(blockNo);
        if (h == null) {
            return false;
        }
        copyOut(h, from, dst, dstOff, n);
        return true;
    }

    /**
     * Keeps {@code fresh} (the whole block, {@code length} bytes) as block {@code blockNo} and
     * serves {@code n} bytes from {@code from} of it, unless another thread kept that block
     * meanwhile: then that encryption is served, so every piece of the block comes from one.
     */
    synchronized void keepAndServe(long blockNo, byte[] fresh, int length, int from, byte[] dst, int dstOff,
                                   int n) {
        Held h = find(blockNo);
        if (h == null) {
            h = slotToReuse(blockNo);
            h.blockNo = blockNo;
            h.length = length;
            h.servedBytes = 0;
            h.keptAtNanos = clock.getAsLong();
            System.arraycopy(fresh, 0, h.cipher, 0, length);
        }
        copyOut(h, from, dst, dstOff, n);
    }

    private void copyOut(Held h, int from, byte[] dst, int dstOff, int n) {
        System.arraycopy(h.cipher, from, dst, dstOff, n);
        h.servedBytes += n;
        h.lastUse = ++useCounter;
    }

    /** The block if it is held and has not expired. */
    private Held find(long blockNo) {
        for (Held h : slots) {
            if (h != null && h.blockNo == blockNo) {
                return expired(h) ? null : h;
            }
        }
        return null;
    }

    private boolean expired(Held h) {
        return lifetimeNanos != Long.MAX_VALUE && clock.getAsLong() - h.keptAtNanos >= lifetimeNanos;
    }

    /** An expired copy of the block itself first, so that no block is ever held twice. */
    private Held slotToReuse(long blockNo) {
        Held oldestServed = null;
        Held oldest = null;
        for (int i = 0; i < slots.length; i++) {
            Held h = slots[i];
            if (h == null) {
                return slots[i] = new Held();
            }
            if (h.blockNo == blockNo) {
                return h;
            }
            if (h.servedBytes >= h.length && (oldestServed == null || h.lastUse < oldestServed.lastUse)) {
                oldestServed = h;
            }
            if (oldest == null || h.lastUse < oldest.lastUse) {
                oldest = h;
            }
        }
        return oldestServed != null ? oldestServed : oldest;
    }
}
