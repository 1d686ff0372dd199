package io.revcrypt.core.crypto;

import java.util.Arrays;

/**
 * The ciphers of one filesystem, derived once from its master key with HKDF (spec §4) and
 * owned here until {@link #close()} wipes them. The master key itself is not kept.
 */
public final class CryptoCore implements AutoCloseable {

    static final String INFO_EME = "EME filename encryption";
    static final String INFO_GCM = "AES-GCM file content encryption";
    static final String INFO_SIV = "AES-SIV file content encryption";

    private final Eme names;
    private final AesSiv siv;
    private final AesGcm gcm;

    private CryptoCore(Eme names, AesSiv siv, AesGcm gcm) {
        this.names = names;
        this.siv = siv;
        this.gcm = gcm;
    }

    /** Derives every sub-key gocryptfs v2 (HKDF flag) uses. */
    public static CryptoCore derive(MasterKey masterKey) {
        byte[] mk = masterKey.copyBytes();
        byte[] emeKey = null;
        byte[] sivKey = null;
        byte[] gcmKey = null;
        try {
            emeKey = Hkdf.sha256(mk, INFO_EME, 32);
            sivKey = Hkdf.sha256(mk, INFO_SIV, 64);
            gcmKey = Hkdf.sha256(mk, INFO_GCM, 32);
            return new CryptoCore(new Eme(emeKey), new AesSiv(sivKey), new AesGcm(gcmKey));
        } finally {
            Arrays.fill(mk, (byte) 0);
            wipe(emeKey);
            wipe(sivKey);
            wipe(gcmKey);
        }
    }

    /** EME for names. */
    public Eme names() {
        return names;
    }

    /** AES-SIV for contents and symlink targets (reverse mode; forward mode with {@code AESSIV}). */
    public AesSiv siv() {
        return siv;
    }

    /** AES-GCM for contents and symlink targets of forward filesystems without {@code AESSIV}. */
    public AesGcm gcm() {
        return gcm;
    }

    @Override
    public void close() {
        names.close();
        siv.close();
        gcm.close();
    }

    private static void wipe(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }
}
