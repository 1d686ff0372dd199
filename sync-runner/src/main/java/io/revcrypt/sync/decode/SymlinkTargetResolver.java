package io.revcrypt.sync.decode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the plaintext target of a symlink, for the {@code -> target} part of rsync's lines.
 *
 * <p>Why a hook: in the view a symlink's target is AES-SIV-encrypted content, not a path, and
 * the control socket only translates paths; the decoder has no key. Whoever has the plaintext
 * tree (the sync command knows SRC) can read the target there. Without one the decoder shows
 * {@code -> (encrypted target)}. The target read is the current one, which may differ from
 * what rsync copied if the link changed meanwhile — it is for display only.
 */
@FunctionalInterface
public interface SymlinkTargetResolver {

    /** Shown instead of a target nobody could resolve. */
    String UNRESOLVED = "(encrypted target)";

    /**
     * @param plainLinkPath relative plaintext path of the link, raw bytes
     * @return the raw bytes of its target, or empty when unknown
     */
    Optional<byte[]> plainTarget(byte[] plainLinkPath);

    /** Resolves nothing. */
    SymlinkTargetResolver NONE = plainLinkPath -> Optional.empty();

    /**
     * Reads targets with {@code readlink} under a plaintext root. Refuses to pass through a
     * symlinked directory on the way (a tree changed during the run must not make it read
     * outside the root). Java paths cannot hold names that are not UTF-8; such links stay
     * unresolved.
     */
    static SymlinkTargetResolver underPlainRoot(Path plainRoot) {
        Objects.requireNonNull(plainRoot, "plainRoot");
        return plainLinkPath -> {
            try {
                String relative = new String(plainLinkPath, StandardCharsets.UTF_8);
                if (!Arrays.equals(relative.getBytes(StandardCharsets.UTF_8), plainLinkPath)) {
                    return Optional.empty();
                }
                Path link = plainRoot;
                String[] components = relative.split("/");
                for (int i = 0; i < components.length; i++) {
                    String component = components[i];
                    if (component.isEmpty() || component.equals(".") || component.equals("..")) {
                        return Optional.empty();
                    }
                    link = link.resolve(component);
                    if (i < components.length - 1 && !Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) {
                        return Optional.empty();
                    }
                }
                if (!Files.isSymbolicLink(link)) {
                    return Optional.empty();
                }
                return Optional.of(Files.readSymbolicLink(link).toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException | InvalidPathException | SecurityException e) {
                return Optional.empty();
            }
        };
    }
}
