package io.revcrypt.sync.transport;

import java.nio.file.Path;

/**
 * Where a copy goes: a local directory, or {@code [user@]host:path} reached over ssh (rsync's own
 * syntax: a colon before any slash makes it remote). rsync daemon URLs are not supported: the
 * copy's integrity rests on ssh.
 *
 * @param host  {@code [user@]host}, or null for a local directory
 * @param path  the directory (remote paths are as the remote shell sees them)
 */
public record Destination(String host, String path) {

    public static Destination parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the destination is empty");
        }
        if (text.startsWith("rsync://") || text.contains("::")) {
            throw new IllegalArgumentException("rsync daemon destinations (" + text + ") are not supported; use [user@]host:path over ssh");
        }
        int colon = text.indexOf(':');
        int slash = text.indexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash)) {
            String host = text.substring(0, colon);
            String path = text.substring(colon + 1);
            if (path.isEmpty()) {
                path = ".";
            }
            return new Destination(host, path);
        }
        return new Destination(null, Path.of(text).toAbsolutePath().normalize().toString());
    }

    public boolean isRemote() {
        return host != null;
    }

    public Path localPath() {
        if (isRemote()) {
            throw new IllegalStateException("remote destination " + this);
        }
        return Path.of(path);
    }

    /** The destination as rsync takes it, for a subdirectory {@code sub} ("" for the top), with a trailing slash. */
    public String rsyncArg(String sub) {
        String p = sub.isEmpty() ? path : (path.endsWith("/") ? path + sub : path + "/" + sub);
        if (!p.endsWith("/")) {
            p = p + "/";
        }
        return isRemote() ? host + ":" + p : p;
    }

    /** A file inside the destination, as rsync takes it. */
    public String rsyncFile(String relative) {
        String p = path.endsWith("/") ? path + relative : path + "/" + relative;
        return isRemote() ? host + ":" + p : p;
    }

    /** The string a lock and the journal are keyed by. */
    public String key() {
        return isRemote() ? host + ":" + path : path;
    }

    @Override
    public String toString() {
        return isRemote() ? host + ":" + path : path;
    }
}
