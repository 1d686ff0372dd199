package io.revcrypt.core.view;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Cipher path → plaintext path, for directories and hashed long names (design §5): what
 * {@link CipherPathResolver} would otherwise decrypt, or for a hashed name find by encrypting a
 * whole directory, on every lookup. Both are pure functions of the key: a remembered plaintext
 * path may no longer exist (then the walk to it fails, as it should), but it is never another
 * entry's. Bounded: past {@value #MAX_CACHED_PATHS} paths it starts again empty, which is
 * cheaper than tracking ages and costs one resolve per path afterwards.
 */
final class ResolvedPaths {

    private static final int MAX_CACHED_PATHS = 200_000;

    private final ConcurrentHashMap<String, PlainPath> byCipherPath = new ConcurrentHashMap<>();

    /** The plaintext path remembered for this cipher path, or null. */
    PlainPath get(String cipherPath) {
        return byCipherPath.get(cipherPath);
    }

    void remember(String cipherPath, PlainPath plain) {
        if (byCipherPath.size() >= MAX_CACHED_PATHS) {
            byCipherPath.clear();
        }
        byCipherPath.put(cipherPath, plain);
    }
}
