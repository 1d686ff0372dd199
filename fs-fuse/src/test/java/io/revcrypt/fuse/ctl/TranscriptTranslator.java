package io.revcrypt.fuse.ctl;

import io.revcrypt.core.view.PathTranslator;
import io.revcrypt.core.view.TranslationException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A stand-in for the reverse view that knows exactly the translations in the recorded gocryptfs
 * transcript ({@code vectors.json} → {@code ctlsock_transcript}); every other cipher name is
 * "no such file", like an undecodable name in gocryptfs.
 */
final class TranscriptTranslator implements PathTranslator {

    static final String DEEP_PLAIN = "dir1/sub/deep.txt";
    static final String DEEP_CIPHER = "gjRGyPU7Yy0oajCJvtxFOg/WYYlt7OY5wuvaNa2Kh_EJA/ne0MM_8W7NPABQJpQAkw3A";

    private static final Map<String, String> ENCRYPT = Map.of(
            DEEP_PLAIN, DEEP_CIPHER,
            "n".repeat(176), "gocryptfs.longname.N74iwka8J1gAbcS5Eo7n8K7Ub4EwIaz4wp8dU59RhaE",
            "does/not/exist", "HoBSGWphl9Ul2djOW_2g0w/zt7OhrMC97DroKS71RZ-1w/CHisS87bFAvargLaYk8jPw");

    private static final Map<String, String> DECRYPT = Map.of(DEEP_CIPHER, DEEP_PLAIN);

    @Override
    public String encryptPath(byte[] plainPath) throws TranslationException {
        String cipher = ENCRYPT.get(new String(plainPath, StandardCharsets.UTF_8));
        if (cipher == null) {
            throw new AssertionError("transcript has no encryption of " + new String(plainPath, StandardCharsets.UTF_8));
        }
        return cipher;
    }

    @Override
    public byte[] decryptPath(String cipherPath) throws TranslationException {
        String plain = DECRYPT.get(cipherPath);
        if (plain == null) {
            throw TranslationException.noSuchFile();
        }
        return plain.getBytes(StandardCharsets.UTF_8);
    }
}
