package io.revcrypt.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.format.BlockLayout;
import io.revcrypt.core.format.FormatOptions;
import io.revcrypt.core.posix.Errno;
import io.revcrypt.core.testsupport.RawFiles;
import io.revcrypt.core.testsupport.Views;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code list}, a first {@code listWithAttributes} (names made now) and a second one (names kept
 * by {@link ListingCache}) name every entry through the one rule of {@link EntryNaming}: the same
 * names in the same order, whatever the entry (long, excluded, the config, a name PlaintextNames
 * cannot show), and what they hide the resolver refuses.
 */
class DirectoryListerTest {

    @TempDir
    Path plain;

    private static final ExclusionRules TMP_FILES = compile("*.tmp");

    private static ExclusionRules compile(String wildcard) {
        try {
            return ExclusionRules.compile(List.of(), List.of(wildcard), List.of());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Short and long names, excluded ones of both lengths, the config, and the same below the root. */
    private void makeTree() throws Exception {
        Files.writeString(plain.resolve(".gocryptfs.reverse.conf"), "{}\n");
        for (Path dir : List.of(plain, Files.createDirectory(plain.resolve("dir")))) {
            Files.writeString(dir.resolve("short"), "s");
            Files.writeString(dir.resolve("L".repeat(200)), "l");
            Files.writeString(dir.resolve("skipped.tmp"), "x");
            Files.writeString(dir.resolve("S".repeat(200) + ".tmp"), "x");
            Files.createDirectory(dir.resolve("sub"));
        }
        Files.writeString(plain.resolve("dir/.gocryptfs.reverse.conf"), "not the config");
    }

    /** The names of a directory by each of the three ways of listing it, in their order. */
    private static void assertAllThreeAgree(ReverseView view, String cipherDir) throws Exception {
        List<String> listed = view.list(cipherDir).stream().map(DirEntry::cipherName).toList();
        List<String> fresh = view.listWithAttributes(cipherDir).stream().map(DirEntryPlus::cipherName).toList();
        List<String> kept = view.listWithAttributes(cipherDir).stream().map(DirEntryPlus::cipherName).toList();
        assertEquals(listed, fresh, "list and a fresh listWithAttributes in /" + cipherDir);
        assertEquals(listed, kept, "list and a listWithAttributes from ListingCache in /" + cipherDir);
    }

    private static long count(List<String> names, String prefix, String suffix) {
        return names.stream().filter(n -> n.startsWith(prefix) && n.endsWith(suffix)).count();
    }

    @Nested
    class EncryptedNames {

        @Test
        void longNamesExcludedEntriesAndTheVirtualFilesAreNamedAlikeByAllThree() throws Exception {
            makeTree();
            try (ReverseView view = Views.open(plain, TMP_FILES)) {
                String dir = view.encryptPath("dir".getBytes());
                assertAllThreeAgree(view, "");
                assertAllThreeAgree(view, dir);

                List<String> root = view.list("").stream().map(DirEntry::cipherName).toList();
                // short, long, sub, dir, the config, gocryptfs.diriv, one .name: the .tmp files are hidden
                assertEquals(7, root.size(), root.toString());
                assertTrue(root.contains("gocryptfs.conf"));
                assertEquals("gocryptfs.diriv", root.get(5), "after the real entries: " + root);
                assertEquals(1, count(root, "gocryptfs.longname.", ".name"), "no companion for a hidden long name");
                assertEquals(view.encryptPath(("L".repeat(200)).getBytes()) + ".name", root.get(6));

                List<String> inDir = view.list(dir).stream().map(DirEntry::cipherName).toList();
                assertFalse(inDir.contains("gocryptfs.conf"), "only the root's config shows as gocryptfs.conf");
                assertTrue(inDir.contains(view.encryptPath("dir/.gocryptfs.reverse.conf".getBytes())
                        .substring(dir.length() + 1)), "below the root it is an ordinary file: " + inDir);
            }
        }

        @Test
        void whatTheListingsHideTheResolverRefuses() throws Exception {
            makeTree();
            try (ReverseView view = Views.open(plain, TMP_FILES)) {
                for (String hidden : List.of("skipped.tmp", "S".repeat(200) + ".tmp", "dir/skipped.tmp")) {
                    String cipher = view.encryptPath(hidden.getBytes());
                    assertEquals(Errno.EPERM, assertThrows(FsException.class, () -> view.getattr(cipher)).errno(),
                            hidden);
                }
                String configUnderItsOwnName = view.encryptPath(".gocryptfs.reverse.conf".getBytes());
                assertEquals(Errno.ENOENT,
                        assertThrows(FsException.class, () -> view.getattr(configUnderItsOwnName)).errno());
                assertEquals(view.getattr("gocryptfs.conf").size(), Files.size(plain.resolve(".gocryptfs.reverse.conf")));
            }
        }

        @Test
        void withTheConfigNotShownItIsListedAndResolvedUnderItsEncryptedName() throws Exception {
            makeTree();
            ViewOptions options = ViewOptions.defaults(plain).withShowConfig(false);
            try (ReverseView view = ReverseView.open(options, Views.testCore())) {
                assertAllThreeAgree(view, "");
                List<String> root = view.list("").stream().map(DirEntry::cipherName).toList();
                String encrypted = view.encryptPath(".gocryptfs.reverse.conf".getBytes());
                assertFalse(root.contains("gocryptfs.conf"), root.toString());
                assertTrue(root.contains(encrypted), root.toString());
                assertEquals(BlockLayout.cipherSize(Files.size(plain.resolve(".gocryptfs.reverse.conf"))),
                        view.getattr(encrypted).size(), "an ordinary encrypted file");
            }
        }
    }

    @Nested
    class PlaintextNames {

        private ReverseView open() throws Exception {
            FormatOptions format = FormatOptions.reverseDefaults().withPlaintextNames(true);
            return ReverseView.open(ViewOptions.defaults(plain).withFormat(format).withExclusions(TMP_FILES),
                    Views.testCore());
        }

        @Test
        void aNameThatIsNotUtf8IsLeftOutByAllThree() throws Exception {
            makeTree();
            RawFiles.writeFile(plain, new byte[] {'b', 'a', 'd', (byte) 0xff}, "x".getBytes());
            try (ReverseView view = open()) {
                assertAllThreeAgree(view, "");
                assertAllThreeAgree(view, "dir");
                List<String> root = view.list("").stream().map(DirEntry::cipherName).toList();
                assertEquals(List.of("L".repeat(200), "dir", "gocryptfs.conf", "short", "sub").stream().sorted().toList(),
                        root.stream().sorted().toList(), "no diriv, no hashing, no .tmp, no bad name");
            }
        }
    }
}
