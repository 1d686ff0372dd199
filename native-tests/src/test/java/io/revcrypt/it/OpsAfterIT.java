package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.OpsEnv;
import io.revcrypt.it.support.OpsSnapshots;
import io.revcrypt.it.support.OpsTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --after CMD} (issue 6): runs only after a successful run, with the destination as {@code $1}
 * and the snapshot's name as {@code $2} (empty for a mirror); if it fails, the run exits 1 — the copy
 * is published all the same.
 */
class OpsAfterIT {

    @RegisterExtension
    final OpsEnv ops = OpsEnv.perTest();

    @Test
    @Timeout(120)
    void afterRunsOnlyAfterSuccessWithDestinationAndSnapshot() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path dest = ops.path("backup");
        Path args = ops.path("after-args");

        CommandResult ok = ops.sync(src, dest.toString(), "--snapshots",
                "--after", "printf '%s\\n' \"$1\" \"$2\" \"$REVCRYPT_SNAPSHOT\" > '" + args + "'");
        assertEquals(0, ok.exitCode(), ok.describe());
        String stamp = OpsSnapshots.publishedIn(ok);
        assertEquals(List.of(dest.toString(), stamp, stamp), Files.readAllLines(args),
                "$1 is the destination, $2 (and REVCRYPT_SNAPSHOT) the snapshot");

        Path marker = ops.path("after-ran");
        CommandResult failed = ops.sync(ops.path("no-such-source"), dest.toString(), "--snapshots",
                "--after", "touch '" + marker + "'");
        assertEquals(1, failed.exitCode(), failed.describe());
        assertFalse(Files.exists(marker), "--after does not run after a failed run");
    }

    @Test
    @Timeout(90)
    void aFailingAfterCommandMakesTheRunExit1() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path mirror = ops.path("mirror");
        Path seen = ops.path("after-saw");

        CommandResult r = ops.sync(src, mirror.toString(), "--after", "echo \"[$1] [$2]\" > '" + seen + "'; exit 5");
        assertEquals(1, r.exitCode(), "a failing --after command fails the run:\n" + r.describe());
        assertTrue(r.stdout().contains("--after command failed (exit 5)"), r.describe());
        assertEquals("[" + mirror + "] []", Files.readString(seen).strip(), "a mirror has no snapshot name");
        assertTrue(Files.isRegularFile(mirror.resolve("gocryptfs.conf")), "the copy itself was made");
        CommandResult status = ops.revcrypt("status", mirror.toString());
        assertTrue(status.stdout().contains("exit 1 (failed)"), "status records the run as failed:\n" + status.describe());
    }
}
