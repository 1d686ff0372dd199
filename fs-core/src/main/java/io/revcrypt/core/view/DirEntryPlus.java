package io.revcrypt.core.view;

/**
 * One entry of {@link ReverseView#listWithAttributes}: a {@link DirEntry} together with the
 * attributes {@link ReverseView#getattr} gives for the same path, so that a FUSE READDIRPLUS
 * reply can stand in for the lookup of every entry.
 *
 * @param cipherName the name as the mount shows it
 * @param type the file type bits from the listing ({@code S_IFREG} etc.; 0 if unknown)
 * @param attributes the entry's attributes, or {@code null} if it could not be stat'ed (it
 *                   vanished between the listing and the stat): then only the name is known
 * @param plainName  the plaintext name of a real entry (what the cipher name decrypts to), or
 *                   {@code null} for the virtual ones ({@code gocryptfs.diriv}, {@code .name},
 *                   {@code gocryptfs.conf}) and where it is not known
 */
public record DirEntryPlus(String cipherName, int type, NodeAttributes attributes, byte[] plainName) {

    public DirEntryPlus(String cipherName, int type, NodeAttributes attributes) {
        this(cipherName, type, attributes, null);
    }
}
