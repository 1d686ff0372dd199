package io.revcrypt.sync.copy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RsyncLeftoversTest {

    @Test
    void rsyncsStagingDirectoryAndTemporaryFilesAreRecognised() {
        assertTrue(RsyncLeftovers.describe("YwoLHKfxjuR9KUKMvOe7Dw/.~tmp~").isPresent());
        assertTrue(RsyncLeftovers.describe(".ZwRfxM9CTPkYsRtKmqaYCg.Xy12ab").isPresent());
    }

    @Test
    void aSyncsLockFileIsRecognisedAsNotPartOfTheCopy() {
        assertTrue(RsyncLeftovers.describe(".revcrypt-lock.1796635451788.575.f71242dc.vm").orElseThrow().contains("lock file"));
    }

    @Test
    void cipherNamesAndDamageAreNot() {
        assertTrue(RsyncLeftovers.describe("ZwRfxM9CTPkYsRtKmqaYCg").isEmpty());
        assertTrue(RsyncLeftovers.describe("dir/gocryptfs.diriv").isEmpty());
        assertTrue(RsyncLeftovers.describe("not-base64!").isEmpty());
        assertTrue(RsyncLeftovers.describe(null).isEmpty());
    }
}
