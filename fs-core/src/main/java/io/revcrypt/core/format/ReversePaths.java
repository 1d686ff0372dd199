package io.revcrypt.core.format;

import java.nio.charset.StandardCharsets;

/**
 * Cipher paths of reverse mode, computed from plaintext paths alone: every directory IV is derived
 * from its own cipher path (spec §6.3), so no listing is needed. The view, the control socket and
 * selective restore all translate paths this way.
 */
public final class ReversePaths {

    private final NameTransform names;
    private final FormatOptions format;

    public ReversePaths(NameTransform names) {
        this.names = names;
        this.format = names.options();
    }

    /** The IV of the directory at {@code cipherDir} ({@code ""} = root). */
    public byte[] dirIv(String cipherDir) {
        if (!format.hasDirIv()) {
            return NameTransform.zeroIv();
        }
        return PathIv.derive(cipherDir, PathIv.Purpose.DIRIV);
    }

    /**
     * The cipher name of {@code plainName} in the directory {@code cipherDir}, hashed if too long.
     *
     * @throws IllegalArgumentException if the name is not a valid file name
     */
    public String cipherName(String cipherDir, byte[] plainName) {
        if (format.plaintextNames()) {
            if (!NameTransform.isValidPlainName(plainName)) {
                throw new IllegalArgumentException("not a valid file name");
            }
            return new String(plainName, StandardCharsets.UTF_8);
        }
        return names.encryptAndHash(plainName, dirIv(cipherDir));
    }

    /**
     * The cipher path of a plaintext path given as components.
     *
     * @throws IllegalArgumentException if a component is not a valid file name
     */
    public String cipherPath(byte[][] plainComponents) {
        StringBuilder cipher = new StringBuilder();
        for (byte[] name : plainComponents) {
            String c = cipherName(cipher.toString(), name);
            if (cipher.length() > 0) {
                cipher.append('/');
            }
            cipher.append(c);
        }
        return cipher.toString();
    }
}
