package io.revcrypt.sync.decode;

/**
 * The files a gocryptfs view adds that have no plaintext of their own, and how the decoder
 * shows them: as the plaintext they belong to, followed by a marker.
 */
public enum VirtualEntry {
    /** A real entry. */
    NONE(""),
    /** {@code gocryptfs.diriv}: shown as its directory, e.g. {@code docs/ [dir IV]}. */
    DIR_IV("[dir IV]"),
    /** The root's {@code gocryptfs.conf}: the plaintext {@code .gocryptfs.reverse.conf}, passed through. */
    CONFIG("[config]"),
    /** {@code gocryptfs.longname.X.name}: shown as the long-named entry it spells out. */
    LONG_NAME_FILE("[long-name file]");

    private final String marker;

    VirtualEntry(String marker) {
        this.marker = marker;
    }

    public String marker() {
        return marker;
    }
}
