package io.revcrypt.sync.copy;

import io.revcrypt.core.forward.CipherTree;
import io.revcrypt.core.view.PlainPath;
import java.io.IOException;

/**
 * What restore and verify do with the entries of a copy, as a {@link CopyReader} hands them over
 * (a {@link CipherTree.Visitor}, plus what a selective or batched read needs).
 */
public interface CopyVisitor extends CipherTree.Visitor {

    /**
     * A directory on the way to a selected path: it exists in the copy, but only the selected
     * part of its content follows. Never the root.
     */
    default void ancestor(CipherTree.Entry dir) throws IOException {
    }

    /** A selected plaintext path the copy does not hold ({@code cipherPath} is where it would be, or null). */
    default void missing(PlainPath path, String cipherPath) {
    }

    /**
     * Waits until every file handed to {@link #file} so far has been dealt with (workers may
     * still read them); a batched reader calls it before it deletes staged files.
     */
    default void awaitFiles() throws IOException {
    }
}
