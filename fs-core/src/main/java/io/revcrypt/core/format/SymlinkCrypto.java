package io.revcrypt.core.format;

import io.revcrypt.core.crypto.AuthenticationException;
import io.revcrypt.core.crypto.CryptoCore;
import java.util.Arrays;
import java.util.Base64;

/**
 * Symlink targets (spec §7): {@code b64u(nonce || AEAD(target))} with associated data
 * {@code be64(0)}. In reverse mode the nonce is the {@code SYMLINKIV} path IV of gocryptfs 2.3's
 * doubled path {@code <cipher path of the link>/<cipher name of the link>} — a quirk that must be
 * copied for byte-identical targets.
 */
public final class SymlinkCrypto {

    /** Targets longer than this cannot be shown: their encryption would exceed 4096 characters. */
    public static final int MAX_TARGET = 3040;

    private static final byte[] AAD = new byte[8];

    private final CryptoCore core;
    private final boolean aesSiv;

    public SymlinkCrypto(CryptoCore core, boolean aesSiv) {
        this.core = core;
        this.aesSiv = aesSiv;
    }

    /** gocryptfs 2.3's nonce path of a link: its cipher path joined with its own cipher name. */
    public static String noncePath(String linkCipherPath) {
        int slash = linkCipherPath.lastIndexOf('/');
        String base = slash < 0 ? linkCipherPath : linkCipherPath.substring(slash + 1);
        return linkCipherPath + "/" + base;
    }

    public String encryptTarget(byte[] target, String linkCipherPath) {
        byte[] nonce = PathIv.derive(noncePath(linkCipherPath), PathIv.Purpose.SYMLINKIV);
        byte[] out = new byte[ContentCrypto.NONCE_LENGTH + 16 + target.length];
        System.arraycopy(nonce, 0, out, 0, nonce.length);
        core.siv().seal(AAD, nonce, target, 0, target.length, out, nonce.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /** Length of the shown target for a plaintext target of {@code len} bytes. */
    public static long encryptedLength(int len) {
        int raw = ContentCrypto.NONCE_LENGTH + 16 + len;
        return (raw * 4L + 2) / 3;
    }

    public byte[] decryptTarget(String shown) throws CorruptContentException {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(shown);
        } catch (IllegalArgumentException e) {
            throw new CorruptContentException("symlink target is not base64url");
        }
        if (raw.length < ContentCrypto.NONCE_LENGTH + 16) {
            throw new CorruptContentException("symlink target too short");
        }
        byte[] nonce = Arrays.copyOf(raw, ContentCrypto.NONCE_LENGTH);
        byte[] out = new byte[raw.length - ContentCrypto.NONCE_LENGTH - 16];
        try {
            if (aesSiv) {
                core.siv().open(AAD, nonce, raw, nonce.length, raw.length - nonce.length, out, 0);
            } else {
                core.gcm().decrypt(nonce, raw, nonce.length, raw.length - nonce.length, AAD, out, 0);
            }
        } catch (AuthenticationException e) {
            throw new CorruptContentException("symlink target does not authenticate (tampered or damaged)");
        }
        return out;
    }
}
