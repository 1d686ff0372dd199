package io.revcrypt.sync.decode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Finds the cipher path inside a path quoted by one of rsync's messages. rsync quotes the full
 * path through the mount ({@code send_files failed to open "/run/x/mnt/AbC…": …}), the
 * transfer-relative path ({@code skipping non-regular file "AbC…"}), or a destination path.
 *
 * <ul>
 *   <li>Under the mount point: the rest is a cipher path, shown under the plaintext source
 *       root when one is configured, else relative.</li>
 *   <li>Relative and shaped like a cipher path: decoded as is.</li>
 *   <li>Absolute elsewhere (a destination, or no mount point configured): the longest tail made
 *       of cipher names is decoded and the head kept, e.g. {@code /backup/dir one/file}.</li>
 *   <li>Anything else has nothing to decode and is left alone.</li>
 * </ul>
 */
final class MessagePaths {

    /** What to decode, and what to show in front of the decoded path. */
    record Split(String displayPrefix, byte[] cipherPath) {
    }

    private final List<byte[]> mountPrefixes = new ArrayList<>();
    private final String sourceRootDisplay;

    /**
     * @param mountPoint where the view is mounted, or null
     * @param sourceRoot the plaintext directory behind it, for display only, or null
     */
    MessagePaths(Path mountPoint, Path sourceRoot) {
        if (mountPoint != null) {
            addMountPrefix(mountPoint.toString());
            addMountPrefix(mountPoint.toAbsolutePath().normalize().toString());
        }
        this.sourceRootDisplay = sourceRoot == null ? null
                : RsyncEscapes.escape(stripTrailingSlashes(sourceRoot.toString()).getBytes(StandardCharsets.UTF_8));
    }

    private void addMountPrefix(String mount) {
        String stripped = stripTrailingSlashes(mount);
        if (!stripped.isEmpty()) {
            mountPrefixes.add(stripped.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** @param quotedPath the path from the message, rsync's escapes undone */
    Optional<Split> split(byte[] quotedPath) {
        for (byte[] mount : mountPrefixes) {
            if (startsWith(quotedPath, mount)
                    && (quotedPath.length == mount.length || quotedPath[mount.length] == '/')) {
                byte[] relative = Arrays.copyOfRange(quotedPath, Math.min(quotedPath.length, mount.length + 1),
                        quotedPath.length);
                return Optional.of(new Split(sourceRootDisplay == null ? "" : sourceRootDisplay + "/", relative));
            }
        }
        String ascii = new String(quotedPath, StandardCharsets.ISO_8859_1);
        if (!ascii.startsWith("/")) {
            return CipherNames.looksLikeCipherPath(ascii) ? Optional.of(new Split("", quotedPath)) : Optional.empty();
        }
        return cipherTail(ascii);
    }

    /** {@code /dest/AbC…/DeF…} → keep {@code /dest/}, decode {@code AbC…/DeF…}. */
    private static Optional<Split> cipherTail(String absolute) {
        boolean directory = absolute.endsWith("/");
        String body = stripTrailingSlashes(absolute);
        String[] components = body.split("/", -1);
        int first = components.length;
        while (first > 1 && CipherNames.isCipherComponent(components[first - 1])) {
            first--;
        }
        if (first == components.length) {
            return Optional.empty();
        }
        String head = String.join("/", Arrays.asList(components).subList(0, first)) + "/";
        String tail = String.join("/", Arrays.asList(components).subList(first, components.length));
        return Optional.of(new Split(RsyncEscapes.escape(head.getBytes(StandardCharsets.ISO_8859_1)),
                (directory ? tail + "/" : tail).getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        return a.length >= prefix.length && Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static String stripTrailingSlashes(String s) {
        int end = s.length();
        while (end > 1 && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(0, end);
    }
}
