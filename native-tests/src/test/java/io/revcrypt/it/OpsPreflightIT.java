package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.Mounts;
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
 * The checks before a run (issue 6), for a backup disk that is not there: a missing source fails fast
 * naming it; {@code --dest-must-be-mounted[=MNT]} refuses a directory that is not a mount point and
 * writes nothing; a local destination whose parent does not exist is not created ("is the backup disk
 * mounted?"), in mirror and in snapshot mode. All exit 1.
 */
class OpsPreflightIT {

    /** A tmpfs every Linux machine has mounted: a mount point to pass the check with. */
    private static final Path SHM = Path.of("/dev/shm");

    @RegisterExtension
    final OpsEnv ops = OpsEnv.perTest();

    @Test
    @Timeout(60)
    void aMissingSourceFailsFastNamingIt() throws Exception {
        OpsEnv.requireBasics();
        Path missing = ops.path("usb/home");
        Path dest = ops.path("backup");
        CommandResult r = ops.sync(missing, dest.toString(), "--snapshots");
        assertEquals(1, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains(missing.toString()), "the message names the source:\n" + r.describe());
        assertFalse(Files.exists(dest), "nothing is created");
        assertNothingLeftInRuntime();
    }

    @Test
    @Timeout(120)
    void destMustBeMountedRefusesAPlainDirectory() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path usb = Files.createDirectory(ops.path("mnt-usb"));
        Path dest = usb.resolve("backups");

        CommandResult explicit = ops.sync(src, dest.toString(), "--snapshots", "--dest-must-be-mounted=" + usb);
        assertEquals(1, explicit.exitCode(), explicit.describe());
        assertTrue(explicit.stderr().contains(usb.toString()) && explicit.stderr().contains("not mounted"),
                explicit.describe());
        assertEquals(List.of(), OpsSnapshots.names(usb), "nothing is written under the missing disk's mount point");

        assertNothingLeftInRuntime();

        // and a real mount point passes
        assertTrue(Mounts.isMounted(SHM), SHM + " is not a mount point on this machine");
        Path onShm = Files.createTempDirectory(SHM, "revcrypt-ops-");
        try {
            CommandResult mounted = ops.sync(src, onShm.resolve("backup").toString(), "--dest-must-be-mounted=" + SHM);
            assertEquals(0, mounted.exitCode(), mounted.describe());
        } finally {
            OpsEnv.deleteTree(onShm);
        }
    }

    /**
     * Without a value, DEST itself must be a mount point. Written as the synopsis has it,
     * {@code sync [--dest-must-be-mounted[=MNT]] SRC DEST}: the bare option must not take SRC as its value.
     */
    @Test
    @Timeout(60)
    void destMustBeMountedWithoutAValueChecksDestItself() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path dest = Files.createDirectory(ops.path("backup"));
        CommandResult itself = ops.sync(src, dest.toString(), "--dest-must-be-mounted");
        assertEquals(1, itself.exitCode(), "DEST is not a mount point:\n" + itself.describe());
        assertTrue(itself.stderr().contains(dest.toString()) && itself.stderr().contains("not mounted"),
                itself.describe());
        assertEquals(List.of(), OpsSnapshots.names(dest), "nothing is written to DEST");
        assertNothingLeftInRuntime();
    }

    @Test
    @Timeout(60)
    void aDestinationWhoseParentIsMissingIsNotCreated() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path parent = ops.path("media/usb");
        for (String mode : List.of("mirror", "snapshots")) {
            Path dest = parent.resolve(mode);
            CommandResult r = mode.equals("mirror") ? ops.sync(src, dest.toString())
                    : ops.sync(src, dest.toString(), "--snapshots");
            assertEquals(1, r.exitCode(), mode + ":\n" + r.describe());
            assertTrue(r.stderr().contains(parent.toString()) && r.stderr().contains("is the backup disk mounted?"),
                    mode + ":\n" + r.describe());
            assertFalse(Files.exists(ops.path("media")), mode + ": no part of the path is created");
        }
        assertNothingLeftInRuntime();
    }

    /** No private run directory (mount point, socket) of a finished run remains. */
    private void assertNothingLeftInRuntime() throws Exception {
        ops.assertNoPrivateMounts();
        Path runs = ops.runtimeDir().resolve("revcrypt");
        if (Files.isDirectory(runs)) {
            List<String> left = OpsSnapshots.names(runs).stream().filter(n -> n.startsWith("sync-")).toList();
            assertEquals(List.of(), left, "run directories left in " + runs);
        }
    }
}
