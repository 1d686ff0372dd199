package io.revcrypt.core.testsupport;

import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.crypto.MasterKey;
import io.revcrypt.core.format.FormatOptions;
import io.revcrypt.core.forward.CipherTree;
import io.revcrypt.core.view.ExclusionRules;
import io.revcrypt.core.view.ReverseView;
import io.revcrypt.core.view.ViewOptions;
import java.nio.file.Path;

/** Opening views and cipher trees with a fixed test key. */
public final class Views {

    private Views() {
    }

    public static MasterKey testKey() {
        return MasterKey.of(Vectors.masterKey());
    }

    public static ReverseView open(Path plain) throws Exception {
        return open(plain, ExclusionRules.none());
    }

    public static ReverseView open(Path plain, ExclusionRules exclusions) throws Exception {
        try (MasterKey mk = testKey()) {
            return ReverseView.open(ViewOptions.defaults(plain).withExclusions(exclusions), CryptoCore.derive(mk));
        }
    }

    /** A forward reader of a copy made with the test key; close the returned core when done. */
    public static CipherTree cipherTree(Path copy, CryptoCore core) {
        return new CipherTree(copy, core, FormatOptions.reverseDefaults());
    }

    public static CryptoCore testCore() {
        try (MasterKey mk = testKey()) {
            return CryptoCore.derive(mk);
        }
    }
}
