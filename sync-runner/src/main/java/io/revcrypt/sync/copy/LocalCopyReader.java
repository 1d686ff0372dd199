package io.revcrypt.sync.copy;

import io.revcrypt.core.format.BlockLayout;
import io.revcrypt.core.format.NameTransform;
import io.revcrypt.core.forward.CipherTree;
import io.revcrypt.core.view.PlainPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A copy on a local disk (a mirror, a snapshot, {@code DEST/latest}), read in place: nothing is
 * staged. Selected paths are found without listing: their cipher names are computed from the
 * directory IVs on disk.
 */
public final class LocalCopyReader implements CopyReader {

    static final String ATTRS = "unix:mode,uid,gid,size,lastModifiedTime,lastAccessTime,ino,nlink";

    private final CipherTree tree;
    private final CipherPaths paths;
    private final Progress progress;

    public LocalCopyReader(CipherTree tree, CipherPaths paths, Progress progress) {
        this.tree = tree;
        this.paths = paths;
        this.progress = progress;
    }

    @Override
    public void read(List<PlainPath> selections, CopyVisitor visitor) throws IOException {
        Path root = tree.root();
        List<PlainPath> wanted = CopyReader.normalize(selections);
        if (wanted.isEmpty()) {
            long[] totals = new long[2];
            scan(root, totals);
            progress.total(totals[0], totals[1]);
            tree.walk("", PlainPath.root(), visitor); // reports the root too (for its attributes)
            visitor.awaitFiles();
            return;
        }
        record Found(PlainPath plain, List<String> components) {
        }
        List<Found> found = new ArrayList<>();
        long[] totals = new long[2];
        for (PlainPath p : wanted) {
            List<String> components = paths.resolve(p, dir -> readDirIv(dir.isEmpty() ? root : root.resolve(dir)));
            if (components == null) {
                visitor.missing(p, null);
                continue;
            }
            String cipher = CipherPaths.join(components, components.size());
            if (!Files.exists(root.resolve(cipher), LinkOption.NOFOLLOW_LINKS)) {
                visitor.missing(p, cipher);
                continue;
            }
            found.add(new Found(p, components));
            scan(root.resolve(cipher), totals);
        }
        progress.total(totals[0], totals[1]);
        for (Found f : found) {
            if (ancestors(f.plain(), f.components(), visitor)) {
                tree.walk(CipherPaths.join(f.components(), f.components().size()), f.plain(), visitor);
            }
        }
        visitor.awaitFiles();
    }

    /** Hands over the directories above a selected path; false if one of them is not a directory. */
    private boolean ancestors(PlainPath plain, List<String> components, CopyVisitor visitor) throws IOException {
        PlainPath p = PlainPath.root();
        for (int i = 0; i < components.size() - 1; i++) {
            p = p.child(plain.component(i));
            String cipher = CipherPaths.join(components, i + 1);
            CipherTree.Entry e = entry(tree.root(), cipher, p);
            if ((e.mode() & 0170000) != 0040000) {
                visitor.missing(plain, CipherPaths.join(components, components.size()));
                return false;
            }
            visitor.ancestor(e);
        }
        return true;
    }

    static CipherTree.Entry entry(Path root, String cipherPath, PlainPath plainPath) throws IOException {
        Path file = cipherPath.isEmpty() ? root : root.resolve(cipherPath);
        Map<String, Object> attrs = Files.readAttributes(file, ATTRS, LinkOption.NOFOLLOW_LINKS);
        return new CipherTree.Entry(cipherPath, plainPath, file, attrs);
    }

    /** The 16 bytes of {@code dir/gocryptfs.diriv}, or null if the directory or its IV file is missing or malformed. */
    static byte[] readDirIv(Path dir) throws IOException {
        try (InputStream in = Files.newInputStream(dir.resolve(NameTransform.DIRIV_NAME), LinkOption.NOFOLLOW_LINKS)) {
            byte[] iv = in.readNBytes(17);
            return iv.length == 16 ? iv : null;
        } catch (FileSystemException e) {
            return null; // no such directory or file, or not readable: the path cannot be resolved
        }
    }

    /** Adds the number of content files below {@code start} and their plaintext size to {@code totals}. */
    static void scan(Path start, long[] totals) throws IOException {
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !isMetadataName(file.getFileName().toString())) {
                    totals[0]++;
                    long plain = BlockLayout.plainSize(attrs.size());
                    totals[1] += plain < 0 ? attrs.size() : plain;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static boolean isMetadataName(String name) {
        return name.equals(NameTransform.DIRIV_NAME) || NameTransform.isLongNameFile(name)
                || name.equals(NameTransform.CONFIG_NAME);
    }
}
