package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.Commands;
import io.revcrypt.it.support.JsonOutput;
import io.revcrypt.it.support.OpsEnv;
import io.revcrypt.it.support.OpsSnapshots;
import io.revcrypt.it.support.SyncLines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code revcrypt sync --json} for real (FUSE, rsync): every stdout line is one JSON object, the
 * items name the plaintext paths of the tree the test made (odd names too, rendered as docs/json.md
 * says), the summary's counts match them, and the human output keeps its shape without --json.
 * And DEST's bookkeeping ({@code created directory} of DEST, of {@code DEST/.inprogress}) is not
 * shown, on a first run and on {@code --snapshots --dry-run}, while a new directory of the
 * person's still is.
 */
class SyncJsonIT {

    @RegisterExtension
    final OpsEnv ops = OpsEnv.perTest();

    /** The tree: names with a space, Unicode, a byte that is not UTF-8; a subdirectory; a symlink. */
    private Path tree() throws Exception {
        Path src = Files.createDirectory(ops.path("src"));
        Files.createDirectories(src.resolve("docs/old"));
        Files.writeString(src.resolve("docs/a b.txt"), "a\n");
        Files.writeString(src.resolve("docs/old/2019.txt"), "old\n");
        Files.writeString(src.resolve("ünïcødé—日本.txt"), "u\n");
        Files.createSymbolicLink(src.resolve("link"), Path.of("docs/a b.txt"));
        Commands.check(Commands.run("sh", "-c", "printf 'x\\n' > \"$1/$(printf 'bad\\377name')\"", "sh", src.toString()));
        ops.init(src);
        return src;
    }

    private static final List<String> TREE_PATHS = List.of("bad\\#377name", "docs", "docs/a b.txt", "docs/old",
            "docs/old/2019.txt", "link", "ünïcødé—日本.txt");

    @Test
    @Timeout(180)
    void aMirrorRunIsOneJsonObjectPerEntryThenTheSummary() throws Exception {
        Path src = tree();
        Path dest = ops.path("mirror");
        CommandResult first = ops.sync(src, dest.toString(), "--json");
        assertEquals(0, first.exitCode(), first::describe);
        JsonOutput out = JsonOutput.of(first);

        List<JsonNode> created = out.items("created");
        assertEquals(TREE_PATHS, JsonOutput.paths(created), "the plaintext paths of the tree:\n" + first.stdout());
        for (JsonNode item : created) {
            String path = item.get("path").asText();
            String expectedEntry = path.equals("link") ? "symlink" : path.equals("docs") || path.equals("docs/old")
                    ? "directory" : "file";
            assertEquals(expectedEntry, item.get("entry").asText(), item.toString());
            assertEquals(expectedEntry.equals("directory") ? "cd+++++++++" : expectedEntry.equals("symlink")
                    ? "cL+++++++++" : ">f+++++++++", item.get("flags").asText(), item.toString());
            assertTrue(item.get("text").asText().startsWith(item.get("flags").asText() + "\t"), item.toString());
        }
        JsonNode link = created.stream().filter(i -> i.get("path").asText().equals("link")).findFirst().orElseThrow();
        assertEquals("docs/a b.txt", link.get("symlinkTarget").asText(), "the target in plaintext");
        assertTrue(out.ofType("item").stream().anyMatch(i -> i.path("gocryptfsFile").asText().equals("config")),
                "the config is an item, marked as gocryptfs's: " + first.stdout());
        assertTrue(out.ofType("item").stream().filter(i -> i.path("gocryptfsFile").asText().equals("dir IV"))
                .map(i -> i.get("path").asText()).toList().containsAll(List.of("docs", "docs/old")), first.stdout());
        assertTrue(out.ofType("item").stream().noneMatch(i -> i.has("cipherPath")), "everything decoded: " + first.stdout());

        JsonNode s = out.summary();
        assertEquals("ok", s.get("status").asText());
        assertEquals(TREE_PATHS.size(), s.get("created").asInt(), s.toString());
        assertEquals(0, s.get("changed").asInt());
        assertEquals(0, s.get("deleted").asInt());
        assertEquals(0, s.get("notCopied").asInt());
        assertTrue(s.get("bytesSent").asLong() > 0, s.toString());
        assertTrue(s.get("durationMillis").asLong() > 0, s.toString());
        assertFalse(s.get("dryRun").asBoolean());
        assertFalse(s.has("snapshot") || s.has("error"), "a mirror publishes no snapshot: " + s);
        assertTrue(Files.isRegularFile(Path.of(s.get("log").asText())), s.toString());
        assertTrue(s.get("summary").asText().startsWith("done: " + TREE_PATHS.size() + " created"), s.toString());
        assertFalse(first.stdout().contains("revcrypt: done"), "no human summary on stdout");

        // a change, a deletion, a new directory with a file
        Files.writeString(src.resolve("docs/a b.txt"), "a, longer now\n");
        Files.delete(src.resolve("docs/old/2019.txt"));
        Files.createDirectory(src.resolve("new dir"));
        Files.writeString(src.resolve("new dir/n.txt"), "n\n");
        CommandResult second = ops.sync(src, dest.toString(), "--json");
        assertEquals(0, second.exitCode(), second::describe);
        JsonOutput again = JsonOutput.of(second);
        assertEquals(List.of("new dir", "new dir/n.txt"), JsonOutput.paths(again.items("created")), second.stdout());
        assertEquals(List.of("docs/a b.txt"), JsonOutput.paths(again.items("updated")), second.stdout());
        List<JsonNode> deleted = again.items("deleted");
        assertEquals(List.of("docs/old/2019.txt"), JsonOutput.paths(deleted), second.stdout());
        assertEquals("*deleting", deleted.get(0).get("flags").asText());
        assertEquals(List.of(2, 1, 1), List.of(again.summary().get("created").asInt(), again.summary().get("changed").asInt(),
                again.summary().get("deleted").asInt()), again.summary().toString());

        // and without --json, the human lines as before
        Files.writeString(src.resolve("top.txt"), "t\n");
        CommandResult human = ops.syncOk(src, dest.toString());
        assertTrue(SyncLines.items(human.stdout()).contains(SyncLines.line(SyncLines.CREATED_FILE, "top.txt")),
                "flags, TAB, plaintext path:\n" + human.describe());
        assertTrue(human.stdout().contains("revcrypt: done: 1 created"), human.describe());
        assertFalse(human.stdout().contains("{\""), human.describe());
    }

    @Test
    @Timeout(180)
    void aSnapshotRunNamesItsSnapshotAndItsEntries() throws Exception {
        Path src = tree();
        Path dest = ops.path("snaps");
        CommandResult r = ops.sync(src, dest.toString(), "--json", "--snapshots");
        assertEquals(0, r.exitCode(), r::describe);
        JsonOutput out = JsonOutput.of(r);
        List<String> expected = new ArrayList<>(TREE_PATHS);
        expected.add("."); // the snapshot's own top is new too
        expected.sort(null);
        assertEquals(expected, JsonOutput.paths(out.items("created")), r.stdout());
        JsonNode s = out.summary();
        assertEquals(expected.size(), s.get("created").asInt(), s.toString());
        String snapshot = s.get("snapshot").asText();
        assertTrue(OpsSnapshots.STAMP.matcher(snapshot).matches(), s.toString());
        assertEquals(List.of(snapshot), OpsSnapshots.stamps(dest));
        assertEquals(snapshot, OpsSnapshots.latest(dest).orElseThrow());
        assertFalse(r.stdout().contains("created directory"), r.stdout());
    }

    @Test
    @Timeout(120)
    void anErrorThatEndsTheRunIsInTheSummaryAndOnceOnStderr() throws Exception {
        Path missing = ops.path("no such source");
        CommandResult r = ops.sync(missing, ops.path("d").toString(), "--json");
        assertEquals(1, r.exitCode(), r::describe);
        JsonOutput out = JsonOutput.of(r);
        assertEquals("failed", out.summary().get("status").asText());
        assertTrue(out.summary().get("error").asText().contains(missing.toString()), out.summary().toString());
        long onStderr = r.stderr().lines().filter(l -> l.startsWith("revcrypt: ") && l.contains(missing.toString())).count();
        assertEquals(1, onStderr, "printed once on stderr:\n" + r.describe());
    }

    @Test
    @Timeout(180)
    void destsBookkeepingIsNotShownButANewDirectoryOfThePersonsIs() throws Exception {
        Path src = tree();
        // a first run into a DEST that does not exist yet
        Path mirror = ops.path("first-mirror");
        CommandResult first = ops.syncOk(src, mirror.toString());
        assertNoCreatedDirectoryLine(first);
        // a first snapshot run, dry: rsync would create DEST/.inprogress
        Path snaps = ops.path("first-snaps");
        Path log = ops.path("dry.log");
        CommandResult dry = ops.syncOk(src, snaps.toString(), "--snapshots", "--dry-run", "--log", log.toString());
        assertNoCreatedDirectoryLine(dry);
        assertTrue(SyncLines.items(dry.stdout()).contains(SyncLines.line(SyncLines.CREATED_DIR, "docs/")), dry.stdout());
        assertTrue(Files.readString(log, StandardCharsets.UTF_8).contains("created directory " + snaps + "/.inprogress"),
                "rsync did say it, and the log keeps it:\n" + Files.readString(log));
        // real snapshot runs; the second has a new directory of the person's
        CommandResult one = ops.syncOk(src, snaps.toString(), "--snapshots");
        assertNoCreatedDirectoryLine(one);
        Files.createDirectory(src.resolve("my new dir"));
        CommandResult two = ops.syncOk(src, snaps.toString(), "--snapshots");
        assertNoCreatedDirectoryLine(two);
        assertTrue(SyncLines.items(two.stdout()).contains(SyncLines.line(SyncLines.CREATED_DIR, "my new dir/")),
                "the person's new directory is shown:\n" + two.describe());
        CommandResult json = ops.sync(src, snaps.toString(), "--snapshots", "--dry-run", "--json");
        assertEquals(0, json.exitCode(), json::describe);
        assertTrue(JsonOutput.of(json).events().stream().noneMatch(e -> e.toString().contains("created directory")),
                json.stdout());
    }

    private static void assertNoCreatedDirectoryLine(CommandResult r) {
        assertFalse(r.stdout().contains("created directory") || r.stderr().contains("created directory"),
                "DEST's bookkeeping is not shown:\n" + r.describe());
    }
}
