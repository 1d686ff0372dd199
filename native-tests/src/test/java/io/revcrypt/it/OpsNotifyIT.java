package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.OpsEnv;
import io.revcrypt.it.support.OpsSnapshots;
import io.revcrypt.it.support.OpsTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --notify CMD} (issue 6): it runs after every run that did not end with exit 0 and gets the
 * run's report as JSON on stdin; after a good run only with {@code --notify-always}; and a notifier
 * that fails never changes the run's exit code. (The partial run's notification, exit 3 kept despite
 * a notifier exiting 7, is checked in {@link SnapshotPartialIT}.)
 *
 * <p>A destination that cannot be written is a directory of {@code nobody} with mode 555, written by
 * a run without root's file capabilities ({@link OpsEnv#withoutDacOverride}).
 */
class OpsNotifyIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final OpsEnv ops = OpsEnv.perTest();

    @Test
    @Timeout(60)
    void aMissingSourceFailsAndNotifies() throws Exception {
        OpsEnv.requireBasics();
        Path report = ops.path("report.json");
        Path missing = ops.path("no-such-source");
        Path dest = ops.path("backup");
        CommandResult r = ops.sync(missing, dest.toString(), "--notify", "cat > '" + report + "'");
        assertEquals(1, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains(missing.toString()), "the message names the source:\n" + r.describe());

        JsonNode sent = readReport(report, r);
        assertEquals(1, sent.path("exitCode").asInt(), sent.toString());
        assertEquals("failed", sent.path("status").asText(), sent.toString());
        assertEquals(dest.toString(), sent.path("destination").asText(), sent.toString());
        assertEquals(missing.toString(), sent.path("source").asText(), sent.toString());
        assertTrue(sent.path("summary").asText().contains(missing.toString()), sent.toString());
        assertFalse(Files.exists(dest), "nothing was written");
    }

    @Test
    @Timeout(90)
    void aSnapshotDestinationThatCannotBeWrittenFailsAndNotifies() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path dest = readOnlyDirectory("backup");
        Path report = ops.path("report.json");

        CommandResult r = ops.revcrypt(OpsEnv.withoutDacOverride(),
                List.of(ops.syncArgs(src, dest.toString(), "--snapshots", "--notify", "cat > '" + report + "'; exit 7")));
        assertEquals(1, r.exitCode(), "a destination that cannot be written fails the run:\n" + r.describe());
        assertTrue(r.stderr().contains("--notify command failed (exit 7)"), r.describe());
        ops.assertNoPrivateMounts();

        JsonNode sent = readReport(report, r);
        assertEquals(1, sent.path("exitCode").asInt(), sent.toString());
        assertEquals("failed", sent.path("status").asText(), sent.toString());
        assertEquals(dest.toString(), sent.path("destination").asText(), sent.toString());
        assertLogEndsWithSummary(sent, 1);
        assertEquals(List.of(), OpsSnapshots.names(dest), "nothing was written");
        assertNothingPublished(dest);
    }

    /**
     * A mirror into a destination that cannot be written: every file fails on the receiving side.
     * That is a failed run (exit 1, nothing published), not a partial one (exit 3 means "published,
     * but some source files could not be read"), and status must not count it as a fresh copy.
     */
    @Test
    @Timeout(90)
    void aMirrorDestinationThatCannotBeWrittenFailsRatherThanPartial() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path dest = readOnlyDirectory("mirror");
        Path report = ops.path("report.json");

        CommandResult r = ops.revcrypt(OpsEnv.withoutDacOverride(),
                List.of(ops.syncArgs(src, dest.toString(), "--notify", "cat > '" + report + "'")));
        ops.assertNoPrivateMounts();
        assertEquals(List.of(), OpsSnapshots.names(dest), "nothing could be written");
        JsonNode sent = readReport(report, r);
        assertEquals(1, r.exitCode(), "nothing could be written to the destination, so the run failed; "
                + "it is not a partial run of unreadable source files:\n" + r.describe() + "\nreport: " + sent);
        assertEquals("failed", sent.path("status").asText(), sent.toString());
        assertNothingPublished(dest);
    }

    @Test
    @Timeout(90)
    void aGoodRunNotifiesOnlyWithNotifyAlwaysAndAFailingNotifierChangesNothing() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path dest = ops.path("backup");
        Path marker = ops.path("notified");

        CommandResult quiet = ops.sync(src, dest.toString(), "--snapshots", "--notify", "touch '" + marker + "'");
        assertEquals(0, quiet.exitCode(), quiet.describe());
        assertFalse(Files.exists(marker), "a good run does not notify without --notify-always");

        Path report = ops.path("report.json");
        CommandResult always = ops.sync(src, dest.toString(), "--snapshots", "--notify-always",
                "--notify", "cat > '" + report + "'; exit 7");
        assertEquals(0, always.exitCode(), "a failing notifier does not change the exit code:\n" + always.describe());
        assertTrue(always.stderr().contains("--notify command failed (exit 7)"), always.describe());
        JsonNode sent = readReport(report, always);
        assertEquals(0, sent.path("exitCode").asInt(), sent.toString());
        assertEquals("ok", sent.path("status").asText(), sent.toString());
        assertEquals(dest.toString(), sent.path("destination").asText(), sent.toString());
        assertEquals(OpsSnapshots.publishedIn(always), sent.path("snapshot").asText(), sent.toString());
        assertEquals(0, sent.path("problems").size(), sent.toString());
        assertLogEndsWithSummary(sent, 0);
    }

    /** The report's log file exists and its last line is the run's summary with its exit code. */
    static void assertLogEndsWithSummary(JsonNode report, int exitCode) throws IOException {
        assertTrue(report.hasNonNull("log"), "the report names the run's log: " + report);
        Path log = Path.of(report.path("log").asText());
        assertTrue(Files.isRegularFile(log), "the log exists: " + log);
        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("summary: ") && last.endsWith("; exit " + exitCode),
                "the log's last line is the summary with exit " + exitCode + ": " + last);
    }

    private static JsonNode readReport(Path report, CommandResult run) throws IOException {
        assertTrue(Files.isRegularFile(report), "the notifier ran and got a report on stdin:\n" + run.describe());
        return JSON.readTree(Files.readAllBytes(report));
    }

    /** An empty directory of nobody's with mode 555. */
    private Path readOnlyDirectory(String name) throws IOException {
        Path dir = Files.createDirectory(ops.path(name));
        Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        return dir;
    }

    /** {@code status DEST} knows the failed run and no published copy; {@code --max-age} says so. */
    private void assertNothingPublished(Path dest) throws Exception {
        CommandResult status = ops.revcrypt("status", dest.toString());
        assertTrue(status.stdout().contains("exit 1 (failed)") && status.stdout().contains("none published yet"),
                "status reports the failed run and no copy:\n" + status.describe());
        CommandResult aged = ops.revcrypt("status", "--max-age", "1h", dest.toString());
        assertEquals(1, aged.exitCode(), "no copy is no fresh copy:\n" + aged.describe());
    }
}
