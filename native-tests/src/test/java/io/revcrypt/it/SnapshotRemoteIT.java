package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.OddTree;
import io.revcrypt.it.support.OpsEnv;
import io.revcrypt.it.support.OpsSnapshots;
import io.revcrypt.it.support.OpsTrees;
import io.revcrypt.it.support.SshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Snapshots on a remote (issue 5), through a real sshd on 127.0.0.1: once with a full login, once
 * with an account forced to {@code rrsync} like a storage box, where revcrypt has nothing but rsync —
 * no rename, so a run is published by a second rsync pass that hard-links everything from
 * {@code .inprogress} into {@code DEST/<stamp>/}. Either way the result must be what a local disk
 * gets: one snapshot per run, unchanged files shared by hard link, {@code latest} naming the newest,
 * no {@code .inprogress} left, and every snapshot mountable by stock gocryptfs. The remote's disk is
 * this machine's, so the test inspects it directly.
 *
 * <p>The destination directory does not exist before the first run (a fresh storage box); its parent
 * does.
 */
class SnapshotRemoteIT {

    @RegisterExtension
    final OpsEnv ops = OpsEnv.perTest();

    @Test
    @Timeout(180)
    void overSsh() throws Exception {
        OpsEnv.requireSsh();
        SshServer server = ops.sshServer("sshd");
        Path remote = Files.createDirectory(ops.path("remote")).resolve("bk");
        twoRunsAndCheck(server, server.destination(remote), remote);
    }

    @Test
    @Timeout(180)
    void overAnRsyncOnlyAccount() throws Exception {
        OpsEnv.requireSsh();
        Path box = Files.createDirectory(ops.path("box"));
        SshServer server = ops.rsyncOnlyServer("sshd", box);
        // as on a storage box: the path is relative to the directory rrsync confines the key to
        twoRunsAndCheck(server, server.destination("bk"), box.resolve("bk"));
    }

    private void twoRunsAndCheck(SshServer server, String destination, Path remoteDir) throws Exception {
        Path src = Files.createDirectory(ops.path("src"));
        OddTree.build(src, false);
        Files.createDirectories(src.resolve("docs"));
        Files.writeString(src.resolve(OpsTrees.CHANGING), SnapshotHardLinksIT.V1);
        ops.init(src);
        List<String> ssh = OpsEnv.sshOptionArgs(server);

        CommandResult first = ops.syncOk(src, destination, options(ssh, "--snapshots"));
        OpsTrees.change(src, SnapshotHardLinksIT.V2);
        CommandResult second = ops.syncOk(src, destination, options(ssh, "--snapshots"));
        ops.assertNoPrivateMounts();
        assertFalse(second.stderr().contains("warning"), "a second run next to an intact latest has nothing to warn "
                + "about:\n" + second.describe());

        List<String> stamps = OpsSnapshots.stamps(remoteDir);
        assertEquals(List.of(OpsSnapshots.publishedIn(first), OpsSnapshots.publishedIn(second)), stamps,
                "one snapshot per run on the remote, named as the runs said: " + OpsSnapshots.names(remoteDir));
        assertEquals(Optional.of(stamps.get(1)), OpsSnapshots.latest(remoteDir), "latest names the newest");
        assertFalse(Files.exists(remoteDir.resolve(OpsSnapshots.IN_PROGRESS)), ".inprogress is gone once published");
        for (String stamp : stamps) {
            List<String> top = OpsSnapshots.names(remoteDir.resolve(stamp));
            assertFalse(top.contains(OpsSnapshots.LATEST), "a snapshot must hold only the copy, but " + stamp
                    + " holds a 'latest': " + top);
        }
        OpsSnapshots.assertUnchangedFilesShared(remoteDir.resolve(stamps.get(0)), remoteDir.resolve(stamps.get(1)), 1);

        List<String> listArgs = new ArrayList<>(List.of("snapshots", "list"));
        listArgs.addAll(ssh);
        listArgs.add(destination);
        CommandResult list = ops.revcrypt(listArgs.toArray(new String[0]));
        assertEquals(0, list.exitCode(), list.describe());
        String newestRow = list.stdout().lines().filter(l -> l.startsWith(stamps.get(1))).findFirst().orElse("");
        assertTrue(newestRow.contains("<- latest"), "snapshots list over ssh marks the newest as latest:\n"
                + list.describe());

        SnapshotHardLinksIT.assertSnapshotsRestore(ops, src, remoteDir, stamps.get(0), stamps.get(1));
    }

    private static String[] options(List<String> ssh, String... more) {
        List<String> all = new ArrayList<>(ssh);
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }
}
