package io.revcrypt.fuse.ctl;

import java.nio.charset.StandardCharsets;

/**
 * Bounds on the paths a control socket request may ask about, checked after sanitizing and before
 * the translator sees the path.
 *
 * <p>Why: the translator resolves a path one component at a time, and parts of it recurse per
 * component; a request of 20,000 tiny components fits in a request and used to end in a
 * {@link StackOverflowError}. No path the kernel would accept on the mount is longer than
 * {@code PATH_MAX}, so nothing a real client asks is refused; and since every component takes at
 * least one byte plus a slash, 4095 bytes already imply at most 2048 components. The component
 * limit is checked on its own all the same, so the bound on recursion does not hinge on that
 * arithmetic.
 *
 * <p>The answer is gocryptfs's error shape with {@code ErrNo} 36 ({@code ENAMETOOLONG}) and Go's
 * text for it, followed by which limit the path broke.
 */
final class PathLimits {

    /** Linux's {@code PATH_MAX} (4096) less the terminating NUL. */
    static final int MAX_PATH_BYTES = 4095;
    /** The most components a path of {@link #MAX_PATH_BYTES} can have ("a/a/…/a"). */
    static final int MAX_COMPONENTS = 2048;
    static final int ENAMETOOLONG = 36;

    private PathLimits() {
    }

    /**
     * Null if {@code sanitizedPath} (relative, no empty components) is within the limits,
     * otherwise the error text of the refusal.
     */
    static String violation(String sanitizedPath) {
        return violation(sanitizedPath, MAX_PATH_BYTES, MAX_COMPONENTS);
    }

    /** {@link #violation(String)} with other limits, so tests can reach each check. */
    static String violation(String sanitizedPath, int maxBytes, int maxComponents) {
        int bytes = sanitizedPath.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            return "file name too long: the path has " + bytes + " bytes, more than PATH_MAX (" + maxBytes + ")";
        }
        int components = countComponents(sanitizedPath);
        if (components > maxComponents) {
            return "file name too long: the path has " + components + " components, more than " + maxComponents;
        }
        return null;
    }

    /** The refusal as an answer; {@code warnText} is kept so a client still learns how its input was read. */
    static ControlResponse refusal(String violation, String warnText) {
        return ControlResponse.failure(ENAMETOOLONG, violation, warnText);
    }

    private static int countComponents(String path) {
        if (path.isEmpty()) {
            return 0;
        }
        int count = 1;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                count++;
            }
        }
        return count;
    }
}
