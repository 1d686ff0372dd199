package io.revcrypt.fuse.ctl;

/**
 * Go's {@code path/filepath.Clean} on Unix (separator {@code /}, no volume names), ported line by
 * line so that our canonical paths, and therefore our {@code WarnText}s, match gocryptfs's.
 *
 * <p>The rules, applied until nothing changes: collapse repeated slashes; drop {@code .}
 * elements; drop each {@code ..} together with the element before it; drop {@code ..} right after
 * the root; drop a trailing slash (except for "/"); an empty result is ".". Working on Java chars
 * is equivalent to Go's bytes because {@code /} and {@code .} never occur inside a multi-byte
 * sequence.
 */
final class GoFilepath {

    private GoFilepath() {
    }

    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.charAt(0) == '/';
        int n = path.length();
        // Go writes into a lazily copied buffer; a StringBuilder with an explicit write index
        // ("w", Go's out.w) lets us back up over removed elements the same way.
        StringBuilder out = new StringBuilder(n);
        int w = 0;
        int r = 0;
        int dotdot = 0; // index where a leading ".." run ends; we may not back up past it
        if (rooted) {
            w = put(out, w, '/');
            r = 1;
            dotdot = 1;
        }
        while (r < n) {
            char c = path.charAt(r);
            if (c == '/') {
                r++; // empty element
            } else if (c == '.' && (r + 1 == n || path.charAt(r + 1) == '/')) {
                r++; // "." element
            } else if (c == '.' && path.charAt(r + 1) == '.' && (r + 2 == n || path.charAt(r + 2) == '/')) {
                r += 2; // ".." element: remove the last element written
                if (w > dotdot) {
                    w--;
                    while (w > dotdot && out.charAt(w) != '/') {
                        w--;
                    }
                } else if (!rooted) {
                    // Cannot back up past the start of a relative path: keep the "..".
                    if (w > 0) {
                        w = put(out, w, '/');
                    }
                    w = put(out, w, '.');
                    w = put(out, w, '.');
                    dotdot = w;
                }
            } else {
                // A real element: add a separator if needed, then copy it.
                if ((rooted && w != 1) || (!rooted && w != 0)) {
                    w = put(out, w, '/');
                }
                for (; r < n && path.charAt(r) != '/'; r++) {
                    w = put(out, w, path.charAt(r));
                }
            }
        }
        if (w == 0) {
            return ".";
        }
        return out.substring(0, w);
    }

    private static int put(StringBuilder out, int w, char c) {
        if (w < out.length()) {
            out.setCharAt(w, c);
        } else {
            out.append(c);
        }
        return w + 1;
    }
}
