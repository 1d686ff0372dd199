package io.revcrypt.core.testsupport;

import io.revcrypt.core.view.DirEntry;
import io.revcrypt.core.view.NodeAttributes;
import io.revcrypt.core.view.OpenFile;
import io.revcrypt.core.view.ReverseView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Materialises a view on disk the way {@code rsync -a} of a mount would (without FUSE), so forward
 * decryption can be tested against exactly what the view serves.
 */
public final class ViewCopy {

    private ViewCopy() {
    }

    public static void copy(ReverseView view, Path dest) throws IOException {
        Files.createDirectories(dest);
        copyDir(view, "", dest);
    }

    private static void copyDir(ReverseView view, String cipherDir, Path dest) throws IOException {
        for (DirEntry e : view.list(cipherDir)) {
            String path = cipherDir.isEmpty() ? e.cipherName() : cipherDir + "/" + e.cipherName();
            NodeAttributes a = view.getattr(path);
            Path target = dest.resolve(e.cipherName());
            if (a.isDirectory()) {
                Files.createDirectory(target);
                copyDir(view, path, target);
            } else if (a.isRegular()) {
                byte[] content = new byte[(int) a.size()];
                try (OpenFile f = view.open(path)) {
                    int n = f.read(0, content, 0, content.length);
                    if (n != content.length) {
                        throw new IOException("short read of " + path);
                    }
                }
                Files.write(target, content);
            } else if (a.isSymlink()) {
                Files.createSymbolicLink(target, Path.of(new String(view.readlink(path), StandardCharsets.US_ASCII)));
            }
        }
    }
}
