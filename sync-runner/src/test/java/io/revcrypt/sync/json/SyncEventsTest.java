package io.revcrypt.sync.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revcrypt.core.view.TranslationException;
import io.revcrypt.sync.decode.DecodedEvent;
import io.revcrypt.sync.decode.NameJournal;
import io.revcrypt.sync.decode.PathDecoder;
import io.revcrypt.sync.decode.PathDecryptor;
import io.revcrypt.sync.decode.RsyncOutputDecoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * rsync's lines as {@code sync --json} events: through the real decoder over a fake mount (cipher
 * names from the golden captures), so the fields come from the decoded parts, never the text.
 */
class SyncEventsTest {

    private static final String DIR = "YwoLHKfxjuR9KUKMvOe7Dw";
    private static final String MOUNT = "/run/revcrypt/mnt";
    private static final Map<String, String> PLAIN = Map.of(
            "ZwRfxM9CTPkYsRtKmqaYCg", "with space.txt",
            "HEc_POxCtGr151uUPUhyMw", "new\nline",
            "7U3OpkCPCslqzpCJB97rcw", "arrow -> name",
            "oSufvkQnaOgGeGXy79m5c5FOjnDaT5mAQD_r9MuCRuQ", "ünïcødé—日本.txt",
            DIR, "dir one",
            DIR + "/BjOYv4ZehCkdEV-_w4YPGA", "dir one/sub");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RsyncOutputDecoder decoder = RsyncOutputDecoder.builder(new PathDecoder(fakeMount(),
            NameJournal.inMemory())).mountPoint(Path.of(MOUNT)).sourceRoot(Path.of("/home/me")).build();

    private static PathDecryptor fakeMount() {
        return cipherPath -> {
            String plain = PLAIN.get(cipherPath);
            if (plain == null) {
                throw TranslationException.noSuchFile();
            }
            return new PathDecryptor.Plaintext(plain.getBytes(StandardCharsets.UTF_8), true);
        };
    }

    private Optional<JsonNode> event(String rsyncLine, boolean fromStderr) throws Exception {
        DecodedEvent decoded = decoder.decodeSegment(rsyncLine.getBytes(StandardCharsets.UTF_8));
        Optional<Object> record = SyncEvents.of(decoded, fromStderr);
        return record.isEmpty() ? Optional.empty() : Optional.of(JSON.readTree(JsonLines.toJson(record.get())));
    }

    private JsonNode item(String rsyncLine) throws Exception {
        JsonNode e = event(rsyncLine, false).orElseThrow();
        assertEquals("item", e.get("type").asText(), e.toString());
        return e;
    }

    @Test
    void aCreatedFileHasItsPlaintextPathFlagsAndChange() throws Exception {
        JsonNode e = item(">f+++++++++\t" + DIR + "/BjOYv4ZehCkdEV-_w4YPGA");
        assertEquals("created", e.get("change").asText());
        assertEquals(">f+++++++++", e.get("flags").asText());
        assertEquals("file", e.get("entry").asText());
        assertEquals("dir one/sub", e.get("path").asText());
        assertEquals(">f+++++++++\tdir one/sub", e.get("text").asText(), "the line a person sees");
        assertFalse(e.has("cipherPath"), "decoded: no cipher path");
        assertFalse(e.has("gocryptfsFile"));
    }

    @Test
    void namesKeepRsyncsEscapingAndUnicode() throws Exception {
        assertEquals("new\\#012line", item(">f.st......\tHEc_POxCtGr151uUPUhyMw").get("path").asText());
        assertEquals("updated", item(">f.st......\tHEc_POxCtGr151uUPUhyMw").get("change").asText());
        assertEquals("ünïcødé—日本.txt", item(">f+++++++++\toSufvkQnaOgGeGXy79m5c5FOjnDaT5mAQD_r9MuCRuQ").get("path").asText());
        assertEquals("arrow -> name", item(">f+++++++++\t7U3OpkCPCslqzpCJB97rcw").get("path").asText(),
                "an arrow in a name is part of the path, not a link");
    }

    @Test
    void directoriesLoseTheirSlashAndTheTopIsDot() throws Exception {
        JsonNode dir = item("cd+++++++++\t" + DIR + "/");
        assertEquals("directory", dir.get("entry").asText());
        assertEquals("dir one", dir.get("path").asText());
        JsonNode top = item(".d..t......\t./");
        assertEquals(".", top.get("path").asText());
        assertEquals("attributes", top.get("change").asText());
    }

    @Test
    void gocryptfsOwnFilesSayWhichTheyAre() throws Exception {
        JsonNode iv = item(">f+++++++++\t" + DIR + "/gocryptfs.diriv");
        assertEquals("dir IV", iv.get("gocryptfsFile").asText(), iv.toString());
        assertEquals("dir one", iv.get("path").asText());
        assertEquals("config", item(">f+++++++++\tgocryptfs.conf").get("gocryptfsFile").asText());
    }

    @Test
    void aDeletionIsAnItemWithoutItsEntryTypeUnlessADirectory() throws Exception {
        JsonNode file = item("*deleting  \tZwRfxM9CTPkYsRtKmqaYCg");
        assertEquals("deleted", file.get("change").asText());
        assertEquals("*deleting", file.get("flags").asText());
        assertEquals("with space.txt", file.get("path").asText());
        assertFalse(file.has("entry"), file.toString());
        JsonNode dir = item("*deleting  \t" + DIR + "/");
        assertEquals("directory", dir.get("entry").asText());
        assertEquals("dir one", dir.get("path").asText());
    }

    @Test
    void aSymlinkCarriesItsTargetApart() throws Exception {
        JsonNode link = item("cL+++++++++\t7U3OpkCPCslqzpCJB97rcw -> ciphertarget");
        assertEquals("symlink", link.get("entry").asText());
        assertEquals("arrow -> name", link.get("path").asText());
        assertTrue(link.has("symlinkTarget"), link.toString());
    }

    @Test
    void anUndecodablePathIsKeptAsCipherPathWithTheLine() throws Exception {
        JsonNode e = item(">f+++++++++\tnot-a-known-name");
        assertFalse(e.has("path"), e.toString());
        assertEquals("not-a-known-name", e.get("cipherPath").asText());
        assertTrue(e.get("text").asText().contains(RsyncOutputDecoder.NOT_DECODED_MARK), e.toString());
    }

    @Test
    void rsyncsMessagesAreWarningsOrErrorsWithThePlaintextPath() throws Exception {
        JsonNode vanished = event("file has vanished: \"" + MOUNT + "/ZwRfxM9CTPkYsRtKmqaYCg\"", true).orElseThrow();
        assertEquals("warning", vanished.get("type").asText());
        assertEquals("vanished", vanished.get("kind").asText());
        assertEquals("rsync", vanished.get("source").asText());
        assertEquals("/home/me/with space.txt", vanished.get("path").asText(), vanished.toString());
        JsonNode denied = event("rsync: [sender] send_files failed to open \"" + MOUNT + "/ZwRfxM9CTPkYsRtKmqaYCg\": "
                + "Permission denied (13)", true).orElseThrow();
        assertEquals("error", denied.get("type").asText(), denied.toString());
        assertEquals("/home/me/with space.txt", denied.get("path").asText());
        assertTrue(denied.get("message").asText().contains("Permission denied"));
        JsonNode exit = event("rsync error: some files/attrs were not transferred (see previous errors) (code 23) at "
                + "main.c(1338) [sender=3.2.7]", true).orElseThrow();
        assertEquals("error", exit.get("type").asText());
        assertEquals(23, exit.get("rsyncExitCode").asInt());
    }

    @Test
    void statisticsAndProgressAreNoEventsButAGluedItemIs() throws Exception {
        assertTrue(event("sent 4,016 bytes  received 483 bytes  8,998.00 bytes/sec", false).isEmpty());
        assertTrue(event("total size is 1,857  speedup is 0.41", false).isEmpty());
        assertTrue(event("             51   2%    0.00kB/s    0:00:00  ", false).isEmpty());
        JsonNode glued = event("             51   2%    0.00kB/s    0:00:00 (xfr#1, to-chk=6/9)>f+++++++++\t"
                + "ZwRfxM9CTPkYsRtKmqaYCg", false).orElseThrow();
        assertEquals("item", glued.get("type").asText(), glued.toString());
        assertEquals("with space.txt", glued.get("path").asText());
    }

    @Test
    void otherLinesAreNoticesOnStdoutAndErrorsOnStderr() throws Exception {
        assertEquals("notice", event("IO error encountered -- skipping file deletion", false).orElseThrow().get("type").asText());
        assertEquals("error", event("rsync: connection unexpectedly closed (0 bytes received so far) [sender]", true)
                .orElseThrow().get("type").asText());
    }

    @Test
    void revcryptsOwnLinesAreWarningsOrNoticesAndStillReachStderr() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SyncEvents events = new SyncEvents(new JsonLines(new PrintStream(out, true, StandardCharsets.UTF_8)));
        PrintStream mirrored = MirroredLines.of(new PrintStream(err, true, StandardCharsets.UTF_8), events::revcryptLine);
        mirrored.println("revcrypt: warning: 2 file(s) vanished during the run and were not copied: a, b");
        mirrored.print("revcrypt: resuming the interrupted run ");
        mirrored.println("in /dest/.inprogress");
        assertEquals("revcrypt: warning: 2 file(s) vanished during the run and were not copied: a, b\n"
                + "revcrypt: resuming the interrupted run in /dest/.inprogress\n", err.toString(StandardCharsets.UTF_8));
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(JSON.readTree(l));
        }
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("warning", lines.get(0).get("type").asText());
        assertEquals("revcrypt", lines.get(0).get("source").asText());
        assertEquals("2 file(s) vanished during the run and were not copied: a, b", lines.get(0).get("message").asText());
        assertEquals("notice", lines.get(1).get("type").asText());
        assertEquals("resuming the interrupted run in /dest/.inprogress", lines.get(1).get("message").asText());
    }

    @Test
    void theSummaryHasItsTypeFirstAndLeavesOutWhatIsAbsent() throws Exception {
        String line = JsonLines.toJson(new SyncSummary(0, "ok", "done: 1 created", null, 1, 0, 0, 0, 10, 5,
                "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", null, "/log", false, List.of()));
        assertTrue(line.startsWith("{\"type\":\"summary\",\"exitCode\":0"), line);
        JsonNode s = JSON.readTree(line);
        assertFalse(s.has("error") || s.has("snapshot"), line);
        assertEquals(10, s.get("bytesSent").asLong());
        assertFalse(line.contains("\n"), "one line");
    }
}
