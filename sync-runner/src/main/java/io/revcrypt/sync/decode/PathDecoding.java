package io.revcrypt.sync.decode;

import java.util.ArrayList;
import java.util.List;

/** The outcome of decoding one cipher path: a plaintext path, or why there is none. */
public sealed interface PathDecoding {

    /**
     * A plaintext path (raw bytes, relative, no trailing slash; empty for the root).
     *
     * @param directory shown with a trailing {@code /}, as rsync shows directories
     * @param virtual   which gocryptfs-internal file this was, if any
     * @param exact     false when the name could only be approximated (see {@link PathDecryptor.Plaintext})
     * @param fromJournal the socket could not decode it; the name journal of earlier runs did
     */
    record Decoded(byte[] plainPath, boolean directory, VirtualEntry virtual, boolean exact, boolean fromJournal)
            implements PathDecoding {

        /** The path as rsync would print it: escaped, {@code ./} for the root, {@code /} after directories. */
        public String display() {
            if (plainPath.length == 0) {
                return "./";
            }
            String escaped = RsyncEscapes.escape(plainPath);
            return directory ? escaped + "/" : escaped;
        }

        /** Bracketed notes for the reader, such as {@code [dir IV]}; empty when there are none. */
        public List<String> markers() {
            List<String> markers = new ArrayList<>(2);
            if (virtual != VirtualEntry.NONE) {
                markers.add(virtual.marker());
            }
            if (!exact) {
                markers.add(APPROXIMATE_MARKER);
            }
            return markers;
        }
    }

    /** No plaintext: {@code reason} says why, for the {@code [not decoded: …]} mark. */
    record Failed(String reason) implements PathDecoding {
    }

    /** Shown after a name that the mount could only give with U+FFFD for bytes that are not UTF-8. */
    String APPROXIMATE_MARKER = "[approximate name: not valid UTF-8]";
}
