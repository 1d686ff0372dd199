package io.revcrypt.core.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.format.BlockLayout;
import io.revcrypt.core.format.ContentCrypto;
import io.revcrypt.core.forward.FileDecryptor;
import io.revcrypt.core.posix.Errno;
import io.revcrypt.core.testsupport.Views;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hard links, exclusions and sources that change while they are read. */
class ViewBehaviourTest {

    @TempDir
    Path plain;

    @Test
    void hardLinkedPathsAreSeparateFilesWithTheirOwnIvs() throws Exception {
        byte[] data = new byte[5000];
        new Random(1).nextBytes(data);
        Path a = plain.resolve("a");
        Files.write(a, data);
        Files.createLink(plain.resolve("b"), a);
        try (ReverseView view = Views.open(plain)) {
            String ca = view.encryptPath("a".getBytes());
            String cb = view.encryptPath("b".getBytes());
            NodeAttributes attrA = view.getattr(ca);
            NodeAttributes attrB = view.getattr(cb);
            assertEquals(1, attrA.nlink());
            assertEquals(1, attrB.nlink());
            assertNotEquals(attrA.ino(), attrB.ino(), "each path its own inode, so rsync -H never joins them");
            byte[] contentB = RoundTripTest.readAll(view, cb, attrB.size());
            byte[] contentA = RoundTripTest.readAll(view, ca, attrA.size());
            assertFalse(java.util.Arrays.equals(contentA, contentB), "IVs come from each file's own path");
            try (ReverseView again = Views.open(plain)) {
                assertArrayEquals(contentA, RoundTripTest.readAll(again, ca, attrA.size()), "stable across mounts");
                assertEquals(attrA.ino(), again.getattr(ca).ino(), "inode stable across mounts");
            }
        }
    }

    @Test
    void excludedEntriesAreHiddenAndRefused() throws Exception {
        Files.writeString(plain.resolve("keep.txt"), "k");
        Files.writeString(plain.resolve("big.bin"), "b");
        Files.createDirectories(plain.resolve("dir1/sub"));
        Files.writeString(plain.resolve("dir1/big.bin"), "b");
        Files.writeString(plain.resolve("dir1/sub/x"), "x");
        Files.writeString(plain.resolve("dir1/" + "l".repeat(200)), "long");
        Files.writeString(plain.resolve(".gocryptfs.reverse.conf"), "{}");
        ExclusionRules rules = ExclusionRules.compile(List.of("big.bin"), List.of("sub", "l*", ".*"), List.of());
        try (ReverseView view = Views.open(plain, rules)) {
            List<String> root = view.list("").stream().map(DirEntry::cipherName).collect(Collectors.toList());
            assertFalse(root.contains(view.encryptPath("big.bin".getBytes())));
            assertTrue(root.contains(view.encryptPath("keep.txt".getBytes())));
            assertTrue(root.contains("gocryptfs.conf"), "our own config can never be excluded");
            assertEquals(Errno.EPERM, assertThrows(FsException.class,
                    () -> view.getattr(view.encryptPath("big.bin".getBytes()))).errno());

            String dir1 = view.encryptPath("dir1".getBytes());
            List<String> d1 = view.list(dir1).stream().map(DirEntry::cipherName).collect(Collectors.toList());
            assertTrue(d1.contains(view.encryptPath("dir1/big.bin".getBytes()).substring(dir1.length() + 1)),
                    "--exclude anchors at the root");
            assertFalse(d1.contains(view.encryptPath("dir1/sub".getBytes()).substring(dir1.length() + 1)));
            assertTrue(d1.stream().noneMatch(n -> n.startsWith("gocryptfs.longname.")),
                    "an excluded long name has no .name companion either");
            assertEquals(Errno.EPERM, assertThrows(FsException.class,
                    () -> view.getattr(view.encryptPath("dir1/sub/x".getBytes()))).errno(),
                    "an excluded directory hides its whole subtree");
        }
    }

    @Test
    void aFileThatGrowsWhileReadGivesAConsistentPrefix() throws Exception {
        byte[] data = new byte[10_000];
        new Random(5).nextBytes(data);
        Path f = plain.resolve("growing.log");
        Files.write(f, data);
        try (ReverseView view = Views.open(plain); CryptoCore core = Views.testCore()) {
            String cipher = view.encryptPath("growing.log".getBytes());
            try (OpenFile open = view.open(cipher)) {
                Files.write(f, new byte[3000], java.nio.file.StandardOpenOption.APPEND);
                byte[] out = new byte[(int) BlockLayout.cipherSize(20_000)];
                int n = open.read(0, out, 0, out.length);
                assertEquals(BlockLayout.cipherSize(10_000), n, "serves the size it had when opened");
                byte[] decrypted = new FileDecryptor(new ContentCrypto(core, true))
                        .decrypt(java.util.Arrays.copyOf(out, n));
                assertArrayEquals(data, decrypted, "every block authenticates");
            }
        }
    }

    @Test
    void aFileThatShrinksWhileReadGivesAnErrorNotATornBlock() throws Exception {
        Path f = plain.resolve("shrinking");
        Files.write(f, new byte[10_000]);
        try (ReverseView view = Views.open(plain)) {
            String cipher = view.encryptPath("shrinking".getBytes());
            try (OpenFile open = view.open(cipher)) {
                try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                    raf.setLength(5000);
                }
                byte[] head = new byte[100];
                assertEquals(100, open.read(0, head, 0, 100), "blocks still there read fine");
                FsException e = assertThrows(FsException.class, () -> open.read(5000, new byte[5000], 0, 5000));
                assertEquals(Errno.EIO, e.errno());
            }
        }
    }

    @Test
    void aFileDeletedWhileOpenStillReadsConsistently() throws Exception {
        Path f = plain.resolve("doomed");
        Files.write(f, new byte[6000]);
        try (ReverseView view = Views.open(plain)) {
            String cipher = view.encryptPath("doomed".getBytes());
            byte[] before = RoundTripTest.readAll(view, cipher, BlockLayout.cipherSize(6000));
            try (OpenFile open = view.open(cipher)) {
                Files.delete(f);
                byte[] after = new byte[before.length];
                assertEquals(before.length, open.read(0, after, 0, after.length));
                assertArrayEquals(before, after);
            }
            assertEquals(Errno.ENOENT, assertThrows(FsException.class, () -> view.getattr(cipher)).errno());
        }
    }
}
