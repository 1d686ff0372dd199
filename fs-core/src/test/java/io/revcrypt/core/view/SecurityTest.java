package io.revcrypt.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.posix.Errno;
import io.revcrypt.core.testsupport.Views;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The view never leads outside the source tree (design §3). */
class SecurityTest {

    @TempDir
    Path work;

    @Test
    void directorySwappedForASymlinkIsNotFollowed() throws Exception {
        Path plain = Files.createDirectory(work.resolve("plain"));
        Path outside = Files.createDirectory(work.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "outside the source tree");
        Path dir = Files.createDirectory(plain.resolve("dir"));
        Files.writeString(dir.resolve("secret.txt"), "inside");

        try (ReverseView view = Views.open(plain)) {
            String cipherDir = view.encryptPath("dir".getBytes());
            String cipherFile = view.encryptPath("dir/secret.txt".getBytes());
            assertTrue(view.getattr(cipherFile).isRegular(), "served while it is a real directory");
            view.list(cipherDir); // warms the path cache, which must not help an attacker

            Files.delete(dir.resolve("secret.txt"));
            Files.delete(dir);
            Files.createSymbolicLink(dir, outside);

            assertTrue(view.getattr(cipherDir).isSymlink(), "the swapped entry shows as the symlink it now is");
            FsException stat = assertThrows(FsException.class, () -> view.getattr(cipherFile));
            assertNotFound(stat.errno());
            assertThrows(FsException.class, () -> view.open(cipherFile));
            assertThrows(FsException.class, () -> view.list(cipherDir));
            // and the outside file really is still there: it was the walk that refused
            assertEquals("outside the source tree", Files.readString(dir.resolve("secret.txt")));
        }
    }

    @Test
    void fileSwappedForASymlinkIsNotOpened() throws Exception {
        Path plain = Files.createDirectory(work.resolve("plain"));
        Files.writeString(work.resolve("outside.txt"), "outside");
        Path file = plain.resolve("f");
        Files.writeString(file, "inside");
        try (ReverseView view = Views.open(plain)) {
            String cipher = view.encryptPath("f".getBytes());
            Files.delete(file);
            Files.createSymbolicLink(file, work.resolve("outside.txt"));
            FsException e = assertThrows(FsException.class, () -> view.open(cipher));
            assertEquals(Errno.EACCES, e.errno(), "only regular files open; a symlink is not followed");
        }
    }

    @Test
    void specialFilesCannotBeOpened() throws Exception {
        Path plain = Files.createDirectory(work.resolve("plain"));
        io.revcrypt.core.testsupport.PlainTrees.mkfifo(plain.resolve("fifo"));
        try (ReverseView view = Views.open(plain)) {
            String cipher = view.encryptPath("fifo".getBytes());
            assertEquals(0010000, view.getattr(cipher).type());
            assertEquals(Errno.EACCES, assertThrows(FsException.class, () -> view.open(cipher)).errno());
        }
    }

    @Test
    void namesThatDoNotDecryptAreNotFound() throws Exception {
        Path plain = Files.createDirectory(work.resolve("plain"));
        try (ReverseView view = Views.open(plain)) {
            for (String bad : new String[] {"..", "AAAAAAAAAAAAAAAAAAAAAA", "not base64!", "QUJD", "a/b",
                    "gocryptfs.longname.xyz", "gocryptfs.diriv/x"}) {
                FsException e = assertThrows(FsException.class, () -> view.getattr(bad), bad);
                assertNotFound(e.errno());
            }
            assertFalse(view.list("").isEmpty(), "still serving");
        }
    }

    private static void assertNotFound(int errno) {
        assertTrue(errno == Errno.ENOENT || errno == Errno.ENOTDIR || errno == Errno.ELOOP,
                "expected ENOENT, ENOTDIR or ELOOP, got " + errno);
    }
}
