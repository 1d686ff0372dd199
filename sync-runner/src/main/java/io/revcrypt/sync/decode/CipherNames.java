package io.revcrypt.sync.decode;

/**
 * What names in a gocryptfs v2 encrypted view look like (spec §6): an encrypted name is
 * unpadded URL-safe base64 of a whole number of 16-byte blocks; a hashed long name is
 * {@code gocryptfs.longname.} plus 43 base64 characters, with a virtual {@code .name}
 * companion; every directory has a virtual {@code gocryptfs.diriv}, the root a
 * {@code gocryptfs.conf}. None of them contains a space, a TAB, a quote or a byte that rsync
 * would escape — which is what lets the parser split rsync's lines safely.
 */
final class CipherNames {

    static final String LONG_NAME_PREFIX = "gocryptfs.longname.";
    static final String NAME_FILE_SUFFIX = ".name";
    static final String DIR_IV = "gocryptfs.diriv";
    static final String CONFIG = "gocryptfs.conf";
    /** The plaintext name gocryptfs shows as {@link #CONFIG} in the root of a reverse view. */
    static final String PLAIN_CONFIG = ".gocryptfs.reverse.conf";

    private static final int HASH_CHARS = 43; // base64 of SHA-256, unpadded

    private CipherNames() {
    }

    /** {@code gocryptfs.longname.<43 chars>}, the hashed stand-in for a long encrypted name. */
    static boolean isLongName(String component) {
        return component.length() == LONG_NAME_PREFIX.length() + HASH_CHARS
                && component.startsWith(LONG_NAME_PREFIX)
                && isBase64Url(component, LONG_NAME_PREFIX.length(), component.length());
    }

    /** {@code gocryptfs.longname.<43 chars>.name}, the virtual file holding the full name. */
    static boolean isLongNameFile(String component) {
        return component.endsWith(NAME_FILE_SUFFIX)
                && isLongName(component.substring(0, component.length() - NAME_FILE_SUFFIX.length()));
    }

    /**
     * An EME-encrypted name: base64url of 16·k bytes. Lengths are ceil(64k/3) for k = 1..11
     * (22, 43, 64, …, 235); a longer one does not fit a 255-byte file name and is hashed.
     */
    static boolean isEncryptedName(String component) {
        int length = component.length();
        if (length < 22 || length > 255 || !isBase64Url(component, 0, length)) {
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
        return isEncryptedName(component) || isLongName(component) || isLongNameFile(component)
                || component.equals(DIR_IV) || component.equals(CONFIG);
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
            if (isLongName(component)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBase64Url(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
