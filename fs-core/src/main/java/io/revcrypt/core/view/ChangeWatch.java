package io.revcrypt.core.view;

/**
 * Told when a file of the view was written while it was being read: the reader may have got
 * blocks of two versions (each block authentic, the file as a whole no version at all; a block
 * served in two pieces still comes from one encryption, see {@link SplitBlocks}). Whoever copies the view reads such a file again (design §6: a file that changes
 * while it is copied is copied again or reported). Called from the view's reading threads; must
 * be quick and must not throw.
 */
@FunctionalInterface
public interface ChangeWatch {

    ChangeWatch NONE = cipherPath -> { };

    /** {@code cipherPath}, as the view shows it, changed while read (reported once per read that saw it). */
    void changedWhileRead(String cipherPath);
}
