package io.revcrypt.fuse;

import io.revcrypt.core.format.BlockLayout;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The size we last told the kernel for each regular file, and when. The kernel keeps attributes
 * for 1 s and clamps reads to the size it holds, so a file that grew or shrank after a getattr
 * but before its open would be copied cut in the middle of a block — a block that no longer
 * authenticates. Opening a file at the size the kernel believes instead gives a copy that is
 * consistent (a grown file: a valid shorter file) or an error (a shrunk one), never torn.
 */
final class SizesTold {

    /** A little over the kernel's attribute timeout. */
    static final long FRESH_NANOS = 2_000_000_000L;
    private static final int MAX_ENTRIES = 100_000;

    private record Told(long cipherSize, long at) {
    }

    private final ConcurrentHashMap<String, Told> told = new ConcurrentHashMap<>();

    void remember(String cipherPath, long cipherSize) {
        if (told.size() >= MAX_ENTRIES) {
            long now = System.nanoTime();
            told.values().removeIf(t -> now - t.at > FRESH_NANOS);
            if (told.size() >= MAX_ENTRIES) {
                told.clear();
            }
        }
        told.put(cipherPath, new Told(cipherSize, System.nanoTime()));
    }

    /** The plaintext size the kernel holds for this file, or -1 if we told it nothing recently. */
    long plainSizeKernelHolds(String cipherPath) {
        Told t = told.get(cipherPath);
        if (t == null || System.nanoTime() - t.at > FRESH_NANOS) {
            return -1;
        }
        return BlockLayout.plainSize(t.cipherSize);
    }
}
