package io.revcrypt.core.view;

/**
 * One entry of a view directory listing: the cipher name as the mount shows it and its file type
 * bits ({@code S_IFREG} etc.; 0 when the backing filesystem did not say).
 */
public record DirEntry(String cipherName, int type) {
}
