package io.revcrypt.sync.decode;

import java.util.Optional;

/**
 * The plaintext the decoder found for the path of one segment, as parts rather than as the line
 * it printed, for output that names them field by field ({@code --json}). Names are rsync's
 * rendering ({@code \#ooo} for bytes that are not UTF-8, see {@link RsyncEscapes}).
 *
 * @param path      the plaintext path: relative to the transfer for an item ({@code .} for its
 *                  top, no trailing {@code /}); as the message names it for a message (under the
 *                  plaintext source, when the decoder knows it)
 * @param directory the entry is a directory (rsync showed it with a trailing {@code /})
 * @param virtual   which gocryptfs-internal file the entry is, or {@link VirtualEntry#NONE}
 * @param exact     false when the name could only be approximated (not valid UTF-8 in the view)
 * @param link      what follows the path: a symlink's plaintext target or a hard link's plaintext path
 */
public record PlainNames(String path, boolean directory, VirtualEntry virtual, boolean exact,
                         Optional<Link> link) {

    /** A link target as shown: the kind, and the target (plaintext path, or the unresolved marker). */
    public record Link(RsyncEvent.LinkKind kind, String target) {
    }

    static PlainNames of(PathDecoding.Decoded decoded, Optional<Link> link) {
        String path = decoded.plainPath().length == 0 ? "." : RsyncEscapes.escape(decoded.plainPath());
        return new PlainNames(path, decoded.directory(), decoded.virtual(), decoded.exact(), link);
    }

    static PlainNames ofMessage(String shown, PathDecoding.Decoded decoded) {
        return new PlainNames(shown, decoded.directory(), decoded.virtual(), decoded.exact(), Optional.empty());
    }
}
