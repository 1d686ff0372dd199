package io.revcrypt.core.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.format.BlockLayout;
import io.revcrypt.core.format.FormatOptions;
import io.revcrypt.core.posix.Errno;
import io.revcrypt.core.posix.PlainStat;
import io.revcrypt.core.testsupport.PlainTrees;
import io.revcrypt.core.testsupport.Views;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ReverseView#listWithAttributes} must list exactly what {@link ReverseView#list} lists,
 * and give every entry the attributes {@link ReverseView#getattr} gives its path: the kernel
 * takes READDIRPLUS attributes instead of looking the entries up.
 */
class ListWithAttributesTest {

    @TempDir
    Path plain;

    /** Files of several sizes, a hard link, symlinks, a fifo, long names, the config, subdirectories. */
    private void makeTree() throws Exception {
        Files.writeString(plain.resolve(".gocryptfs.reverse.conf"), "{\"Version\": 2}\n");
        Files.write(plain.resolve("empty"), new byte[0]);
        Files.write(plain.resolve("small"), PlainTrees.pattern(100));
        Files.write(plain.resolve("block"), PlainTrees.pattern(4096));
        Files.write(plain.resolve("blocks"), PlainTrees.pattern(3 * 4096 + 17));
        Files.write(plain.resolve("linked"), PlainTrees.pattern(5000));
        Files.createLink(plain.resolve("linked2"), plain.resolve("linked"));
        Files.createSymbolicLink(plain.resolve("link"), Path.of("small"));
        Files.createSymbolicLink(plain.resolve("longtarget"), Path.of("t".repeat(1000)));
        PlainTrees.mkfifo(plain.resolve("fifo"));
        Files.write(plain.resolve("L".repeat(200)), PlainTrees.pattern(10));
        Path dir = Files.createDirectories(plain.resolve("dir/sub/deeper"));
        Files.write(plain.resolve("dir/a"), PlainTrees.pattern(1));
        Files.write(plain.resolve("dir/" + "x".repeat(230)), PlainTrees.pattern(7000));
        Files.createDirectory(plain.resolve("dir/" + "d".repeat(180)));
        Files.write(plain.resolve("dir/" + "d".repeat(180) + "/inside"), PlainTrees.pattern(3));
        Files.createLink(plain.resolve("dir/sub/linked3"), plain.resolve("linked"));
        Files.createSymbolicLink(plain.resolve("dir/sub/up"), Path.of("../../small"));
        Files.write(dir.resolve("f"), PlainTrees.pattern(4097));
        Files.write(plain.resolve("dir/.gocryptfs.reverse.conf"), new byte[] {1, 2, 3});
        Files.writeString(plain.resolve("dir/excluded.tmp"), "x");
        Files.writeString(plain.resolve("dir/unicode-\u00e9\u4e2d"), "u");
        // reading a symlink moves its atime once (relatime; if the clock has moved on since it was
        // made): do it now, not between the two calls compared
        Thread.sleep(20);
        try (var all = Files.walk(plain)) {
            for (Path p : all.filter(Files::isSymbolicLink).collect(Collectors.toList())) {
                Files.readSymbolicLink(p);
            }
        }
    }

    /**
     * A directory listed twice within a second is read and encrypted once (a snapshot's check,
     * then rsync), but an entry added, removed or renamed in between shows at once (it changes the
     * directory itself), and so does a new mode (attributes are always stat'ed anew).
     */
    @Test
    void aSecondListingShowsEveryEntryAddedOrRemovedSinceTheFirst() throws Exception {
        Files.createDirectories(plain.resolve("dir"));
        Files.writeString(plain.resolve("dir/first"), "1");
        Files.writeString(plain.resolve("top"), "t");
        try (ReverseView view = Views.open(plain)) {
            String dir = view.list("").stream().filter(e -> e.type() == PlainStat.S_IFDIR).findFirst().orElseThrow()
                    .cipherName();
            List<DirEntryPlus> once = view.listWithAttributes(dir);
            assertEquals(once.stream().map(DirEntryPlus::cipherName).toList(),
                    view.listWithAttributes(dir).stream().map(DirEntryPlus::cipherName).toList(), "unchanged");

            Files.setPosixFilePermissions(plain.resolve("dir/first"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            DirEntryPlus first = view.listWithAttributes(dir).stream()
                    .filter(e -> e.type() == PlainStat.S_IFREG && !e.cipherName().startsWith("gocryptfs."))
                    .findFirst().orElseThrow();
            assertEquals(0700, first.attributes().mode() & 07777, "attributes are read anew: a chmod shows at once");

            Files.writeString(plain.resolve("dir/second"), "2");
            List<DirEntryPlus> added = view.listWithAttributes(dir);
            assertEquals(once.size() + 1, added.size(), "the new file is listed at once: " + added);
            assertEquals(view.list(dir).size(), added.size());

            Files.delete(plain.resolve("dir/first"));
            Files.move(plain.resolve("top"), plain.resolve("top-renamed"));
            assertEquals(once.size(), view.listWithAttributes(dir).size(), "the deleted file is gone at once");
            assertEquals(view.list("").stream().map(DirEntry::cipherName).sorted().toList(),
                    view.listWithAttributes("").stream().map(DirEntryPlus::cipherName).sorted().toList(),
                    "a rename in the root shows at once too");
        }
    }

    @Test
    void everyDirectoryMatchesListAndGetattr() throws Exception {
        makeTree();
        ExclusionRules rules = ExclusionRules.compile(List.of(), List.of("*.tmp"), List.of());
        try (ReverseView view = Views.open(plain, rules)) {
            int checked = checkRecursively(view, "");
            assertTrue(checked > 25, "checked " + checked + " entries");
        }
    }

    @Test
    void virtualFilesAndHashedNamesCarryTheirOwnAttributes() throws Exception {
        makeTree();
        try (ReverseView view = Views.open(plain)) {
            List<DirEntryPlus> root = view.listWithAttributes("");
            DirEntryPlus diriv = find(root, "gocryptfs.diriv");
            assertEquals(PlainStat.S_IFREG | 0444, diriv.attributes().mode());
            assertEquals(16, diriv.attributes().size());
            DirEntryPlus conf = find(root, "gocryptfs.conf");
            assertEquals(Files.size(plain.resolve(".gocryptfs.reverse.conf")), conf.attributes().size(),
                    "the config is shown unencrypted, with its own size");
            DirEntryPlus nameFile = root.stream().filter(e -> e.cipherName().endsWith(".name")).findFirst().orElseThrow();
            String hashed = nameFile.cipherName().substring(0, nameFile.cipherName().length() - ".name".length());
            assertEquals(view.encryptPath(("L".repeat(200)).getBytes()), hashed);
            assertEquals(PlainStat.S_IFREG | 0444, nameFile.attributes().mode());
            assertTrue(nameFile.attributes().size() > 255, "the full encrypted name");
            assertEquals(1, find(root, view.encryptPath("linked".getBytes())).attributes().nlink(),
                    "a hard-linked path is its own file");
            assertTrue(diriv.attributes().ino() >>> 48 < nameFile.attributes().ino() >>> 48, "as in gocryptfs, "
                    + "gocryptfs.diriv's inode namespace is handed out before the .name files': it is listed first");
        }
    }

    @Test
    void hashedNamesFoundByTheListingResolveWithoutARescan() throws Exception {
        makeTree();
        try (ReverseView view = Views.open(plain)) {
            String dir = view.encryptPath("dir".getBytes());
            String hashed = view.encryptPath(("dir/" + "x".repeat(230)).getBytes());
            view.listWithAttributes(dir);
            assertEquals(BlockLayout.cipherSize(7000), view.getattr(hashed).size());
        }
    }

    @Test
    void plaintextNamesAndDeterministicNames() throws Exception {
        makeTree();
        for (FormatOptions format : List.of(FormatOptions.reverseDefaults().withPlaintextNames(true),
                FormatOptions.reverseDefaults().withDeterministicNames(true),
                FormatOptions.reverseDefaults().withLongNameMax(62))) {
            try (ReverseView view = ReverseView.open(ViewOptions.defaults(plain).withFormat(format), Views.testCore())) {
                assertTrue(checkRecursively(view, "") > 20, format.toString());
            }
        }
    }

    @Test
    void failuresAreThoseOfList() throws Exception {
        Files.writeString(plain.resolve("file"), "f");
        try (ReverseView view = Views.open(plain)) {
            String file = view.encryptPath("file".getBytes());
            assertEquals(Errno.ENOTDIR, assertThrows(FsException.class, () -> view.listWithAttributes(file)).errno());
            assertEquals(Errno.ENOTDIR, assertThrows(FsException.class, () -> view.list(file)).errno());
            String missing = view.encryptPath("missing".getBytes());
            assertEquals(Errno.ENOENT, assertThrows(FsException.class, () -> view.listWithAttributes(missing)).errno());
            assertEquals(Errno.ENOTDIR, assertThrows(TranslationException.class, () -> view.listDirectory(file)).errNo());
            assertEquals(Errno.ENOENT, assertThrows(TranslationException.class, () -> view.listDirectory(missing)).errNo());
        }
    }

    /** Compares one directory and recurses into its subdirectories; returns the entries checked. */
    private static int checkRecursively(ReverseView view, String cipherDir) throws Exception {
        List<DirEntryPlus> plus = view.listWithAttributes(cipherDir);
        List<DirEntry> names = view.list(cipherDir);
        assertEquals(names, plus.stream().map(e -> new DirEntry(e.cipherName(), e.type())).collect(Collectors.toList()),
                "same names, types and order as list() in /" + cipherDir);
        DirectoryListing listing = view.listDirectory(cipherDir);
        assertEquals(plus.stream().map(DirEntryPlus::cipherName).collect(Collectors.toList()),
                listing.entries().stream().map(DirEntryPlus::cipherName).collect(Collectors.toList()),
                "listDirectory (the control socket's listing) lists the same entries in /" + cipherDir);
        assertArrayEquals(cipherDir.isEmpty() ? new byte[0] : view.decryptPath(cipherDir), listing.plainDir());
        for (DirEntryPlus e : listing.entries()) {
            String path = cipherDir.isEmpty() ? e.cipherName() : cipherDir + "/" + e.cipherName();
            boolean virtual = e.cipherName().equals("gocryptfs.diriv") || e.cipherName().endsWith(".name")
                    || (cipherDir.isEmpty() && e.cipherName().equals("gocryptfs.conf"));
            if (virtual) {
                assertNull(e.plainName(), "a virtual entry has no plaintext name: /" + path);
                continue;
            }
            String plainPath = new String(view.decryptPath(path), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertEquals(plainPath.substring(plainPath.lastIndexOf('/') + 1),
                    new String(e.plainName(), java.nio.charset.StandardCharsets.ISO_8859_1), "plaintext name of /" + path);
        }
        int checked = 0;
        List<String> subdirs = new ArrayList<>();
        for (DirEntryPlus e : plus) {
            String path = cipherDir.isEmpty() ? e.cipherName() : cipherDir + "/" + e.cipherName();
            assertNotNull(e.attributes(), path);
            assertEquals(view.getattr(path), e.attributes(), "attributes of /" + path);
            checked++;
            if (e.attributes().isDirectory()) {
                subdirs.add(path);
            }
        }
        assertFalse(plus.isEmpty());
        for (String sub : subdirs) {
            checked += checkRecursively(view, sub);
        }
        return checked;
    }

    private static DirEntryPlus find(List<DirEntryPlus> entries, String name) {
        return entries.stream().filter(e -> e.cipherName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + entries));
    }
}
