package io.revcrypt.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Everything {@code lstat} says about every entry of a tree, plus the sha256 of each regular
 * file and the target of each symlink, and each directory's listing in readdir order. Walked with
 * java.nio without following symlinks; FIFOs and other special files are never opened.
 *
 * <p>Keys are relative {@link Path}s as listed, which keep the raw bytes of a name even when it is
 * not valid UTF-8 (a {@code Path} built from a {@code String} could not), so two trees with the
 * same byte names compare equal key by key. {@link #describe} is only for messages.
 */
public final class TreeStat {

    /** One entry: lstat fields (no inode, device or atime: they differ by design between mounts). */
    public record Entry(char type, int mode, int nlink, int uid, int gid, long rdev, long size,
            long mtimeNanos, long ctimeNanos, String sha256, String linkTarget) {

        @Override
        public String toString() {
            return type + " mode=" + Integer.toOctalString(mode) + " nlink=" + nlink + " uid=" + uid + " gid=" + gid
                    + " rdev=" + rdev + " size=" + size + " mtime=" + mtimeNanos + " ctime=" + ctimeNanos
                    + (sha256 != null ? " sha256=" + sha256 : "") + (linkTarget != null ? " -> " + linkTarget : "");
        }
    }

    private final Path root;
    private final Map<Path, Entry> entries;
    private final Map<Path, List<Path>> listings;

    private TreeStat(Path root, Map<Path, Entry> entries, Map<Path, List<Path>> listings) {
        this.root = root;
        this.entries = entries;
        this.listings = listings;
    }

    /** Walks {@code root} (not included). */
    public static TreeStat of(Path root) throws IOException {
        Map<Path, Entry> entries = new LinkedHashMap<>();
        Map<Path, List<Path>> listings = new LinkedHashMap<>();
        walk(root, root, entries, listings);
        return new TreeStat(root, entries, listings);
    }

    private static void walk(Path root, Path dir, Map<Path, Entry> entries, Map<Path, List<Path>> listings)
            throws IOException {
        List<Path> names = new ArrayList<>();
        List<Path> subdirs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                names.add(p.getFileName());
                Entry e = stat(p);
                entries.put(root.relativize(p), e);
                if (e.type() == 'd') {
                    subdirs.add(p);
                }
            }
        }
        listings.put(root.relativize(dir), names);
        for (Path sub : subdirs) {
            walk(root, sub, entries, listings);
        }
    }

    public static Entry stat(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        char type = switch (mode & 0170000) {
            case 0100000 -> 'f';
            case 0040000 -> 'd';
            case 0120000 -> 'l';
            case 0010000 -> 'p';
            case 0140000 -> 's';
            case 0020000 -> 'c';
            case 0060000 -> 'b';
            default -> '?';
        };
        String sha = type == 'f' ? sha256(p) : null;
        String target = type == 'l' ? Files.readSymbolicLink(p).toString() : null;
        return new Entry(type, mode, (Integer) a.get("nlink"), (Integer) a.get("uid"), (Integer) a.get("gid"),
                (Long) a.get("rdev"), (Long) a.get("size"), nanos(a.get("lastModifiedTime")), nanos(a.get("ctime")),
                sha, target);
    }

    private static long nanos(Object fileTime) {
        return ((FileTime) fileTime).to(TimeUnit.NANOSECONDS);
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path root() {
        return root;
    }

    public Map<Path, Entry> entries() {
        return entries;
    }

    public Entry get(Path rel) {
        return entries.get(rel);
    }

    /** Directory (relative, "" for the root) → names in the order readdir returned them. */
    public Map<Path, List<Path>> listings() {
        return listings;
    }

    public Set<Path> paths() {
        return entries.keySet();
    }

    /** A printable form of a relative path: bytes that are not printable ASCII as \xNN. */
    public static String describe(Path rel) {
        StringBuilder sb = new StringBuilder();
        for (char c : rel.toString().toCharArray()) {
            if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    /**
     * The differences between two trees, one line each (empty if equal), comparing entries with
     * {@code view} (which may blank out fields that need not match) and leaving out {@code ignored} paths.
     */
    public static List<String> differences(TreeStat expected, TreeStat actual,
            java.util.function.UnaryOperator<Entry> view, Set<Path> ignored) {
        Map<String, String> lines = new TreeMap<>();
        for (Map.Entry<Path, Entry> e : expected.entries.entrySet()) {
            if (ignored.contains(e.getKey())) {
                continue;
            }
            Entry other = actual.entries.get(e.getKey());
            String name = describe(e.getKey());
            if (other == null) {
                lines.put(name, name + ": missing in " + actual.root);
            } else if (!view.apply(e.getValue()).equals(view.apply(other))) {
                lines.put(name, name + ":\n      " + expected.root + ": " + view.apply(e.getValue())
                        + "\n      " + actual.root + ": " + view.apply(other));
            }
        }
        for (Path p : actual.entries.keySet()) {
            if (!ignored.contains(p) && !expected.entries.containsKey(p)) {
                lines.put(describe(p), describe(p) + ": only in " + actual.root);
            }
        }
        return new ArrayList<>(lines.values());
    }
}
