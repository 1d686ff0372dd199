package io.revcrypt.core.view;

import java.util.List;

/**
 * One directory of the view as {@link PathTranslator#listDirectory} gives it.
 *
 * @param plainDir the directory's plaintext path (relative, empty for the root)
 * @param entries  its entries in listing order, virtual ones included
 */
public record DirectoryListing(byte[] plainDir, List<DirEntryPlus> entries) {
}
