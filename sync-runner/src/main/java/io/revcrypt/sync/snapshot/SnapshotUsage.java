package io.revcrypt.sync.snapshot;

import io.revcrypt.core.format.BlockLayout;
import io.revcrypt.core.format.NameTransform;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What one snapshot of a local destination holds and what it alone costs, from the ciphertext on
 * disk without the key: its plaintext files and their size (what a restore of it gives), the bytes
 * it takes, and the bytes no other snapshot shares (files with one link: what deleting it frees,
 * as Borg's "unique" size). Unchanged files of a snapshot are hard links into the one before, so
 * only a link count tells the two apart; over rsync no link count is visible, so this is local only.
 *
 * @param files       regular files that hold a plaintext file (not the directory IVs, long-name
 *                    files or the config)
 * @param plainBytes  the plaintext size of those files
 * @param storedBytes the size of every regular file of the snapshot, as stored
 * @param uniqueBytes the size of those of its regular files that no other directory links to
 */
public record SnapshotUsage(long files, long plainBytes, long storedBytes, long uniqueBytes) {

    /** Walks {@code snapshotDir} (never through a symlink). */
    public static SnapshotUsage of(Path snapshotDir) throws IOException {
        long[] sums = new long[4];
        Files.walkFileTree(snapshotDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isRegularFile()) {
                    return FileVisitResult.CONTINUE;
                }
                long size = attrs.size();
                sums[2] += size;
                if (((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).longValue() == 1) {
                    sums[3] += size;
                }
                if (holdsPlaintext(snapshotDir, file)) {
                    sums[0]++;
                    sums[1] += Math.max(BlockLayout.plainSize(size), 0); // a malformed size holds nothing readable
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new SnapshotUsage(sums[0], sums[1], sums[2], sums[3]);
    }

    private static boolean holdsPlaintext(Path snapshotDir, Path file) {
        String name = file.getFileName().toString();
        if (name.equals(NameTransform.DIRIV_NAME) || NameTransform.isLongNameFile(name)) {
            return false;
        }
        return !(name.equals(NameTransform.CONFIG_NAME) && file.getParent().equals(snapshotDir));
    }
}
