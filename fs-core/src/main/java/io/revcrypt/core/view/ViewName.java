package io.revcrypt.core.view;

import io.revcrypt.core.format.NameTransform;

/**
 * How one plaintext entry shows in its directory's listing, as {@link EntryNaming} decides it.
 *
 * @param name            the name in the view: encrypted, hashed ({@code gocryptfs.longname.…}),
 *                        as it is (PlaintextNames), or {@code gocryptfs.conf}
 * @param encryptedLength for a hashed name the length of the full encrypted name, which its
 *                        {@code .name} companion holds; else 0
 * @param config          the root's {@code .gocryptfs.reverse.conf}, shown as {@code gocryptfs.conf}
 *                        (a flag, not the name: with PlaintextNames a real entry may have that name)
 */
record ViewName(String name, int encryptedLength, boolean config) {

    static final ViewName CONFIG = new ViewName(NameTransform.CONFIG_NAME, 0, true);

    static ViewName shown(String name) {
        return new ViewName(name, 0, false);
    }

    static ViewName hashed(String hashedName, int encryptedLength) {
        return new ViewName(hashedName, encryptedLength, false);
    }

    /** A long name shown hashed, with a {@code .name} companion after {@code gocryptfs.diriv}. */
    boolean isHashed() {
        return encryptedLength > 0;
    }

    /** The name of the {@code .name} companion; only for a hashed name. */
    String nameFileName() {
        return name + NameTransform.LONGNAME_SUFFIX;
    }
}
