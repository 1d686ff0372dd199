package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.JsonOutput;
import io.revcrypt.it.support.OpsEnv;
import io.revcrypt.it.support.OpsSnapshots;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code snapshots list --json}, {@code verify --json} and {@code restore --json} for real: every
 * stdout line parsed with Jackson; a snapshot's line says what its run's own summary said; a
 * damaged block and a file that already exists are problems with their plaintext paths; the
 * summaries' counts are those of the tree the test made.
 */
class CopyJsonIT {

    @RegisterExtension
    final OpsEnv ops = OpsEnv.perTest();

    /** 4 regular files (one of 100 kB, the largest by far), 2 directories, 1 symlink. */
    private Path tree() throws Exception {
        Path src = Files.createDirectory(ops.path("src"));
        Files.createDirectories(src.resolve("docs/old"));
        Files.writeString(src.resolve("docs/a b.txt"), "a\n");
        Files.write(src.resolve("docs/big.bin"), new byte[100_000]);
        Files.writeString(src.resolve("docs/old/x.txt"), "x\n");
        Files.writeString(src.resolve("ünï.txt"), "u\n");
        Files.createSymbolicLink(src.resolve("link"), Path.of("ünï.txt"));
        ops.init(src);
        return src;
    }

    @Test
    @Timeout(180)
    void snapshotsListSaysWhatEachRunSaid() throws Exception {
        Path src = tree();
        Path dest = ops.path("snaps");
        JsonNode first = JsonOutput.of(ops.syncOk(src, dest.toString(), "--snapshots", "--json")).summary();
        Files.writeString(src.resolve("docs/a b.txt"), "a, changed\n");
        Files.delete(src.resolve("docs/old/x.txt"));
        Thread.sleep(1100); // a stamp per second
        JsonNode second = JsonOutput.of(ops.syncOk(src, dest.toString(), "--snapshots", "--json")).summary();
        Files.createDirectory(dest.resolve("2020-01-01T000000Z")); // stamp-named, but not ours

        CommandResult list = ops.revcrypt("snapshots", "list", "--json", dest.toString());
        assertEquals(0, list.exitCode(), list::describe);
        JsonOutput out = JsonOutput.of(list);
        List<JsonNode> snapshots = out.ofType("snapshot");
        assertEquals(3, snapshots.size(), list.stdout());
        assertEquals(out.events().size(), snapshots.size(), "only snapshot lines before the summary");
        JsonNode foreign = snapshots.get(0);
        assertEquals("2020-01-01T000000Z", foreign.get("name").asText(), "oldest first: " + list.stdout());
        assertEquals("2020-01-01T00:00:00Z", foreign.get("time").asText());
        assertEquals("not-ours", foreign.get("status").asText());
        assertTrue(foreign.has("why") && !foreign.has("created"), foreign.toString());
        assertFalse(foreign.get("latest").asBoolean());
        assertSnapshotIsItsRun(snapshots.get(1), first, false);
        assertSnapshotIsItsRun(snapshots.get(2), second, true);
        assertEquals(1, snapshots.get(2).get("deleted").asInt(), "the second run deleted docs/old/x.txt");
        assertEquals(first.get("snapshot").asText(), snapshots.get(2).get("linkedTo").asText(), snapshots.get(2).toString());
        JsonNode s = out.summary();
        assertEquals(3, s.get("snapshots").asInt());
        assertEquals(second.get("snapshot").asText(), s.get("latest").asText());
        assertFalse(s.get("latestMissing").asBoolean());
        assertFalse(s.has("inProgress"), s.toString());

        CommandResult missing = ops.revcrypt("snapshots", "list", "--json", ops.path("nothing here").toString());
        assertEquals(1, missing.exitCode(), missing::describe);
        assertTrue(JsonOutput.of(missing).summary().get("error").asText().contains("does not exist"), missing.stdout());
    }

    private static void assertSnapshotIsItsRun(JsonNode snapshot, JsonNode runSummary, boolean latest) {
        assertEquals(runSummary.get("snapshot").asText(), snapshot.get("name").asText(), snapshot.toString());
        assertEquals("complete", snapshot.get("status").asText());
        assertEquals(latest, snapshot.get("latest").asBoolean());
        for (String field : List.of("created", "changed", "deleted", "bytesSent", "notCopied")) {
            assertEquals(runSummary.get(field).asLong(), snapshot.get(field).asLong(), field + " of " + snapshot
                    + " as its run said: " + runSummary);
        }
    }

    @Test
    @Timeout(180)
    void verifyAndRestoreNameEachProblemWithItsPlaintextPath() throws Exception {
        Path src = tree();
        Path copy = ops.path("mirror");
        ops.syncOk(src, copy.toString());
        String pass = ops.passfile().toString();

        CommandResult clean = ops.revcrypt("verify", "--json", "--passfile", pass, copy.toString());
        assertEquals(0, clean.exitCode(), clean::describe);
        JsonOutput ok = JsonOutput.of(clean);
        assertTrue(ok.events().isEmpty(), clean.stdout());
        assertCounts(ok.summary(), "verify", 4, 2, 1, 0);
        assertEquals(100_000 + 2 + 2 + 2, ok.summary().get("bytes").asLong(), ok.summary().toString());
        assertFalse(ok.summary().has("fetchedBytes"), "a local copy");

        damageLargestFile(copy);
        CommandResult damaged = ops.revcrypt("verify", "--json", "--passfile", pass, copy.toString());
        assertEquals(3, damaged.exitCode(), damaged::describe);
        JsonOutput bad = JsonOutput.of(damaged);
        assertEquals(1, bad.ofType("problem").size(), damaged.stdout());
        JsonNode problem = bad.ofType("problem").get(0);
        assertEquals("damaged", problem.get("kind").asText());
        assertEquals("docs/big.bin", problem.get("path").asText(), problem.toString());
        assertTrue(problem.get("message").asText().contains("block"), problem.toString());
        assertTrue(damaged.stderr().contains("damaged: docs/big.bin"), "still on stderr:\n" + damaged.describe());
        assertCounts(bad.summary(), "verify", 3, 2, 1, 1);
        assertEquals("partial", bad.summary().get("status").asText());

        Path restored = Files.createDirectories(ops.path("restored/docs"));
        Files.writeString(restored.resolve("a b.txt"), "mine\n");
        CommandResult restore = ops.revcrypt("restore", "--json", "--passfile", pass, copy.toString(),
                restored.getParent().toString());
        assertEquals(3, restore.exitCode(), restore::describe);
        JsonOutput r = JsonOutput.of(restore);
        List<String> problems = r.ofType("problem").stream().map(p -> p.get("kind").asText() + " " + p.get("path").asText())
                .sorted().toList();
        assertEquals(List.of("damaged docs/big.bin", "exists docs/a b.txt"), problems, restore.stdout());
        // docs/ was there already: restore made only docs/old/
        assertCounts(r.summary(), "restore", 2, 1, 1, 2);
        assertEquals("mine\n", Files.readString(restored.resolve("a b.txt")), "not overwritten");

        CommandResult against = ops.revcrypt("verify", "--json", "--passfile", pass, "--against", src.toString(),
                copy.toString());
        assertEquals(2, against.exitCode(), against::describe);
        assertTrue(JsonOutput.of(against).summary().get("error").asText().contains("--against"), against.stdout());
    }

    private static void assertCounts(JsonNode summary, String command, int files, int directories, int symlinks,
                                     int problems) {
        assertEquals(command, summary.get("command").asText(), summary.toString());
        assertEquals(List.of(files, directories, symlinks, 0, problems), List.of(summary.get("files").asInt(),
                summary.get("directories").asInt(), summary.get("symlinks").asInt(), summary.get("specialFiles").asInt(),
                summary.get("problems").asInt()), "files, directories, symlinks, special, problems: " + summary);
    }

    /** Overwrites bytes in the middle of the copy's largest file: docs/big.bin's ciphertext. */
    private static void damageLargestFile(Path copy) throws Exception {
        Path largest;
        try (Stream<Path> s = Files.walk(copy)) {
            largest = s.filter(Files::isRegularFile).max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
        assertTrue(Files.size(largest) > 100_000, largest.toString());
        try (RandomAccessFile f = new RandomAccessFile(largest.toFile(), "rw")) {
            f.seek(50_000);
            f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        }
    }
}
