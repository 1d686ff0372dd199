package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.OpsEnv;
import io.revcrypt.it.support.OpsSnapshots;
import io.revcrypt.it.support.OpsTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A partial run (issue 5, and the notifier of issue 6): a source file cannot be read, rsync ends with
 * 23, revcrypt exits 3. The snapshot is published but marked partial — {@code snapshots list} says so
 * — and {@code latest} keeps naming the previous complete snapshot. The notifier gets the report on
 * stdin with the unreadable file's plaintext path, and its own failure (exit 7) does not change the
 * run's exit code.
 *
 * <p>Root reads any file, so the partial run runs without the capabilities that let root ignore file
 * permissions ({@code setpriv}, see {@link OpsEnv#withoutDacOverride}), still as uid 0, against a
 * file of {@code nobody} with mode 000. (Not as {@code nobody} itself: libfuse 2 gives up when it cannot open
 * {@code /dev/fuse}, before it would try the setuid fusermount, and on these machines
 * {@code /dev/fuse} is root's alone.)
 */
class SnapshotPartialIT {

    private static final int NOBODY = 65534;

    @RegisterExtension
    final OpsEnv ops = OpsEnv.perTest();

    @Test
    @Timeout(150)
    void aPartialRunIsPublishedMarkedPartialAndLatestStays() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path dest = ops.path("backup");
        String complete = OpsSnapshots.publishedIn(ops.syncOk(src, dest.toString(), "--snapshots"));

        OpsTrees.change(src, "v2\n");
        Path locked = src.resolve("docs/locked.txt");
        Files.writeString(locked, "nobody's secret\n");
        UserPrincipalLookupService users = locked.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(locked, users.lookupPrincipalByName("nobody"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assertEquals(NOBODY, (int) (Integer) Files.getAttribute(locked, "unix:uid"));

        Path report = ops.path("report.json");
        List<String> args = new ArrayList<>(List.of(ops.syncArgs(src, dest.toString(), "--snapshots",
                "--notify", "cat > '" + report + "'; exit 7")));
        CommandResult partial = ops.revcrypt(OpsEnv.withoutDacOverride(), args);
        assertEquals(3, partial.exitCode(), "an unreadable file makes the run partial:\n" + partial.describe());
        assertTrue(partial.stderr().contains("docs/locked.txt"), "the unreadable file is named:\n" + partial.describe());
        ops.assertNoPrivateMounts();

        String partialStamp = OpsSnapshots.publishedIn(partial);
        assertEquals(List.of(complete, partialStamp), OpsSnapshots.stamps(dest), "the partial run is published");
        assertEquals(Optional.of(complete), OpsSnapshots.latest(dest), "latest still names the last complete snapshot");
        JsonNode record = OpsSnapshots.record(dest, partialStamp);
        assertEquals("partial", record.path("status").asText(), record.toString());
        assertEquals(1, record.path("notCopied").asLong(), record.toString());

        CommandResult list = ops.revcrypt("snapshots", "list", dest.toString());
        assertEquals(0, list.exitCode(), list.describe());
        String partialRow = row(list, partialStamp);
        String completeRow = row(list, complete);
        assertTrue(partialRow.contains("partial") && partialRow.contains("could not be read"),
                "the partial snapshot is listed as partial:\n" + list.describe());
        assertTrue(completeRow.contains("complete") && completeRow.contains("<- latest"),
                "the complete one is listed as complete and latest:\n" + list.describe());

        // the notifier ran, got the report, and its exit 7 changed nothing
        assertTrue(partial.stderr().contains("--notify command failed (exit 7)"), partial.describe());
        JsonNode sent = new ObjectMapper().readTree(Files.readAllBytes(report));
        assertEquals(3, sent.path("exitCode").asInt(), sent.toString());
        assertEquals("partial", sent.path("status").asText(), sent.toString());
        assertEquals(dest.toString(), sent.path("destination").asText(), sent.toString());
        assertEquals(partialStamp, sent.path("snapshot").asText(), sent.toString());
        assertEquals(1, sent.path("notCopied").asLong(), sent.toString());
        List<String> problems = new ArrayList<>();
        sent.path("problems").forEach(p -> problems.add(p.asText()));
        assertTrue(problems.stream().anyMatch(p -> p.endsWith("docs/locked.txt")),
                "the problems name the file in plaintext: " + problems);
        OpsNotifyIT.assertLogEndsWithSummary(sent, 3);
    }

    static String row(CommandResult list, String stamp) {
        return list.stdout().lines().filter(l -> l.startsWith(stamp)).findFirst()
                .orElseThrow(() -> new AssertionError("snapshots list has no row for " + stamp + ":\n" + list.describe()));
    }
}
