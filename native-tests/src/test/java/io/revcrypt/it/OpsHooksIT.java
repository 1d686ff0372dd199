package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.OpsEnv;
import io.revcrypt.it.support.OpsSnapshots;
import io.revcrypt.it.support.OpsTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --before CMD} (issue 19): it runs before anything is mounted or copied, and when it fails
 * the run ends with exit 1, one line saying so, and nothing synced. Every hook (before, after,
 * notify) finds REVCRYPT_JOB, REVCRYPT_DEST, REVCRYPT_EXIT_CODE, REVCRYPT_SNAPSHOT and REVCRYPT_LOG.
 */
class OpsHooksIT {

    private static final String DUMP_ENV = "env | grep '^REVCRYPT_' | grep -v PASSWORD | sort > ";

    @RegisterExtension
    final OpsEnv ops = OpsEnv.perTest();

    @Test
    @Timeout(90)
    void aFailingBeforeCommandStopsTheRunBeforeAnythingIsMounted() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path dest = ops.path("backup");
        Path mounts = ops.path("mounts-seen-by-before");

        CommandResult r = ops.sync(src, dest.toString(), "--snapshots",
                "--before", "grep -c ' " + ops.root() + "' /proc/mounts > '" + mounts + "'; echo 'dump failed' >&2; exit 3");

        assertEquals(1, r.exitCode(), r.describe());
        String line = "revcrypt: the --before command failed (exit 3); nothing was copied";
        assertEquals(1, r.stderr().lines().filter(line::equals).count(), () -> "said once:\n" + r.describe());
        assertEquals(1, (r.stdout() + r.stderr()).lines().filter(l -> l.contains("--before command failed")).count(),
                () -> "and nowhere else:\n" + r.describe());
        assertTrue(r.stderr().contains("dump failed"), () -> "the command's own output is shown:\n" + r.describe());
        assertEquals("0", Files.readString(mounts).strip(), "nothing of the run was mounted when it ran");
        assertFalse(Files.exists(dest), "nothing was synced");
        assertTrue(!Files.readString(Path.of("/proc/mounts")).contains(ops.root().toString()), "nothing left mounted");
    }

    @Test
    @Timeout(120)
    void everyHookGetsTheRunInItsEnvironment() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path dest = ops.path("backup");
        Path before = ops.path("before.env");
        Path after = ops.path("after.env");
        Path notify = ops.path("notify.env");
        Path destSeen = ops.path("dest-seen-by-before");

        CommandResult r = ops.sync(src, dest.toString(), "--snapshots", "--log", ops.path("run.log").toString(),
                "--before", "{ [ -e '" + dest + "' ] && echo exists || echo absent; } > '" + destSeen + "'; "
                        + DUMP_ENV + "'" + before + "'",
                "--after", DUMP_ENV + "'" + after + "'",
                "--notify-always", "--notify", "cat > /dev/null; " + DUMP_ENV + "'" + notify + "'");

        assertEquals(0, r.exitCode(), r.describe());
        String stamp = OpsSnapshots.publishedIn(r);
        assertEquals("absent", Files.readString(destSeen).strip(), "--before ran before anything was copied");

        Map<String, String> b = variables(before);
        assertTrue(b.get("REVCRYPT_JOB").startsWith("sync-"), b.toString());
        assertEquals(dest.toString(), b.get("REVCRYPT_DEST"), b.toString());
        assertEquals("", b.get("REVCRYPT_EXIT_CODE"), "no exit code before the run: " + b);
        assertEquals("", b.get("REVCRYPT_SNAPSHOT"), b.toString());

        for (Path file : List.of(after, notify)) {
            Map<String, String> v = variables(file);
            assertEquals(b.get("REVCRYPT_JOB"), v.get("REVCRYPT_JOB"), file + ": " + v);
            assertEquals(dest.toString(), v.get("REVCRYPT_DEST"), file + ": " + v);
            assertEquals("0", v.get("REVCRYPT_EXIT_CODE"), file + ": " + v);
            assertEquals(stamp, v.get("REVCRYPT_SNAPSHOT"), file + ": " + v);
            assertEquals(ops.path("run.log").toString(), v.get("REVCRYPT_LOG"), file + ": " + v);
            assertTrue(Files.readString(Path.of(v.get("REVCRYPT_LOG"))).contains(stamp), "the log is the run's");
        }

        Path failedNotify = ops.path("failed-notify.env");
        CommandResult failed = ops.sync(ops.path("no-such-source"), dest.toString(),
                "--notify", "cat > /dev/null; " + DUMP_ENV + "'" + failedNotify + "'");
        assertEquals(1, failed.exitCode(), failed.describe());
        assertEquals("1", variables(failedNotify).get("REVCRYPT_EXIT_CODE"), failed.describe());
    }

    private static Map<String, String> variables(Path file) throws IOException {
        Map<String, String> v = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            v.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return v;
    }
}
