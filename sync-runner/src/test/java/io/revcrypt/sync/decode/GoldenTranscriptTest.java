package io.revcrypt.sync.decode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays real rsync transcripts through the whole decoder — parser, path decoder, journal, and
 * the real {@link CtlClient} talking to a fake socket that gives the answers the real gocryptfs
 * socket gave (captured alongside). The expected output is what rsync printed when run on the
 * plaintext tree (the oracle files), or worked out here from the names capture.sh created.
 */
class GoldenTranscriptTest {

    private static final String L200 = "L".repeat(200);
    private static final String M190 = "M".repeat(190);
    private static final String Q180 = "Q".repeat(180);
    private static final String Z180 = "Z".repeat(180);
    private static final String APPROXIMATE = PathDecoding.APPROXIMATE_MARKER;

    /** Symlink targets as capture.sh created them (runs 1 and 2). */
    private static final Map<String, String> TARGETS_RUN1 = Map.of(
            "link-rel", "hello.txt", "link abs", "/etc/passwd", "link arrow", "target -> x");
    private static final Map<String, String> TARGETS_RUN2 = Map.of(
            "link-rel", "with space.txt", "link abs", "/etc/passwd", "link arrow", "target -> x");

    @TempDir
    Path dir;

    private int socketCount;

    // ------------------------------------------------------------------ tree, run 1

    @Test
    void firstRunMatchesRsyncOnThePlaintextExceptTheVirtualFiles() throws IOException {
        Decoded run = decode(Transcripts.ctlsockAnswers("tree-run1.ctlsock"), TARGETS_RUN1, null, journalFile(),
                "tree-run1.itemize.out");

        List<String> expected = new ArrayList<>(Transcripts.oracleLines("tree-run1.plain-oracle.out"));
        // gocryptfs's socket turns the 0xFF byte into U+FFFD; the line says the name is approximate
        assertTrue(expected.remove(">f+++++++++\tbad\\#377utf8"));
        assertTrue(run.real.remove(">f+++++++++\tbad\uFFFDutf8 " + APPROXIMATE), run.real.toString());
        assertEquals(sorted(expected), sorted(run.real));

        assertEquals(sorted(List.of(
                ">f+++++++++\t.gocryptfs.reverse.conf [config]",
                ">f+++++++++\t./ [dir IV]",
                ">f+++++++++\t" + L200 + ".txt [long-name file]",
                ">f+++++++++\tdir one/ [dir IV]",
                ">f+++++++++\tdir one/" + L200 + " [long-name file]",
                ">f+++++++++\tdir one/sub/ [dir IV]",
                ">f+++++++++\tdir one/" + L200 + "/ [dir IV]")), sorted(run.virtual));
        assertEquals(0, run.summary.undecodedLines());
        assertEquals(19, run.summary.created()); // the oracle's item lines: 13 files, 3 symlinks, 3 directories
    }

    @Test
    void withRevcryptsExactBytesTheFirstRunMatchesTheOracleExactly() throws IOException {
        Map<String, String> answers = Transcripts.ctlsockAnswers("tree-run1.ctlsock");
        // revcrypt's own socket adds ResultRaw for a name that is not UTF-8
        String badCipher = answers.entrySet().stream()
                .filter(e -> e.getValue().contains("bad\\ufffdutf8")).findFirst().orElseThrow().getKey();
        String raw = Base64.getEncoder().encodeToString(new byte[] {'b', 'a', 'd', (byte) 0xFF, 'u', 't', 'f', '8'});
        answers.put(badCipher, answers.get(badCipher).replace(",\"ErrNo\"", ",\"ResultRaw\":\"" + raw + "\",\"ErrNo\""));

        Decoded run = decode(answers, TARGETS_RUN1, null, journalFile(), "tree-run1.itemize.out");
        assertEquals(sorted(Transcripts.oracleLines("tree-run1.plain-oracle.out")), sorted(run.real));
    }

    @Test
    void verboseListingMatchesTheOracle() throws IOException {
        Decoded run = decode(Transcripts.ctlsockAnswers("tree-run1.ctlsock"), TARGETS_RUN1, null, journalFile(),
                "tree-run1.v.out");
        List<String> expected = new ArrayList<>(Transcripts.oracleLines("tree-run1.v.plain-oracle.out"));
        expected.removeIf(line -> line.startsWith("sent ") || line.startsWith("total size is "));
        run.real.removeIf(line -> line.startsWith("sent ") || line.startsWith("total size is "));
        assertTrue(expected.remove("bad\\#377utf8"));
        assertTrue(run.real.remove("bad\uFFFDutf8 " + APPROXIMATE), run.real.toString());
        assertEquals(sorted(expected), sorted(run.real));
        assertEquals(7, run.virtual.size(), run.virtual.toString());
        assertTrue(run.virtual.contains(".gocryptfs.reverse.conf [config]"), run.virtual.toString());
        assertEquals(19, run.summary.listed());
    }

    // ------------------------------------------------------------------ tree, run 2: deletions

    @Test
    void secondRunDecodesDeletedLongNamesFromTheJournalOfTheFirst() throws IOException {
        Path journal = journalFile();
        decode(Transcripts.ctlsockAnswers("tree-run1.ctlsock"), TARGETS_RUN1, null, journal, "tree-run1.itemize.out");

        // the socket now fails on the deleted long names: these are its real answers after deletion
        Map<String, String> answers = Transcripts.ctlsockAnswers("tree-run2.ctlsock", "tree-run2.deleted.ctlsock");
        Decoded run = decode(answers, TARGETS_RUN2, null, journal, "tree-run2.itemize.out");

        assertEquals(sorted(Transcripts.oracleLines("tree-run2.plain-oracle.out")), sorted(run.real));
        assertEquals(sorted(List.of(
                "*deleting  \t" + L200 + ".txt [long-name file]",
                ">f..t......\t./ [dir IV]",
                "*deleting  \tdir one/" + L200 + "/ [dir IV]",
                "*deleting  \tdir one/" + L200 + " [long-name file]",
                ">f+++++++++\tfresh dir/ [dir IV]",
                ">f..t......\tdir one/ [dir IV]",
                ">f..t......\tdir one/sub/ [dir IV]",
                ">f+++++++++\tdir one/sub/" + M190 + " [long-name file]")), sorted(run.virtual));
        DecodeSummary.Snapshot s = run.summary;
        assertEquals(0, s.undecodedLines());
        assertEquals(4, s.deleted());          // new\nline, L200.txt, dir one/L200/inside long.txt, dir one/L200/
        assertEquals(4, s.created());          // new file ✓.txt, dir one/sub/M190, fresh dir/, fresh dir/a b
        assertEquals(3, s.updated());          // hello.txt, with space.txt (sent again: time differs), link-rel
        assertEquals(4, s.attributesOnly());   // ./, tab<TAB>here (mode), dir one/, dir one/sub/ (times)
    }

    @Test
    void withoutTheJournalDeletedLongNamesAreMarkedNotDropped() throws IOException {
        Map<String, String> answers = Transcripts.ctlsockAnswers("tree-run2.ctlsock", "tree-run2.deleted.ctlsock");
        Decoded run = decode(answers, TARGETS_RUN2, null, journalFile(), "tree-run2.itemize.out");

        List<String> undecoded = run.all.stream().filter(l -> l.contains(RsyncOutputDecoder.NOT_DECODED_MARK)).toList();
        assertEquals(6, undecoded.size(), undecoded.toString()); // all 7 deletions but the short-named new\nline
        for (String line : undecoded) {
            assertTrue(line.startsWith("*deleting  \t"), line);
            assertTrue(line.contains("gocryptfs.longname."), "printed as it came: " + line);
            assertTrue(line.endsWith("  [not decoded: no such file or directory (errno 2)]"), line);
        }
        assertTrue(run.all.contains("*deleting  \tnew\\#012line"));
        assertEquals(6, run.summary.undecodedLines());
    }

    @Test
    void thirdRunCannotDeleteANonEmptyDirectory() throws IOException {
        // short names decode without their plaintext; the run-2 answers hold the deleted "fresh dir"
        Decoded run = decode(Transcripts.ctlsockAnswers("tree-run2.ctlsock"), TARGETS_RUN2, null, journalFile(),
                "tree-run3.itemize.out");
        assertEquals(List.of(
                "*deleting  \tfresh dir/a b",
                "*deleting  \tfresh dir/ [dir IV]",
                "cannot delete non-empty directory: fresh dir",
                "skipping non-regular file \"fifo1\"",
                ".d..t......\t./",
                ">f..t......\t./ [dir IV]"), run.all.subList(0, 6));
        assertEquals(List.of("fresh dir"), run.summary.notDeletedPaths().paths());
        assertEquals(List.of("fifo1"), run.summary.skippedPaths().paths());
        assertEquals(1, run.summary.deleted());
    }

    // ------------------------------------------------------------------ errors

    @Test
    void errorLinesNameThePlaintextUnderTheSourceRoot() throws IOException {
        Map<String, String> answers = Transcripts.ctlsockAnswers("errors.ctlsock");
        Path mount = Path.of(Transcripts.mountPoint("errors"));
        Decoded err = decode(answers, Map.of(), mount, journalFile(), "errors.itemize.err", Path.of("/home/me/src"));

        List<String> lines = err.all.stream().filter(l -> !l.isEmpty()).toList();
        assertEquals("rsync: [sender] opendir \"/home/me/src/locked dir\" failed: Permission denied (13)", lines.get(0));
        assertEquals("rsync: [sender] send_files failed to open \"/home/me/src/locked file.txt\": Permission denied (13)",
                lines.get(1));
        assertEquals("rsync: [sender] send_files failed to open \"/home/me/src/" + Q180 + "\": Permission denied (13)",
                lines.get(2));
        assertTrue(Pattern.matches("file has vanished: \"/home/me/src/vanishing-\\d+\\.txt\"", lines.get(3)), lines.get(3));
        assertEquals("rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1394)"
                + " [sender=3.5.0]", lines.get(4));

        DecodeSummary.Snapshot s = err.summary;
        assertEquals(List.of("/home/me/src/locked dir", "/home/me/src/locked file.txt", "/home/me/src/" + Q180),
                s.errorPaths().paths());
        assertEquals(1, s.vanishedPaths().total());
        assertEquals(23, s.rsyncExitCode().orElseThrow());
    }

    @Test
    void progressWithAnItemGluedOnIsDecoded() throws IOException {
        Map<String, String> answers = Transcripts.ctlsockAnswers("errors.ctlsock");
        Decoded out = decode(answers, Map.of(), Path.of(Transcripts.mountPoint("errors")), journalFile(),
                "errors.itemize.out");
        String glued = out.all.stream().filter(l -> l.contains("(xfr#3, to-chk=6/10)")).findFirst().orElseThrow();
        assertTrue(glued.endsWith("(xfr#3, to-chk=6/10)>f+++++++++\t" + Q180 + " [long-name file]"), glued);
        assertTrue(out.all.contains("cd+++++++++\tlocked dir/"), out.all.toString());
        assertEquals(0, out.summary.undecodedLines());
    }

    @Test
    void vanishedOnlyIsAWarning() throws IOException {
        Decoded err = decode(Transcripts.ctlsockAnswers("errors.ctlsock"), Map.of(),
                Path.of(Transcripts.mountPoint("errors")), journalFile(), "vanished.itemize.err");
        List<String> lines = err.all.stream().filter(l -> !l.isEmpty()).toList();
        assertTrue(Pattern.matches("file has vanished: \"vanishing-again-\\d+\\.txt\"", lines.get(0)), lines.get(0));
        assertEquals(24, err.summary.rsyncExitCode().orElseThrow());
        assertEquals(0, err.summary.errorPaths().total());
    }

    @Test
    void unreadableNameFileOfGocryptfsBug686() throws IOException {
        Decoded err = decode(Transcripts.ctlsockAnswers("name686.ctlsock"), Map.of(),
                Path.of(Transcripts.mountPoint("name686")), journalFile(), "name686.itemize.err");
        assertEquals("rsync: [sender] readlink_stat(\"dir1/" + Z180 + "\") failed: Operation not permitted (1)"
                + " [long-name file]", err.all.get(0));
        assertEquals(List.of("dir1/" + Z180 + " [long-name file]"), err.summary.errorPaths().paths());
    }

    @Test
    void withoutAMountPointAbsolutePathsDecodeTheirCipherTail() throws IOException {
        Decoded err = decode(Transcripts.ctlsockAnswers("errors.ctlsock"), Map.of(), null, journalFile(),
                "errors.itemize.err");
        String mount = Transcripts.mountPoint("errors");
        assertEquals("rsync: [sender] opendir \"" + mount + "/locked dir\" failed: Permission denied (13)", err.all.get(0));
    }

    // ------------------------------------------------------------------ plumbing

    private record Decoded(List<String> all, List<String> real, List<String> virtual, DecodeSummary.Snapshot summary) {
    }

    private Path journalFile() {
        return dir.resolve("journal-" + socketCount + "-" + System.nanoTime());
    }

    private Decoded decode(Map<String, String> answers, Map<String, String> targets, Path mount, Path journalFile,
                           String transcript) throws IOException {
        return decode(answers, targets, mount, journalFile, transcript, null);
    }

    private Decoded decode(Map<String, String> answers, Map<String, String> targets, Path mount, Path journalFile,
                           String transcript, Path sourceRoot) throws IOException {
        Path socket = dir.resolve("ctl" + (socketCount++) + ".sock");
        NameJournal journal = NameJournal.load(journalFile, w -> {
            throw new AssertionError(w);
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DecodeSummary.Snapshot summary;
        try (FakeCtlServer server = new FakeCtlServer(socket, new LinkedHashMap<>(answers));
             CtlClient client = new CtlClient(server.socket(), Duration.ofSeconds(10))) {
            RsyncOutputDecoder decoder = RsyncOutputDecoder.builder(
                            new PathDecoder(PathDecryptor.overSocket(client), journal))
                    .mountPoint(mount)
                    .sourceRoot(sourceRoot)
                    .symlinkTargets(link -> Optional.ofNullable(targets.get(new String(link, StandardCharsets.UTF_8)))
                            .map(t -> t.getBytes(StandardCharsets.UTF_8)))
                    .build();
            new DecodeFilter(decoder).run(new ByteArrayInputStream(Transcripts.bytes(transcript)), out);
            summary = decoder.summary().snapshot();
        }
        journal.save();

        List<String> all = new ArrayList<>();
        List<String> real = new ArrayList<>();
        List<String> virtual = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("[\r\n]", -1)) {
            if (RsyncLineParser.isProgressUpdate(line)) {
                continue;
            }
            all.add(line);
            if (line.isEmpty()) {
                continue;
            }
            boolean isVirtual = false;
            for (VirtualEntry v : VirtualEntry.values()) {
                isVirtual |= v != VirtualEntry.NONE && line.endsWith(" " + v.marker());
            }
            (isVirtual ? virtual : real).add(line);
        }
        return new Decoded(all, real, virtual, summary);
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        copy.removeIf(String::isEmpty);
        copy.sort(null);
        return copy;
    }
}
