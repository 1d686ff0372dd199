package io.revcrypt.sync.decode;

import io.revcrypt.core.format.NameTransform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CipherNamesTest {

    // names seen in a real gocryptfs 2.3 -reverse view
    private static final String SHORT = "34dFDmE2D24zUnc53gc8tQ";            // 1 block
    private static final String TWO_BLOCKS = "dLa4snWMYYWslTaLIeL_HUFlUgrQAuAZwm536-40fEs";
    private static final String LONG = "gocryptfs.longname.EfrK03pEWti6wqfDfaoKqZp-SjTd6JFCEuxa1QjpxIw";

    @Test
    void recognisesEveryKindOfViewName() {
        assertTrue(CipherNames.isEncryptedName(SHORT));
        assertTrue(CipherNames.isEncryptedName(TWO_BLOCKS));
        assertTrue(CipherNames.isEncryptedName("-ob00jiyVXDccWn56zi0eQ"));
        assertTrue(NameTransform.isHashedLongName(LONG));
        assertTrue(NameTransform.isHashedLongNameFile(LONG + ".name"));
        assertTrue(CipherNames.isCipherComponent("gocryptfs.diriv"));
        assertTrue(CipherNames.isCipherComponent("gocryptfs.conf"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"done", "hello.txt", "34dFDmE2D24zUnc53gc8t", "34dFDmE2D24zUnc53gc8tQQ",
            "34dFDmE2D24zUnc53gc8t=", "34dFDmE2D24zUnc53gc8t Q", "gocryptfs.longname.short",
            "sending", ""})
    void rejectsWhatIsNotAViewName(String name) {
        assertFalse(CipherNames.isCipherComponent(name));
    }

    @Test
    void cipherPaths() {
        assertTrue(CipherNames.looksLikeCipherPath("./"));
        assertTrue(CipherNames.looksLikeCipherPath(SHORT + "/"));
        assertTrue(CipherNames.looksLikeCipherPath(SHORT + "/" + LONG + "/gocryptfs.diriv"));
        assertFalse(CipherNames.looksLikeCipherPath("sending incremental file list"));
        assertFalse(CipherNames.looksLikeCipherPath("/" + SHORT));
        assertFalse(CipherNames.looksLikeCipherPath(SHORT + "//" + SHORT));
        assertFalse(CipherNames.looksLikeCipherPath("/"));
        assertTrue(CipherNames.containsLongName(SHORT + "/" + LONG + "/" + SHORT));
        assertFalse(CipherNames.containsLongName(SHORT + "/" + LONG + ".name"));
    }
}
