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
}
