package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.JsonOutput;
import io.revcrypt.it.support.OpsEnv;
import io.revcrypt.it.support.OpsSnapshots;
import io.revcrypt.it.support.OpsTrees;
import io.revcrypt.it.support.TreeStat;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code snapshots list} (issue 5) shows each snapshot with its status and what its run created,
 * changed, deleted and sent — the same numbers the run itself printed; and a destination holding
 * files that are not part of a snapshot destination is refused by {@code sync --snapshots} (exit 2)
 * without touching anything.
 */
class SnapshotListIT {

    /** {@code done: 3 created, 1 changed, 0 deleted, 902 B sent (…)} in a run's summary. */
    private static final Pattern SUMMARY = Pattern.compile(
            "done: (\\d+) created, (\\d+) changed, (\\d+) deleted, ([\\d.,]+ \\S+) sent");

    @RegisterExtension
    final OpsEnv ops = OpsEnv.perTest();

    @Test
    @Timeout(120)
    void listShowsEachSnapshotWithStatusAndWhatItsRunDid() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path dest = ops.path("backup");
        CommandResult first = ops.syncOk(src, dest.toString(), "--snapshots");
        OpsTrees.change(src, "v2\n");
        Files.delete(src.resolve("docs/old/2019.txt"));
        Files.writeString(src.resolve("photos/new.jpg"), "new\n");
        CommandResult second = ops.syncOk(src, dest.toString(), "--snapshots");

        CommandResult list = ops.revcrypt("snapshots", "list", dest.toString());
        assertEquals(0, list.exitCode(), list.describe());
        assertTrue(list.stdout().lines().findFirst().orElse("").contains("STATUS"), "a header:\n" + list.describe());
        long[] one = assertRowMatchesRun(list, first);
        long[] two = assertRowMatchesRun(list, second);
        assertTrue(SnapshotPartialIT.row(list, OpsSnapshots.publishedIn(second)).endsWith("<- latest"), list.stdout());
        assertTrue(one[0] >= 8, "the first run created the whole tree: " + list.stdout());
        assertTrue(two[0] >= 1 && two[1] >= 1, "the second run created and changed: " + list.stdout());
        // docs/old/2019.txt is in the first snapshot and not in the second: the second run deleted it
        assertTrue(two[2] >= 1, "the second run deleted a file, but its snapshot says it deleted nothing:\n"
                + list.stdout() + "\nthe run said:\n" + second.describe());
    }

    /**
     * {@code --usage}: each snapshot's plaintext files and their size, counted here from the source
     * as it was, and the bytes only it holds: the two versions of the one file that changed between
     * the runs (everything else of the second is a hard link into the first), in gocryptfs's size
     * for that plaintext: an 18-byte header and 32 bytes per 4096-byte block.
     */
    @Test
    @Timeout(120)
    void usageCountsEachSnapshotsFilesAndTheBytesOnlyItHolds() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path dest = ops.path("backup");
        long[] firstTree = regularFiles(src);
        ops.syncOk(src, dest.toString(), "--snapshots");
        String grown = "version two, longer than the first\n";
        OpsTrees.change(src, grown);
        long[] secondTree = regularFiles(src);
        ops.syncOk(src, dest.toString(), "--snapshots");

        CommandResult list = ops.revcrypt("snapshots", "list", "--usage", "--json", dest.toString());
        assertEquals(0, list.exitCode(), list.describe());
        List<JsonNode> snapshots = JsonOutput.of(list).ofType("snapshot");
        assertEquals(2, snapshots.size(), list.stdout());
        JsonNode one = snapshots.get(0);
        JsonNode two = snapshots.get(1);
        assertEquals(firstTree[0], one.get("files").asLong(), "files of the first: " + one);
        assertEquals(firstTree[1], one.get("bytes").asLong(), "plaintext bytes of the first: " + one);
        assertEquals(secondTree[0], two.get("files").asLong(), "files of the second: " + two);
        assertEquals(secondTree[1], two.get("bytes").asLong(), "plaintext bytes of the second: " + two);
        assertEquals(gocryptfsSize("v1\n".length()), one.get("uniqueBytes").asLong(), "only its old version: " + one);
        assertEquals(gocryptfsSize(grown.length()), two.get("uniqueBytes").asLong(), "only its new version: " + two);
        assertTrue(one.get("storedBytes").asLong() > one.get("bytes").asLong(), "ciphertext is larger: " + one);

        CommandResult human = ops.revcrypt("snapshots", "list", "--usage", dest.toString());
        assertEquals(0, human.exitCode(), human.describe());
        assertTrue(human.stdout().lines().findFirst().orElse("").matches(".*FILES +SIZE +UNIQUE.*"), human.stdout());
        String[] row = SnapshotPartialIT.row(human, two.get("name").asText()).trim().split("\\s+");
        assertEquals(Long.toString(secondTree[0]), row[7], "the FILES column: " + String.join(" ", row));

        CommandResult remote = ops.revcrypt("snapshots", "list", "--usage", "backup.example:/srv/backup");
        assertEquals(2, remote.exitCode(), remote.describe());
        assertTrue(remote.stderr().contains("--usage") && remote.stderr().contains("local DEST"), remote.describe());
        ops.assertNoPrivateMounts();
    }

    /** The regular files below {@code dir} and the sum of their sizes, but for the config that init put in it. */
    private static long[] regularFiles(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> files = all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.equals(dir.resolve(".gocryptfs.reverse.conf"))).toList(); // the view shows it as gocryptfs.conf
            long bytes = 0;
            for (Path f : files) {
                bytes += Files.size(f);
            }
            return new long[] {files.size(), bytes};
        }
    }

    private static long gocryptfsSize(long plain) {
        return 18 + plain + 32 * ((plain + 4095) / 4096);
    }

    /** The row of the run's snapshot: complete, with the run's own counts and bytes sent. Returns the counts. */
    private static long[] assertRowMatchesRun(CommandResult list, CommandResult run) {
        String stamp = OpsSnapshots.publishedIn(run);
        Matcher m = SUMMARY.matcher(run.stdout());
        assertTrue(m.find(), "a summary in:\n" + run.describe());
        String row = SnapshotPartialIT.row(list, stamp);
        String[] f = row.trim().split("\\s+");
        assertEquals("complete", f[1], row);
        assertEquals(List.of(m.group(1), m.group(2), m.group(3)), List.of(f[2], f[3], f[4]),
                "created, changed, deleted of " + stamp + " as its run said (" + m.group() + "): " + row);
        assertEquals(m.group(4), f[5] + " " + f[6], "bytes sent of " + stamp + " as its run said: " + row);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    @Test
    @Timeout(90)
    void aDestinationWithForeignFilesIsRefusedAndLeftAlone() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path dest = Files.createDirectory(ops.path("somebodys-files"));
        Files.writeString(dest.resolve("notes.txt"), "my notes\n");
        Files.createDirectories(dest.resolve("photos"));
        Files.writeString(dest.resolve("photos/cat.jpg"), "a cat\n");
        TreeStat before = TreeStat.of(dest);
        long mtime = Files.getLastModifiedTime(dest).toMillis();

        CommandResult r = ops.sync(src, dest.toString(), "--snapshots");
        assertEquals(2, r.exitCode(), "a foreign destination is a usage error:\n" + r.describe());
        assertTrue(r.stderr().contains("notes.txt") && r.stderr().contains("refusing"), r.describe());
        List<String> diff = TreeStat.differences(before, TreeStat.of(dest), e -> e, Set.of());
        assertTrue(diff.isEmpty(), "nothing in the destination changed:\n  " + String.join("\n  ", diff));
        assertEquals(mtime, Files.getLastModifiedTime(dest).toMillis(), "nothing was added or removed");
        ops.assertNoPrivateMounts();
    }
}
