package io.revcrypt.sync.decode;

import io.revcrypt.core.format.NameTransform;

/**
 * What names in a gocryptfs v2 encrypted view look like (spec §6): an encrypted name is
 * unpadded URL-safe base64 of a whole number of 16-byte blocks; a hashed long name is
 * {@code gocryptfs.longname.} plus 43 base64 characters, with a virtual {@code .name}
 * companion; every directory has a virtual {@code gocryptfs.diriv}, the root a
 * {@code gocryptfs.conf}. None of them contains a space, a TAB, a quote or a byte that rsync
 * would escape — which is what lets the parser split rsync's lines safely. The names and the
 * long-name rules are {@link NameTransform}'s; what is here is only the recognising of them in
 * rsync's text.
 */
final class CipherNames {

    private CipherNames() {
    }

    /**
     * An EME-encrypted name: base64url of 16·k bytes. Lengths are ceil(64k/3) for k = 1..11
     * (22, 43, 64, …, 235); a longer one does not fit a 255-byte file name and is hashed.
     */
    static boolean isEncryptedName(String component) {
        int length = component.length();
        if (length < 22 || length > 255 || !NameTransform.isBase64Url(component, 0, length)) {
            return false;
        }
        for (int blocks = 1; blocks <= 11; blocks++) {
            if (length == (64 * blocks + 2) / 3) {
                return true;
            }
        }
        return false;
    }

    /** Any name that can appear in an encrypted view. */
    static boolean isCipherComponent(String component) {
        return isEncryptedName(component) || NameTransform.isHashedLongName(component)
                || NameTransform.isHashedLongNameFile(component)
                || component.equals(NameTransform.DIRIV_NAME) || component.equals(NameTransform.CONFIG_NAME);
    }

    /**
     * A relative path made only of cipher components, optionally ending with {@code /}, or
     * rsync's {@code ./} for the root. Used to recognise the bare names {@code -v} prints.
     */
    static boolean looksLikeCipherPath(String path) {
        if (path.equals("./") || path.equals(".")) {
            return true;
        }
        String body = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (body.isEmpty()) {
            return false;
        }
        for (String component : body.split("/", -1)) {
            if (!isCipherComponent(component)) {
                return false;
            }
        }
        return true;
    }

    /** Whether any component is a hashed long name (the socket may fail on those later). */
    static boolean containsLongName(String cipherPath) {
        for (String component : cipherPath.split("/")) {
            if (NameTransform.isHashedLongName(component)) {
                return true;
            }
        }
        return false;
    }
}
