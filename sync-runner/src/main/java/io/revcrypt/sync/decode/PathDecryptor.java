package io.revcrypt.sync.decode;

import io.revcrypt.core.view.PathTranslator;
import io.revcrypt.core.view.TranslationException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a whole relative cipher path into its plaintext path: the one operation the decoder
 * needs from a mount. Over the control socket in production ({@link #overSocket}); directly
 * over an in-process {@link PathTranslator} or a fake in tests.
 */
@FunctionalInterface
public interface PathDecryptor {

    /**
     * @param cipherPath relative, components joined by {@code /}, no leading or trailing slash
     * @throws TranslationException the mount answered that the path does not translate
     * @throws IOException the mount could not be asked
     */
    Plaintext decrypt(String cipherPath) throws TranslationException, IOException;

    /**
     * Many paths at once, answered in order: a {@link Plaintext}, or null where that path does
     * not translate. By default one by one; a source that can do better overrides it.
     *
     * @throws IOException the source could not be asked
     */
    default List<Plaintext> decryptMany(List<String> cipherPaths) throws IOException {
        List<Plaintext> out = new ArrayList<>(cipherPaths.size());
        for (String path : cipherPaths) {
            try {
                out.add(decrypt(path));
            } catch (TranslationException e) {
                out.add(null);
            }
        }
        return out;
    }

    /**
     * A whole directory's names in one go (revcrypt's own socket can; gocryptfs's cannot).
     *
     * @return the listing, or null where this source cannot list directories
     * @throws TranslationException the source could not list this directory
     * @throws IOException the source could not be asked
     */
    default CtlListing listDirectory(String cipherDir) throws TranslationException, IOException {
        return null;
    }

    /**
     * A plaintext path; {@code exact} is false when the source could only give an
     * approximation (gocryptfs's socket replaces bytes that are not UTF-8 with U+FFFD).
     */
    record Plaintext(byte[] path, boolean exact) {
    }

    /** Asks a control socket; an error answer becomes a {@link TranslationException}. */
    static PathDecryptor overSocket(CtlClient client) {
        return cipherPath -> {
            CtlResponse response = client.decryptPath(cipherPath);
            if (!response.ok()) {
                throw new TranslationException(response.errNo(), response.errText());
            }
            return new Plaintext(response.resultBytes(), response.exact());
        };
    }

    /**
     * Asks revcrypt's own control socket, many paths per round trip ({@link CtlClient#decryptPaths}).
     * Not for gocryptfs's socket, which takes one request per read.
     */
    static PathDecryptor overOwnSocket(CtlClient client) {
        PathDecryptor single = overSocket(client);
        return new PathDecryptor() {
            @Override
            public Plaintext decrypt(String cipherPath) throws TranslationException, IOException {
                return single.decrypt(cipherPath);
            }

            @Override
            public List<Plaintext> decryptMany(List<String> cipherPaths) throws IOException {
                List<Plaintext> out = new ArrayList<>(cipherPaths.size());
                for (CtlResponse r : client.decryptPaths(cipherPaths)) {
                    out.add(r.ok() ? new Plaintext(r.resultBytes(), r.exact()) : null);
                }
                return out;
            }

            @Override
            public CtlListing listDirectory(String cipherDir) throws TranslationException, IOException {
                return client.listDirectory(cipherDir);
            }
        };
    }

    /** Asks an in-process translator, which always has the exact bytes. */
    static PathDecryptor of(PathTranslator translator) {
        return cipherPath -> new Plaintext(translator.decryptPath(cipherPath), true);
    }
}
