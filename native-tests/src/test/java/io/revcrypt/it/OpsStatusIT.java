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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code revcrypt status DEST [--max-age D]} (issue 6), what monitoring calls: exit 0 with the facts
 * after a good run; exit 1 with a message when the newest copy is older than {@code --max-age}; exit 1
 * when no run is recorded. A failed run after a good one is reported, but the good copy still counts.
 */
class OpsStatusIT {

    @RegisterExtension
    final OpsEnv ops = OpsEnv.perTest();

    @Test
    @Timeout(90)
    void statusAfterAGoodRunThenTooOldThenAfterAFailedRun() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path dest = ops.path("backup");

        CommandResult none = ops.revcrypt("status", dest.toString());
        assertEquals(1, none.exitCode(), "no recorded run:\n" + none.describe());
        assertTrue(none.stdout().contains("no run") || none.stderr().contains("no run"), none.describe());

        String stamp = OpsSnapshots.publishedIn(ops.syncOk(src, dest.toString(), "--snapshots"));
        CommandResult good = ops.revcrypt("status", dest.toString());
        assertEquals(0, good.exitCode(), good.describe());
        String out = good.stdout();
        assertTrue(out.contains(dest.toString()) && out.contains("exit 0 (ok)") && out.contains("snapshot " + stamp)
                && out.contains("complete"), "status tells the last run and the newest copy:\n" + good.describe());
        String log = out.lines().filter(l -> l.strip().startsWith("log: ")).findFirst()
                .orElseThrow(() -> new AssertionError("status names the run's log:\n" + good.describe()))
                .strip().substring("log: ".length());
        assertTrue(Files.isRegularFile(Path.of(log)), "the log exists: " + log);

        CommandResult json = ops.revcrypt("status", "--json", dest.toString());
        assertEquals(0, json.exitCode(), json.describe());
        JsonNode facts = new ObjectMapper().readTree(json.stdout());
        assertEquals(0, facts.path("lastRun").path("exitCode").asInt(), json.stdout());
        assertEquals(stamp, facts.path("lastPublished").path("snapshot").asText(), json.stdout());

        CommandResult fresh = ops.revcrypt("status", "--max-age", "1h", dest.toString());
        assertEquals(0, fresh.exitCode(), fresh.describe());

        Thread.sleep(2000);
        CommandResult stale = ops.revcrypt("status", "--max-age", "1s", dest.toString());
        assertEquals(1, stale.exitCode(), "older than --max-age:\n" + stale.describe());
        assertTrue(stale.stderr().contains("--max-age 1s"), "the message says why:\n" + stale.describe());

        // a failed run is reported as the last run; the copy it did not replace still counts
        CommandResult failed = ops.sync(ops.path("gone"), dest.toString(), "--snapshots");
        assertEquals(1, failed.exitCode(), failed.describe());
        CommandResult afterFailure = ops.revcrypt("status", "--max-age", "1h", dest.toString());
        assertEquals(0, afterFailure.exitCode(), afterFailure.describe());
        assertTrue(afterFailure.stdout().contains("exit 1 (failed)") && afterFailure.stdout().contains("snapshot " + stamp),
                "the failed run and the good copy:\n" + afterFailure.describe());
    }
}
