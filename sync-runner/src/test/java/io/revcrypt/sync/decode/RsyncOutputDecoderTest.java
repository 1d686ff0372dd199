package io.revcrypt.sync.decode;

import io.revcrypt.core.view.TranslationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The facade over a fake mount; cipher names are real ones from the golden captures. */
class RsyncOutputDecoderTest {

    private static final String L200 = "L".repeat(200);
    private static final String DIR = "YwoLHKfxjuR9KUKMvOe7Dw";
    private static final String LONG_DIR = DIR + "/gocryptfs.longname.XMn0aPr0cLW2G-dpAgzRCFUviX7rGPsfXd0d7hqAqmo";
    private static final String MOUNT = "/run/revcrypt/mnt";

    private static final Map<String, String> PLAIN = new HashMap<>();

    static {
        PLAIN.put("ZwRfxM9CTPkYsRtKmqaYCg", "with space.txt");
        PLAIN.put("-I_qwkHferiIrwB6trZiLQ", "tab\there");
        PLAIN.put("HEc_POxCtGr151uUPUhyMw", "new\nline");
        PLAIN.put("7U3OpkCPCslqzpCJB97rcw", "arrow -> name");
        PLAIN.put("oSufvkQnaOgGeGXy79m5c5FOjnDaT5mAQD_r9MuCRuQ", "ünïcødé—日本.txt");
        PLAIN.put("0azwni68GeYzK1XwOnkEgw", "lit\\#012x");
        PLAIN.put("Xu0l2JE-7ifBr6Ci7EPsWQ", "cr\rx");
        PLAIN.put("I92rq2uOJ0cOOyQHF44YKA", "link arrow");
        PLAIN.put("-Jd3uMdg-_FGpii6GeH8Eg", "link-rel");
        PLAIN.put("r1wst2nVW7jkoSbLGyt3Wg", "hello.txt");
        PLAIN.put(DIR, "dir one");
        PLAIN.put(DIR + "/BjOYv4ZehCkdEV-_w4YPGA", "dir one/sub");
        PLAIN.put(LONG_DIR, "dir one/" + L200);
        PLAIN.put(LONG_DIR + "/yh2pDGiAF67jNX1M1GVkUQ", "dir one/" + L200 + "/inside long.txt");
    }

    private static PathDecryptor fakeMount() {
        return cipherPath -> {
            String plain = PLAIN.get(cipherPath);
            if (plain == null) {
                throw TranslationException.noSuchFile();
            }
            return new PathDecryptor.Plaintext(plain.getBytes(StandardCharsets.UTF_8), true);
        };
    }

    private final NameJournal journal = NameJournal.inMemory();
    private final RsyncOutputDecoder decoder = RsyncOutputDecoder.builder(new PathDecoder(fakeMount(), journal))
            .mountPoint(Path.of(MOUNT))
            .build();

    private String decode(String rawLine) {
        return decoder.decodeLine(RsyncEscapes.rawText(rawLine.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oddNamesOneLineEach() {
        assertEquals(">f+++++++++\twith space.txt", decode(">f+++++++++\tZwRfxM9CTPkYsRtKmqaYCg"));
        assertEquals(">f+++++++++\ttab\there", decode(">f+++++++++\t-I_qwkHferiIrwB6trZiLQ"));
        assertEquals(">f+++++++++\tnew\\#012line", decode(">f+++++++++\tHEc_POxCtGr151uUPUhyMw"));
        assertEquals(">f+++++++++\tcr\\#015x", decode(">f+++++++++\tXu0l2JE-7ifBr6Ci7EPsWQ"));
        assertEquals(">f+++++++++\tarrow -> name", decode(">f+++++++++\t7U3OpkCPCslqzpCJB97rcw"));
        assertEquals(">f+++++++++\tünïcødé—日本.txt", decode(">f+++++++++\toSufvkQnaOgGeGXy79m5c5FOjnDaT5mAQD_r9MuCRuQ"));
        assertEquals(">f+++++++++\tlit\\#134#012x", decode(">f+++++++++\t0azwni68GeYzK1XwOnkEgw"));
    }

    @Test
    void longNamesAndTheirNameFiles() {
        assertEquals("cd+++++++++\tdir one/" + L200 + "/", decode("cd+++++++++\t" + LONG_DIR + "/"));
        assertEquals(">f+++++++++\tdir one/" + L200 + "/inside long.txt", decode(">f+++++++++\t" + LONG_DIR + "/yh2pDGiAF67jNX1M1GVkUQ"));
        assertEquals(">f+++++++++\tdir one/" + L200 + " [long-name file]", decode(">f+++++++++\t" + LONG_DIR + ".name"));
    }

    @Test
    void dirIvAndConfig() {
        assertEquals(">f+++++++++\t./ [dir IV]", decode(">f+++++++++\tgocryptfs.diriv"));
        assertEquals(">f..t......\tdir one/ [dir IV]", decode(">f..t......\t" + DIR + "/gocryptfs.diriv"));
        assertEquals(">f+++++++++\t.gocryptfs.reverse.conf [config]", decode(">f+++++++++\tgocryptfs.conf"));
    }

    @Test
    void deletions() {
        assertEquals("*deleting  \tnew\\#012line", decode("*deleting  \tHEc_POxCtGr151uUPUhyMw"));
        assertEquals("deleting dir one/", decode("deleting " + DIR + "/"));
    }

    @Test
    void verboseNames() {
        assertEquals("with space.txt", decode("ZwRfxM9CTPkYsRtKmqaYCg"));
        assertEquals("dir one/sub/", decode(DIR + "/BjOYv4ZehCkdEV-_w4YPGA/"));
        assertEquals("./", decode("./"));
    }

    @Test
    void escapesInTheInputAreUndoneBeforeAskingTheSocket() {
        // \#147 is 'g': the decoder must ask for ...YCg, not for the escape
        assertEquals(">f+++++++++\twith space.txt", decode(">f+++++++++\tZwRfxM9CTPkYsRtKmqaYC\\#147"));
    }

    @Test
    void symlinkTargetsAreEncryptedUnlessTheSourceIsAtHand() {
        String line = "cL+++++++++\tI92rq2uOJ0cOOyQHF44YKA -> QlY0jdqnaT8dehyqqQhqJ12s7bKBkJy5varSodJJUy0aEm6l9eTg8RXEUA";
        assertEquals("cL+++++++++\tlink arrow -> (encrypted target)", decode(line));

        RsyncOutputDecoder withSource = RsyncOutputDecoder.builder(new PathDecoder(fakeMount(), journal))
                .symlinkTargets(link -> Optional.of("target\n-> x".getBytes(StandardCharsets.UTF_8)))
                .build();
        assertEquals("cL+++++++++\tlink arrow -> target\\#012-> x", withSource.decodeLine(line));
        assertEquals("link arrow -> target\\#012-> x",
                withSource.decodeLine("I92rq2uOJ0cOOyQHF44YKA -> QlY0jdqnaT8dehyqqQhqJ12s7bKBkJy5varSodJJUy0aEm6l9eTg8RXEUA"));
    }

    @Test
    void hardLinkTargetsAreDecodedAsPaths() {
        assertEquals("hf+++++++++\twith space.txt => dir one/" + L200 + "/inside long.txt",
                decode("hf+++++++++\tZwRfxM9CTPkYsRtKmqaYCg => " + LONG_DIR + "/yh2pDGiAF67jNX1M1GVkUQ"));
    }

    @Test
    void errorLinesLoseTheMountPrefix() {
        assertEquals("rsync: [sender] send_files failed to open \"tab\there\": Permission denied (13)",
                decode("rsync: [sender] send_files failed to open \"" + MOUNT + "/-I_qwkHferiIrwB6trZiLQ\": Permission denied (13)"));
        assertEquals("file has vanished: \"dir one/sub\"",
                decode("file has vanished: \"" + MOUNT + "/" + DIR + "/BjOYv4ZehCkdEV-_w4YPGA\""));
        assertEquals("rsync: [sender] change_dir \"./\" failed: No such file or directory (2)",
                decode("rsync: [sender] change_dir \"" + MOUNT + "\" failed: No such file or directory (2)"));
        assertEquals("skipping non-regular file \"hello.txt\"", decode("skipping non-regular file \"r1wst2nVW7jkoSbLGyt3Wg\""));
        assertEquals("cannot delete non-empty directory: dir one", decode("cannot delete non-empty directory: " + DIR));
    }

    @Test
    void errorLinesUnderTheSourceRoot() {
        RsyncOutputDecoder d = RsyncOutputDecoder.builder(new PathDecoder(fakeMount(), journal))
                .mountPoint(Path.of("/run/x/mnt/"))
                .sourceRoot(Path.of("/home/me/My Docs"))
                .build();
        assertEquals("rsync: [sender] opendir \"/home/me/My Docs/dir one\" failed: Permission denied (13)",
                d.decodeLine("rsync: [sender] opendir \"/run/x/mnt/" + DIR + "\" failed: Permission denied (13)"));
        assertEquals("rsync: [sender] change_dir \"/home/me/My Docs/\" failed: x (2)",
                d.decodeLine("rsync: [sender] change_dir \"/run/x/mnt\" failed: x (2)"));
    }

    @Test
    void mountPointWithAnEscapedByte() {
        RsyncOutputDecoder d = RsyncOutputDecoder.builder(new PathDecoder(fakeMount(), journal))
                .mountPoint(Path.of("/tmp/m\nt"))
                .build();
        assertEquals("file has vanished: \"hello.txt\"",
                d.decodeLine("file has vanished: \"/tmp/m\\#012t/r1wst2nVW7jkoSbLGyt3Wg\""));
    }

    @Test
    void destinationPathsKeepTheirHead() {
        assertEquals("rsync: [generator] failed to set times on \"/backup/dir one/sub\": Operation not permitted (1)",
                decode("rsync: [generator] failed to set times on \"/backup/" + DIR + "/BjOYv4ZehCkdEV-_w4YPGA\": "
                        + "Operation not permitted (1)"));
        // rsync's temporary file names are not cipher names: nothing to decode, printed as it came
        String temp = "rsync: [receiver] mkstemp \"/backup/" + DIR + "/.ZwRfxM9CTPkYsRtKmqaYCg.Xy12ab\" failed: No space left (28)";
        assertEquals(temp, decode(temp));
    }

    @Test
    void undecodableLinesArePrintedAsTheyCameAndMarked() {
        assertEquals(">f+++++++++\tAAAAAAAAAAAAAAAAAAAAAA  [not decoded: no such file or directory (errno 2)]",
                decode(">f+++++++++\tAAAAAAAAAAAAAAAAAAAAAA"));
        assertEquals("*deleting  \t" + LONG_DIR + "/QQQQQQQQQQQQQQQQQQQQQQ  [not decoded: no such file or directory (errno 2)]",
                decode("*deleting  \t" + LONG_DIR + "/QQQQQQQQQQQQQQQQQQQQQQ"));
        assertEquals("file has vanished: \"" + MOUNT + "/AAAAAAAAAAAAAAAAAAAAAA\"  [not decoded: no such file or directory (errno 2)]",
                decode("file has vanished: \"" + MOUNT + "/AAAAAAAAAAAAAAAAAAAAAA\""));
        assertEquals(3, decoder.summary().snapshot().undecodedLines());
    }

    @Test
    void linesWithoutPathsPassUnchanged() {
        for (String line : List.of("", "sending incremental file list", "IO error encountered -- skipping file deletion",
                "sent 4,016 bytes  received 483 bytes  8,998.00 bytes/sec", "created directory /backup/x",
                "rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1394) [sender=3.5.0]")) {
            assertEquals(line, decode(line));
        }
        assertEquals(0, decoder.summary().snapshot().undecodedLines());
    }

    @Test
    void progressRunsStayOneRunAndGluedItemsAreDecoded() {
        String raw = "\r             51   2%    0.00kB/s    0:00:00  \r             51   2%    0.00kB/s    0:00:00 (xfr#1, to-chk=26/28)";
        assertEquals(raw, decode(raw));
        assertEquals("\r            467   0%   15.62kB/s    0:00:00 (xfr#3, to-chk=6/10)>f+++++++++\thello.txt",
                decode("\r            467   0%   15.62kB/s    0:00:00 (xfr#3, to-chk=6/10)>f+++++++++\tr1wst2nVW7jkoSbLGyt3Wg"));
    }

    @Test
    void approximateNamesAreSaidToBe() {
        RsyncOutputDecoder d = RsyncOutputDecoder.builder(new PathDecoder(
                p -> new PathDecryptor.Plaintext("bad\uFFFDutf8".getBytes(StandardCharsets.UTF_8), false), journal)).build();
        assertEquals(">f+++++++++\tbad\uFFFDutf8 [approximate name: not valid UTF-8]",
                d.decodeLine(">f+++++++++\tG1w3yAD0DNVa5PPZ3kmxzg"));
    }

    @Test
    void nothingEscapes() {
        RsyncOutputDecoder broken = RsyncOutputDecoder.builder(new PathDecoder(p -> {
                    throw new IllegalStateException("boom");
                }, journal))
                .listener((event, printed) -> {
                    throw new IllegalStateException("listener boom");
                })
                .build();
        assertEquals(">f+++++++++\tZwRfxM9CTPkYsRtKmqaYCg  [not decoded: internal error: java.lang.IllegalStateException: boom]",
                broken.decodeLine(">f+++++++++\tZwRfxM9CTPkYsRtKmqaYCg"));
        assertEquals("plain text", broken.decodeLine("plain text"));
    }

    @Test
    void bytesThatAreNotUtf8InALineThatCannotBeDecoded() {
        byte[] line = {'o', 'd', 'd', ' ', (byte) 0xFF};
        assertEquals("odd \\#377", decoder.decodeLine(line));
    }

    @Test
    void summaryCountsRealEntriesAndCollectsMessagePaths() {
        List<String> lines = List.of(
                ">f+++++++++\tZwRfxM9CTPkYsRtKmqaYCg",
                "cd+++++++++\t" + DIR + "/",
                ">f+++++++++\t" + DIR + "/gocryptfs.diriv",          // virtual: not counted
                ">f.st......\tr1wst2nVW7jkoSbLGyt3Wg",
                "cLc.t......\t-Jd3uMdg-_FGpii6GeH8Eg -> AAAA",
                ".f...p.....\t-I_qwkHferiIrwB6trZiLQ",
                ".d..t......\t./",
                "*deleting  \tHEc_POxCtGr151uUPUhyMw",
                "*deleting  \tAAAAAAAAAAAAAAAAAAAAAA",                  // counted though not decoded
                "*deleting  \t" + LONG_DIR + ".name",                    // virtual
                ".f         \t7U3OpkCPCslqzpCJB97rcw",                 // unchanged (-ii)
                "rsync: [sender] send_files failed to open \"" + MOUNT + "/-I_qwkHferiIrwB6trZiLQ\": Permission denied (13)",
                "rsync: [sender] send_files failed to open \"" + MOUNT + "/" + LONG_DIR + ".name\": Permission denied (13)",
                "file has vanished: \"" + MOUNT + "/HEc_POxCtGr151uUPUhyMw\"",
                "skipping non-regular file \"r1wst2nVW7jkoSbLGyt3Wg\"",
                "rsync warning: some files vanished before they could be transferred (code 24) at main.c(1394) [sender=3.5.0]");
        lines.forEach(this::decode);
        DecodeSummary.Snapshot s = decoder.summary().snapshot();
        assertEquals(2, s.created());
        assertEquals(2, s.updated());
        assertEquals(2, s.attributesOnly());
        assertEquals(2, s.deleted());
        assertEquals(List.of("tab\there", "dir one/" + L200 + " [long-name file]"), s.errorPaths().paths());
        assertEquals(List.of("new\\#012line"), s.vanishedPaths().paths());
        assertEquals(List.of("hello.txt"), s.skippedPaths().paths());
        assertEquals(24, s.rsyncExitCode().orElseThrow());
        assertEquals(1, s.undecodedLines());
    }

    @Test
    void aModeChangeCountsAsChangedADirectorysTimeDoesNot() {
        List.of(".f...p.....\t-I_qwkHferiIrwB6trZiLQ", ".d..t......\t./", ">f.st......\tr1wst2nVW7jkoSbLGyt3Wg")
                .forEach(this::decode);
        DecodeSummary.Snapshot s = decoder.summary().snapshot();
        assertEquals(2, s.changed(), "the chmod and the data change; not the directory's time");
        assertEquals(1, s.metadataChanged());
    }

    @Test
    void aCreatedDirectoryThatVanishedOrAVanishedIvIsIncomplete() {
        List.of("cd+++++++++\t" + DIR + "/",
                "file has vanished: \"" + MOUNT + "/" + DIR + "\"",
                "file has vanished: \"" + MOUNT + "/HEc_POxCtGr151uUPUhyMw\"") // a file: nothing of it in the copy
                .forEach(this::decode);
        assertEquals(List.of("dir one"), decoder.summary().snapshot().incompleteDirectories().paths());
        decode("file has vanished: \"" + MOUNT + "/" + DIR + "/gocryptfs.diriv\"");
        assertEquals(2, decoder.summary().snapshot().incompleteDirectories().total());
        assertTrue(decoder.summary().snapshot().incompleteDirectories().paths().get(0).startsWith("dir one/"));
    }

    @Test
    void listenerSeesEveryEventAndWhatWasPrinted() {
        List<String> seen = new ArrayList<>();
        RsyncOutputDecoder d = RsyncOutputDecoder.builder(new PathDecoder(fakeMount(), journal))
                .listener((event, printed) -> seen.add(event.getClass().getSimpleName() + ":" + printed))
                .build();
        d.decodeLine(">f+++++++++\tZwRfxM9CTPkYsRtKmqaYCg");
        d.decodeLine("sending incremental file list");
        assertEquals(List.of("Itemized:>f+++++++++\twith space.txt", "Stats:sending incremental file list"), seen);
    }

    @Test
    void twoPumpsCanShareOneDecoder() throws Exception {
        ExecutorService pumps = Executors.newFixedThreadPool(2);
        try {
            Callable<Boolean> stdout = () -> {
                for (int i = 0; i < 2000; i++) {
                    String out = decode(">f+++++++++\t" + LONG_DIR + "/yh2pDGiAF67jNX1M1GVkUQ");
                    if (!out.equals(">f+++++++++\tdir one/" + L200 + "/inside long.txt")) {
                        return false;
                    }
                }
                return true;
            };
            Callable<Boolean> stderr = () -> {
                for (int i = 0; i < 2000; i++) {
                    String out = decode("file has vanished: \"" + MOUNT + "/HEc_POxCtGr151uUPUhyMw\"");
                    if (!out.equals("file has vanished: \"new\\#012line\"")) {
                        return false;
                    }
                }
                return true;
            };
            Future<Boolean> a = pumps.submit(stdout);
            Future<Boolean> b = pumps.submit(stderr);
            assertTrue(a.get());
            assertTrue(b.get());
        } finally {
            pumps.shutdownNow();
        }
        DecodeSummary.Snapshot s = decoder.summary().snapshot();
        assertEquals(2000, s.created());
        assertEquals(2000, s.vanishedPaths().total());
        assertEquals(2000, s.vanishedPaths().paths().size());
    }
}
