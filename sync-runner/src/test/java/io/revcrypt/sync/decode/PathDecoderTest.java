package io.revcrypt.sync.decode;

import io.revcrypt.core.view.TranslationException;
import io.revcrypt.sync.decode.PathDecoding.Decoded;
import io.revcrypt.sync.decode.PathDecoding.Failed;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathDecoderTest {

    private static final String DIR = "XtGX-T9V9TO1oDIfEY235w";                      // "dir one"
    private static final String SUB = DIR + "/VUs5KPiiUvH0bWE4_Gh0PQ";              // "dir one/sub"
    private static final String FILE = SUB + "/7dzoCe_iVqL33-hcUrO9Ng";             // "dir one/sub/deep file.txt"
    private static final String LONG = DIR + "/gocryptfs.longname.EttnQTX9wxUmlWs6TbyR5mZh00dwu5V_flMcwqSuNpY";
    private static final String IN_LONG = LONG + "/9ytKoDCFwZ5WZ8nhuV-GlA";
    private static final String L200 = "L".repeat(200);

    /** Plays the mount: a map of whole paths, counting what it is asked. */
    private static final class FakeMount implements PathDecryptor {
        final Map<String, byte[]> plain = new HashMap<>();
        final List<String> asked = new ArrayList<>();
        /** Directories the mount can list (revcrypt's ListDirectory), and which it was asked to. */
        final Map<String, CtlListing> listings = new HashMap<>();
        final List<String> listed = new ArrayList<>();
        boolean canList = true;
        IOException ioFailure;

        FakeMount() {
            put(DIR, "dir one");
            put(SUB, "dir one/sub");
            put(FILE, "dir one/sub/deep file.txt");
            put(LONG, "dir one/" + L200);
            put(IN_LONG, "dir one/" + L200 + "/inside long.txt");
        }

        void put(String cipher, String plainPath) {
            plain.put(cipher, plainPath.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public Plaintext decrypt(String cipherPath) throws TranslationException, IOException {
            asked.add(cipherPath);
            if (ioFailure != null) {
                throw ioFailure;
            }
            byte[] path = plain.get(cipherPath);
            if (path == null) {
                throw TranslationException.noSuchFile();
            }
            return new Plaintext(path, true);
        }

        @Override
        public CtlListing listDirectory(String cipherDir) throws TranslationException {
            listed.add(cipherDir);
            if (!canList) {
                return null;
            }
            CtlListing listing = listings.get(cipherDir);
            if (listing == null) {
                throw TranslationException.noSuchFile();
            }
            return listing;
        }

        /** A listing of {@code cipherDir} with files {@code c0…} named {@code p0…}. */
        void listable(String cipherDir, String plainDir, int files) {
            List<CtlListing.Entry> entries = new ArrayList<>();
            for (int i = 0; i < files; i++) {
                entries.add(new CtlListing.Entry("c" + i, 0100644, 0, 0, ("p" + i).getBytes(StandardCharsets.UTF_8), true));
            }
            entries.add(new CtlListing.Entry("gocryptfs.diriv", 0100444, 0, 0, null, true));
            listings.put(cipherDir, new CtlListing(new Plaintext(plainDir.getBytes(StandardCharsets.UTF_8), true), entries));
        }
    }

    private static List<byte[]> paths(String dir, String... names) {
        List<byte[]> out = new ArrayList<>();
        for (String n : names) {
            out.add((dir + "/" + n).getBytes(StandardCharsets.US_ASCII));
        }
        return out;
    }

    private final FakeMount mount = new FakeMount();
    private final NameJournal journal = NameJournal.inMemory();
    private final PathDecoder decoder = new PathDecoder(mount, journal);

    private Decoded decoded(String cipherPath) {
        return assertInstanceOf(Decoded.class, decoder.decode(cipherPath.getBytes(StandardCharsets.US_ASCII)));
    }

    private String display(String cipherPath) {
        Decoded d = decoded(cipherPath);
        StringBuilder s = new StringBuilder(d.display());
        d.markers().forEach(m -> s.append(' ').append(m));
        return s.toString();
    }

    @Test
    void decodesWholePathsInOneRequestAndRemembersTheParents() {
        assertEquals("dir one/sub/deep file.txt", display(FILE));
        assertEquals(List.of(FILE), mount.asked);
        assertEquals("dir one/sub/", display(SUB + "/"));
        assertEquals("dir one/", display(DIR + "/"));
        assertEquals(List.of(FILE), mount.asked, "parents came from the cache");
    }

    @Test
    void virtualNamesNeverGoToTheSocket() {
        assertEquals("./ [dir IV]", display("gocryptfs.diriv"));
        assertEquals(".gocryptfs.reverse.conf [config]", display("gocryptfs.conf"));
        assertEquals(List.of(), mount.asked);
        assertEquals("dir one/sub/ [dir IV]", display(SUB + "/gocryptfs.diriv"));
        assertEquals(List.of(SUB), mount.asked, "the directory is asked for, not its diriv");
        assertEquals("dir one/" + L200 + " [long-name file]", display(LONG + ".name"));
        assertEquals(List.of(SUB, LONG), mount.asked, "the long entry is asked for, not its .name");
    }

    @Test
    void rootForms() {
        assertEquals("./", display("./"));
        assertEquals("./", display("."));
        assertEquals(0, decoded("./").plainPath().length);
    }

    @Test
    void pathsThroughLongNamesAreJournaledWithTheirParents() {
        decoded(IN_LONG + "");
        decoded(FILE);
        assertArrayEquals(("dir one/" + L200 + "/inside long.txt").getBytes(StandardCharsets.UTF_8),
                journal.lookup(IN_LONG).orElseThrow());
        assertArrayEquals(("dir one/" + L200).getBytes(StandardCharsets.UTF_8), journal.lookup(LONG).orElseThrow());
        assertEquals(2, journal.size(), "short-named paths decode without the journal");
    }

    @Test
    void deletedLongNamesComeFromTheJournal() {
        journal.record(LONG, ("dir one/" + L200).getBytes(StandardCharsets.UTF_8));
        journal.record(IN_LONG, ("dir one/" + L200 + "/inside long.txt").getBytes(StandardCharsets.UTF_8));
        mount.plain.remove(LONG);
        mount.plain.remove(IN_LONG); // the plaintext is gone: the socket answers ENOENT

        Decoded child = decoded(IN_LONG);
        assertTrue(child.fromJournal());
        assertEquals("dir one/" + L200 + "/inside long.txt", child.display());
        assertEquals("dir one/" + L200 + "/", display(LONG + "/"));
        assertEquals("dir one/" + L200 + "/ [dir IV]", display(LONG + "/gocryptfs.diriv"));
        assertEquals("dir one/" + L200 + " [long-name file]", display(LONG + ".name"));
    }

    @Test
    void failureSaysWhy() {
        Failed failed = assertInstanceOf(Failed.class, decoder.decode("AAAAAAAAAAAAAAAAAAAAAA".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("no such file or directory (errno 2)", failed.reason());
        assertInstanceOf(Failed.class, decoder.decode("/abs/x".getBytes(StandardCharsets.US_ASCII)));
        assertInstanceOf(Failed.class, decoder.decode((DIR + "//x").getBytes(StandardCharsets.US_ASCII)));
        assertInstanceOf(Failed.class, decoder.decode(new byte[] {'a', (byte) 0xFF}));
        assertInstanceOf(Failed.class, decoder.decode((DIR + "/../x").getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void answerWithTheWrongNumberOfComponentsIsRejected() {
        mount.put("AAAAAAAAAAAAAAAAAAAAAA", "a/b");
        Failed failed = assertInstanceOf(Failed.class, decoder.decode("AAAAAAAAAAAAAAAAAAAAAA".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(failed.reason().contains("components"), failed.reason());
    }

    @Test
    void approximateNamesAreMarkedAndNeverJournaled() {
        PathDecoder lossy = new PathDecoder(cipherPath -> new PathDecryptor.Plaintext(
                ("dir one/bad\uFFFDname/" + L200).getBytes(StandardCharsets.UTF_8), false), journal);
        Decoded d = assertInstanceOf(Decoded.class,
                lossy.decode((DIR + "/gocryptfs.longname.EttnQTX9wxUmlWs6TbyR5mZh00dwu5V_flMcwqSuNpY/"
                        + "gocryptfs.longname.EttnQTX9wxUmlWs6TbyR5mZh00dwu5V_flMcwqSuNpY").getBytes(StandardCharsets.US_ASCII)));
        assertFalse(d.exact());
        assertEquals(List.of(PathDecoding.APPROXIMATE_MARKER), d.markers());
        assertEquals(0, journal.size());
        Decoded parent = assertInstanceOf(Decoded.class, lossy.decode((DIR + "/").getBytes(StandardCharsets.US_ASCII)));
        assertTrue(parent.exact(), "the parent's name had no U+FFFD");
    }

    @Test
    void aFailingSocketIsAskedLessAndLessOften() {
        mount.ioFailure = new IOException("cannot connect to control socket /x: Connection refused");
        for (int i = 0; i < PathDecoder.FAILURES_BEFORE_THROTTLE; i++) {
            Failed f = assertInstanceOf(Failed.class, decoder.decode(("A" + i + "AAAAAAAAAAAAAAAAAAAAA").getBytes(StandardCharsets.US_ASCII)));
            assertTrue(f.reason().startsWith("control socket: cannot connect"), f.reason());
        }
        assertEquals(PathDecoder.FAILURES_BEFORE_THROTTLE, mount.asked.size());
        for (int i = 0; i < PathDecoder.PROBE_INTERVAL - 1; i++) {
            Failed f = assertInstanceOf(Failed.class, decoder.decode(FILE.getBytes(StandardCharsets.US_ASCII)));
            assertTrue(f.reason().startsWith("control socket unavailable"), f.reason());
        }
        assertEquals(PathDecoder.FAILURES_BEFORE_THROTTLE, mount.asked.size(), "throttled");
        mount.ioFailure = null;
        assertEquals("dir one/sub/deep file.txt", display(FILE)); // the probe gets through and succeeds
        assertEquals("dir one/sub/", display(SUB + "/"));
    }

    @Test
    void cacheIsBounded() {
        PathDecoder small = new PathDecoder(mount, journal, 2);
        small.decode(FILE.getBytes(StandardCharsets.US_ASCII)); // caches DIR, SUB, FILE -> keeps 2
        mount.asked.clear();
        small.decode((DIR + "/").getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of(DIR), mount.asked, "the oldest entry was evicted");
    }

    @Test
    void manyNamesOfOneDirectoryAreLearnedFromOneListing() {
        mount.listable(SUB, "dir one/sub", 6);

        decoder.prefetch(paths(SUB, "c0", "c1", "c2", "c3", "c4"));

        assertEquals(List.of(SUB), mount.listed);
        assertEquals(List.of(), mount.asked, "no path by path requests");
        assertEquals("dir one/sub/p3", display(SUB + "/c3"));
        assertEquals("dir one/sub/p5", display(SUB + "/c5"), "also the names the batch did not ask for");
        assertEquals("dir one/sub/", display(SUB + "/"));
        assertEquals("dir one/", display(DIR + "/"), "and the directory's parents");
        assertEquals(List.of(), mount.asked);
    }

    @Test
    void aFewNamesAreAskedForPathByPath() {
        mount.listable(SUB, "dir one/sub", 6);
        for (int i = 0; i < PathDecoder.NAMES_WORTH_A_LISTING - 1; i++) {
            mount.put(SUB + "/c" + i, "dir one/sub/p" + i);
        }

        decoder.prefetch(paths(SUB, "c0", "c1", "c2"));

        assertEquals(List.of(), mount.listed, "an incremental run's few names in a big directory");
        assertEquals(List.of(SUB + "/c0", SUB + "/c1", SUB + "/c2"), mount.asked);
    }

    @Test
    void namesTheListingLacksAreAskedForAndADirectoryIsListedOnce() {
        mount.listable(SUB, "dir one/sub", 3);
        mount.put(SUB + "/deleted", "dir one/sub/deleted since");

        decoder.prefetch(paths(SUB, "c0", "c1", "c2", "deleted"));
        decoder.prefetch(paths(SUB, "gone1", "gone2", "gone3", "gone4"));

        assertEquals(List.of(SUB), mount.listed);
        assertEquals(List.of(SUB + "/deleted", SUB + "/gone1", SUB + "/gone2", SUB + "/gone3", SUB + "/gone4"), mount.asked);
        assertEquals("dir one/sub/deleted since", display(SUB + "/deleted"));
    }

    @Test
    void aSocketThatCannotListIsNotAskedToAgain() {
        mount.canList = false;
        for (String name : new String[] {"a", "b", "c", "d"}) {
            mount.put(SUB + "/" + name, "dir one/sub/" + name);
            mount.put(DIR + "/" + name, "dir one/" + name);
        }

        decoder.prefetch(paths(SUB, "a", "b", "c", "d"));
        decoder.prefetch(paths(DIR, "a", "b", "c", "d"));

        assertEquals(List.of(SUB), mount.listed, "gocryptfs's socket: asked once");
        assertEquals(8, mount.asked.size());
        assertEquals("dir one/a", display(DIR + "/a"));
    }

    @Test
    void hashedLongNamesFromAListingAreJournaled() {
        String hashed = "gocryptfs.longname.EttnQTX9wxUmlWs6TbyR5mZh00dwu5V_flMcwqSuNpY";
        List<CtlListing.Entry> entries = new ArrayList<>();
        entries.add(new CtlListing.Entry(hashed, 040755, 0, 0, L200.getBytes(StandardCharsets.UTF_8), true));
        entries.add(new CtlListing.Entry(hashed + ".name", 0100444, 0, 0, null, true));
        for (int i = 0; i < 4; i++) {
            entries.add(new CtlListing.Entry("c" + i, 0100644, 0, 0, ("p" + i).getBytes(StandardCharsets.UTF_8), true));
        }
        mount.listings.put(DIR, new CtlListing(new PathDecryptor.Plaintext("dir one".getBytes(StandardCharsets.UTF_8), true),
                entries));

        decoder.prefetch(paths(DIR, "c0", "c1", "c2", hashed));

        assertArrayEquals(("dir one/" + L200).getBytes(StandardCharsets.UTF_8), journal.lookup(LONG).orElseThrow());
        assertEquals(1, journal.size(), "short names are not journaled");
        assertEquals("dir one/" + L200 + " [long-name file]", display(LONG + ".name"));
    }
}
