package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.OpsEnv;
import io.revcrypt.it.support.OpsSnapshots;
import io.revcrypt.it.support.OpsTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When {@code DEST/latest} is damaged by hand (issue 5) the next run must not silently make a full
 * copy: it warns, naming what it found, and links against the newest snapshot that is left — the new
 * snapshot still shares its unchanged files with that one — and then points {@code latest} at itself.
 */
class SnapshotLatestIT {

    @RegisterExtension
    final OpsEnv ops = OpsEnv.perTest();

    @Test
    @Timeout(150)
    void aDeletedLatestTargetOrAMissingLatestLinksAgainstTheNewestLeft() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path dest = ops.path("backup");
        String a = OpsSnapshots.publishedIn(ops.syncOk(src, dest.toString(), "--snapshots"));
        OpsTrees.change(src, "v2\n");
        String b = OpsSnapshots.publishedIn(ops.syncOk(src, dest.toString(), "--snapshots"));
        assertEquals(Optional.of(b), OpsSnapshots.latest(dest));

        // latest's target deleted by hand: latest dangles
        OpsEnv.deleteTree(dest.resolve(b));
        OpsTrees.change(src, "v3\n");
        CommandResult afterDelete = ops.syncOk(src, dest.toString(), "--snapshots");
        String c = OpsSnapshots.publishedIn(afterDelete);
        assertTrue(afterDelete.stderr().contains("warning") && afterDelete.stderr().contains(b)
                && afterDelete.stderr().contains(a), "the run warns that latest points to the deleted " + b
                + " and says it links from " + a + ":\n" + afterDelete.describe());
        assertEquals(List.of(a, c), OpsSnapshots.stamps(dest));
        assertEquals(Optional.of(c), OpsSnapshots.latest(dest), "latest is repaired");
        OpsSnapshots.assertUnchangedFilesShared(dest.resolve(a), dest.resolve(c), 1);
        assertEquals(a, OpsSnapshots.record(dest, c).path("linkedTo").asText(), "the record says what it linked from");

        // latest deleted altogether
        Files.delete(dest.resolve(OpsSnapshots.LATEST));
        OpsTrees.change(src, "v4\n");
        CommandResult afterMissing = ops.syncOk(src, dest.toString(), "--snapshots");
        String d = OpsSnapshots.publishedIn(afterMissing);
        assertTrue(afterMissing.stderr().contains("warning") && afterMissing.stderr().contains("latest")
                && afterMissing.stderr().contains(c), "the run warns that latest is missing and links from " + c + ":\n"
                + afterMissing.describe());
        assertEquals(List.of(a, c, d), OpsSnapshots.stamps(dest));
        assertEquals(Optional.of(d), OpsSnapshots.latest(dest), "latest is back");
        OpsSnapshots.assertUnchangedFilesShared(dest.resolve(c), dest.resolve(d), 1);
        ops.assertNoPrivateMounts();
    }
}
