package io.revcrypt.fuse.ctl;

/**
 * gocryptfs's {@code ctlsocksrv.SanitizePath}: turns whatever a client sent into the canonical
 * relative form the translator expects ({@code a/b}, no leading slash, root = "").
 *
 * <ol>
 *   <li>all leading slashes are dropped;</li>
 *   <li>the rest goes through Go's {@code filepath.Clean} ({@link GoFilepath#clean});</li>
 *   <li>"." becomes "";</li>
 *   <li>a path that climbs above the root ({@code ..} or starting {@code ../}) becomes "".</li>
 * </ol>
 *
 * <p>Step 4 matches the {@code ..} <em>element</em>, not the two characters: {@code ..foo} is an
 * ordinary name and survives, as it does in gocryptfs 2.3 (checked against a live gocryptfs).
 */
final class PathSanitizer {

    private PathSanitizer() {
    }

    static String sanitize(String path) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++;
        }
        if (start == path.length()) {
            return "";
        }
        String clean = GoFilepath.clean(path.substring(start));
        if (clean.equals(".") || clean.equals("..") || clean.startsWith("../")) {
            return "";
        }
        return clean;
    }

    /** gocryptfs's warning for an input that sanitizing changed, or "" if it did not change. */
    static String warning(String input, String sanitized) {
        if (input.equals(sanitized)) {
            return "";
        }
        return "Non-canonical input path '" + input + "' has been interpreted as '" + sanitized + "'.";
    }
}
