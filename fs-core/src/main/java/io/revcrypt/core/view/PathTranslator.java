package io.revcrypt.core.view;

/**
 * Translates relative paths between the plaintext tree and the encrypted view, the two
 * operations behind gocryptfs's control socket ({@code EncryptPath} / {@code DecryptPath}).
 *
 * <p>Paths are relative, components joined by {@code /}, no leading slash; the root is never
 * asked for. Plaintext paths are raw bytes because Linux names are bytes; cipher paths are
 * ASCII. Implementations are thread-safe.
 */
public interface PathTranslator {

    /**
     * Encrypts a canonical plaintext path. Pure computation in reverse mode: the path need not
     * exist.
     */
    String encryptPath(byte[] plainPath) throws TranslationException;

    /**
     * Decrypts a canonical cipher path. Short names decrypt without touching the disk; a hashed
     * long name ({@code gocryptfs.longname.*}) needs its plaintext directory to exist.
     */
    byte[] decryptPath(String cipherPath) throws TranslationException;

    /**
     * revcrypt's extension: one directory of the view, every entry with its attributes and (for
     * real entries) its plaintext name. A translator that cannot list answers {@code ENOTSUP}.
     *
     * @param cipherDir canonical relative cipher path of a directory, {@code ""} for the root
     */
    default DirectoryListing listDirectory(String cipherDir) throws TranslationException {
        throw new TranslationException(TranslationException.ENOTSUP, "operation not supported");
    }
}
