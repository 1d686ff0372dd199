package io.revcrypt.core.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.format.FormatOptions;
import io.revcrypt.core.format.NameTransform;
import io.revcrypt.core.format.ReversePaths;
import io.revcrypt.core.posix.DirEntryName;
import io.revcrypt.core.testsupport.Views;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The one naming rule of the view's listings, on its own: no plaintext tree is needed, a name is
 * a function of the key, the directory and the options. Cipher names are checked against
 * {@link ReversePaths#cipherName}, the control socket's EncryptPath, which is tested against
 * gocryptfs's own vectors elsewhere.
 */
class EntryNamingTest {

    private static final Path UNUSED_ROOT = Path.of("/nonexistent");
    private static final PlainPath ROOT = PlainPath.root();
    private static final PlainPath DIR = PlainPath.parse(bytes("dir"));
    private static final byte[] REVERSE_CONFIG = bytes(".gocryptfs.reverse.conf");

    private final CryptoCore core = Views.testCore();

    @AfterEach
    void wipeKeys() {
        core.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private NameTransform names(FormatOptions format) {
        return new NameTransform(core.names(), format);
    }

    private EntryNaming naming(ViewOptions options) {
        return new EntryNaming(options, names(options.format()));
    }

    private static ViewOptions defaults() {
        return ViewOptions.defaults(UNUSED_ROOT);
    }

    @Nested
    class EncryptedNames {

        private final ViewOptions options = defaults();
        private final EntryNaming naming = naming(options);
        private final ReversePaths paths = new ReversePaths(names(options.format()));

        @Test
        void aShortNameIsEncryptedWithItsDirectorysIv() {
            ViewName inRoot = naming.name(ROOT, bytes("file"), paths.dirIv(""));
            ViewName inDir = naming.name(DIR, bytes("file"), paths.dirIv("cipherdir"));

            assertEquals(ViewName.shown(paths.cipherName("", bytes("file"))), inRoot);
            assertEquals(paths.cipherName("cipherdir", bytes("file")), inDir.name());
            assertNotEquals(inRoot.name(), inDir.name(), "each directory its own IV");
            assertFalse(inRoot.isHashed());
            assertFalse(inRoot.config());
        }

        @Test
        void aLongNameIsHashedAndKeepsTheLengthOfItsFullEncryptedName() {
            byte[] longName = bytes("L".repeat(200));
            byte[] iv = paths.dirIv("");

            ViewName shown = naming.name(ROOT, longName, iv);

            assertTrue(shown.isHashed());
            assertEquals(paths.cipherName("", longName), shown.name());
            assertTrue(shown.name().startsWith("gocryptfs.longname."), shown.name());
            assertEquals(names(options.format()).encryptName(longName, iv).length(), shown.encryptedLength());
            assertTrue(shown.encryptedLength() > FormatOptions.NAME_MAX, "what the .name companion holds");
            assertEquals(shown.name() + ".name", shown.nameFileName());
        }

        @Test
        void theLongestNameThatStaysShortIsNotHashed() {
            int shortMax = names(options.format()).shortNameMax();

            assertFalse(naming.name(ROOT, bytes("s".repeat(shortMax)), paths.dirIv("")).isHashed());
            assertTrue(naming.name(ROOT, bytes("s".repeat(shortMax + 1)), paths.dirIv("")).isHashed());
        }
    }

    @Nested
    class TheConfig {

        @Test
        void inTheRootTheReverseConfigShowsAsGocryptfsConf() {
            EntryNaming naming = naming(defaults());

            assertSame(ViewName.CONFIG, naming.name(ROOT, REVERSE_CONFIG, NameTransform.zeroIv()));
            assertEquals("gocryptfs.conf", ViewName.CONFIG.name());
            assertTrue(naming.isShownAsConfig(ROOT, REVERSE_CONFIG), "and resolve refuses its encrypted name");
        }

        @Test
        void belowTheRootOrNotShownItIsAnOrdinaryEntry() {
            ViewOptions hidden = defaults().withShowConfig(false);
            ReversePaths paths = new ReversePaths(names(hidden.format()));

            ViewName inDir = naming(defaults()).name(DIR, REVERSE_CONFIG, paths.dirIv("d"));
            ViewName notShown = naming(hidden).name(ROOT, REVERSE_CONFIG, paths.dirIv(""));

            assertFalse(inDir.config());
            assertEquals(paths.cipherName("d", REVERSE_CONFIG), inDir.name());
            assertFalse(notShown.config());
            assertEquals(paths.cipherName("", REVERSE_CONFIG), notShown.name());
            assertFalse(naming(hidden).isShownAsConfig(ROOT, REVERSE_CONFIG));
        }

        @Test
        void noExclusionHidesIt() throws Exception {
            ExclusionRules everyDotFile = ExclusionRules.compile(List.of(), List.of(".*"), List.of());
            EntryNaming naming = naming(defaults().withExclusions(everyDotFile));

            assertSame(ViewName.CONFIG, naming.name(ROOT, REVERSE_CONFIG, NameTransform.zeroIv()));
            assertNull(naming.name(ROOT, bytes(".other"), NameTransform.zeroIv()), "the rule does match dot files");
        }
    }

    @Nested
    class Exclusions {

        @Test
        void anExcludedEntryDoesNotShowAndTheRestDo() throws Exception {
            ExclusionRules rules = ExclusionRules.compile(List.of("dir/skip"), List.of("*.tmp"), List.of());
            EntryNaming naming = naming(defaults().withExclusions(rules));
            byte[] iv = NameTransform.zeroIv();

            assertNull(naming.name(DIR, bytes("skip"), iv));
            assertNull(naming.name(DIR, bytes("x.tmp"), iv));
            assertNull(naming.name(ROOT, bytes("y.tmp"), iv));
            assertTrue(naming.isExcluded(DIR.child(bytes("skip"))), "the same answer resolve gets");
            assertEquals(naming(defaults()).name(DIR, bytes("keep"), iv), naming.name(DIR, bytes("keep"), iv));
            assertNotNull(naming.name(ROOT, bytes("skip"), iv), "--exclude anchors at the root");
        }
    }

    @Nested
    class PlaintextNames {

        private final ViewOptions options =
                defaults().withFormat(FormatOptions.reverseDefaults().withPlaintextNames(true));
        private final EntryNaming naming = naming(options);

        @Test
        void aUtf8NameShowsAsItIsHoweverLong() {
            String longName = "\u00e9".repeat(120);

            assertEquals(ViewName.shown("caf\u00e9"), naming.name(DIR, bytes("caf\u00e9"), null));
            assertEquals(ViewName.shown(longName), naming.name(DIR, bytes(longName), null), "never hashed");
        }

        @Test
        void aNameThatIsNotUtf8CannotShow() {
            assertNull(naming.name(DIR, new byte[] {'a', (byte) 0xff, 'b'}, null));
        }

        @Test
        void theConfigStillShowsAsGocryptfsConf() {
            assertSame(ViewName.CONFIG, naming.name(ROOT, REVERSE_CONFIG, null));
        }
    }

    @Test
    void nameAllNamesEveryEntryIndexForIndexWithHolesForHiddenOnes() throws Exception {
        ExclusionRules rules = ExclusionRules.compile(List.of(), List.of("*.tmp"), List.of());
        EntryNaming naming = naming(defaults().withExclusions(rules));
        byte[] iv = new ReversePaths(names(FormatOptions.reverseDefaults())).dirIv("");
        List<DirEntryName> entries = List.of(
                new DirEntryName(bytes("a"), DirEntryName.DT_REG),
                new DirEntryName(bytes("b.tmp"), DirEntryName.DT_REG),
                new DirEntryName(REVERSE_CONFIG, DirEntryName.DT_REG),
                new DirEntryName(bytes("n".repeat(200)), DirEntryName.DT_DIR));

        ViewName[] shown = naming.nameAll(ROOT, entries, iv);

        assertEquals(4, shown.length);
        assertEquals(naming.name(ROOT, bytes("a"), iv), shown[0]);
        assertNull(shown[1]);
        assertSame(ViewName.CONFIG, shown[2]);
        assertTrue(shown[3].isHashed());
        assertArrayEquals(bytes("a"), entries.get(0).name(), "the entries themselves are left as they are");
    }
}
