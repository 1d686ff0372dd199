package io.revcrypt.sync.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where revcrypt keeps its own files. State (logs, name journals, job files) lives in
 * {@code $REVCRYPT_STATE_DIR}, else {@code $XDG_STATE_HOME/revcrypt}, else
 * {@code ~/.local/state/revcrypt}; runtime files (pid files, private mount points, sockets) in
 * {@code $XDG_RUNTIME_DIR/revcrypt}, else {@code /tmp/revcrypt-<uid>}. Both are created 0700.
 */
public final class RuntimeDirs {

    private RuntimeDirs() {
    }

    public static Path state() {
        String explicit = System.getenv("REVCRYPT_STATE_DIR");
        Path dir;
        if (explicit != null && !explicit.isEmpty()) {
            dir = Path.of(explicit);
        } else {
            String xdg = System.getenv("XDG_STATE_HOME");
            dir = xdg != null && !xdg.isEmpty() ? Path.of(xdg, "revcrypt")
                    : Path.of(System.getProperty("user.home"), ".local", "state", "revcrypt");
        }
        return privateDir(dir);
    }

    /**
     * The status record of each destination ({@code run.StatusStore}) and, beside it, the mark of
     * a run to it in progress ({@code session.RunInProgress}).
     */
    public static Path statusDir() {
        return privateDir(state().resolve("status"));
    }

    public static Path runtime() {
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        Path dir = xdg != null && !xdg.isEmpty() && Files.isDirectory(Path.of(xdg)) ? Path.of(xdg, "revcrypt")
                : Path.of(System.getProperty("java.io.tmpdir"), "revcrypt-" + uid());
        return privateDir(dir);
    }

    /** A 0700 directory owned by us; refuses a symlink or someone else's directory in /tmp. */
    public static Path privateDir(Path dir) {
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir.getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // created by a concurrent run: checked below like any existing one
                }
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw UserException.failed(dir + " should be a directory of revcrypt's, but is something else");
            }
            int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (owner != uid()) {
                throw UserException.failed(dir + " belongs to another user; refusing to use it");
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            return dir;
        } catch (IOException e) {
            // a read-only or full disk under the state dir: one line for the person, not a stack trace
            throw UserException.failed("cannot create revcrypt's directory " + dir + ": " + IoReason.of(e)
                    + " (set REVCRYPT_STATE_DIR or XDG_RUNTIME_DIR to a writable place)");
        }
    }

    /**
     * This process's user id, from the JDK's own small native call: loading our libc binding
     * only for this would cost a quarter of a second on the way to every mount and sync.
     */
    public static int uid() {
        return (int) new com.sun.security.auth.module.UnixSystem().getUid();
    }

    /** A short stable name for a path, for file names derived from it. */
    public static String key(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
