package io.revcrypt.sync.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RsyncInvocationTest {

    @Test
    void defaultsOfTheDesignThenTheUsersArgumentsThenSourceAndTarget() {
        List<String> argv = RsyncInvocation.build("/run/mnt/", "host:dst/", "ssh -o BatchMode=yes", true, List.of("../latest"),
                false, List.of("--bwlimit=5M"), false);
        assertEquals("rsync", argv.get(0));
        assertTrue(argv.containsAll(List.of("--archive", "--delete", "--no-specials", "--no-devices", "--itemize-changes",
                "--out-format=%i\t%n%L", "--dry-run", "--link-dest=../latest", "--rsh=ssh -o BatchMode=yes")));
        assertEquals(List.of("--bwlimit=5M", "/run/mnt/", "host:dst/"), argv.subList(argv.size() - 3, argv.size()));
        assertTrue(argv.stream().noneMatch(a -> a.equals("--delay-updates")), "snapshots need no delayed updates");
        assertTrue(argv.stream().noneMatch(a -> a.startsWith("--outbuf")), "block buffering when nobody watches");
        List<String> mirror = RsyncInvocation.build("a/", "b/", null, false, List.of(), true, List.of(), false);
        assertTrue(mirror.containsAll(List.of("--delay-updates", "--delete-delay")),
                "a mirror deletes only after the delayed renames: a file moved in the source is never in neither place");
        assertTrue(argv.stream().noneMatch(a -> a.equals("--delete-delay")), "a snapshot deletes in its own directory only");
        assertTrue(RsyncInvocation.build("a/", "b/", null, false, List.of(), true, List.of(), true).contains("--outbuf=L"),
                "line by line on a terminal");
        assertTrue(mirror.containsAll(List.of("--filter=P /.revcrypt-lock.*", "--exclude=/.revcrypt-lock.*")),
                "the lock files at DEST's top are neither deleted nor copied: " + mirror);
    }

    @Test
    void sshCommandIsQuotedForRsyncsSplitting() {
        SshTransport ssh = new SshTransport(Destination.parse("h:p"), Path.of("/run/x"),
                List.of("IdentityFile=/root/my keys/id", "Port=23"));
        String shell = ssh.rsyncShell();
        assertTrue(shell.contains("'IdentityFile=/root/my keys/id'"), shell);
        assertTrue(new SshTransport(Destination.parse("h:p"), Path.of("/r"), List.of("IdentityFile=/it's")).rsyncShell()
                .contains("'IdentityFile=/it''s'"), "a quote inside quotes is doubled, as rsync reads it");
        assertTrue(shell.contains("-o BatchMode=yes"), shell);
        assertTrue(shell.contains("ControlPath=/run/x/ssh"), shell);
        assertTrue(shell.indexOf("Port=23") < shell.indexOf("BatchMode=yes"), "the person's options first: ssh keeps the first value");
    }

    @Test
    void aCopyAgainPassCopiesTheListedFilesWithoutDeletingAndRegardlessOfTimes() {
        List<String> run = List.of("rsync", "--archive", "--delete", "--delete-delay", "--outbuf=L", "--link-dest=../a",
                "SRC/", "DEST");
        assertEquals(List.of("rsync", "--archive", "--link-dest=../a", "--files-from=/l", "--ignore-times", "SRC/", "DEST"),
                RsyncInvocation.copyAgain(run, Path.of("/l")));
    }

    @Test
    void theComparisonOfVerifyAgainstChangesNothingAndUsesTheSyncsOutputFormat() {
        assertEquals(List.of("rsync", "--archive", "--checksum", "--dry-run", "--itemize-changes",
                        "--out-format=" + RsyncInvocation.OUT_FORMAT, "--delete", "--no-specials", "--no-devices",
                        "--rsh=ssh -x", "/run/mnt/", "h:copy/"),
                RsyncInvocation.compareAgainst("/run/mnt/", "h:copy/", "ssh -x"));
        assertEquals(List.of("rsync", "--archive", "--checksum", "--dry-run", "--itemize-changes", "--out-format=%i\t%n%L",
                        "--delete", "--no-specials", "--no-devices", "/run/mnt/", "/copy/"),
                RsyncInvocation.compareAgainst("/run/mnt/", "/copy/", null), "a local copy: no --rsh");
    }

    @Test
    void aRestoresFetchKeepsNumericOwnersAndPutsTheCallersOptionsBeforeSourceAndTarget() {
        assertEquals(List.of("rsync", "--archive", "--numeric-ids", "--no-inc-recursive", "--rsh=ssh -x",
                        "--files-from=/l", "--from0", "h:copy/", "/staging/"),
                RsyncInvocation.fetch("ssh -x", List.of("--files-from=/l", "--from0"), "h:copy/", "/staging/"));
        assertEquals(List.of("rsync", "--archive", "--numeric-ids", "--no-inc-recursive", "--dry-run", "/copy/", "/e/"),
                RsyncInvocation.fetch(null, List.of("--dry-run"), "/copy/", "/e/"));
    }

    @Test
    void theShortCallsToARemoteDestination() {
        assertEquals(List.of("rsync", "--list-only", "--links", "--rsh=ssh -x", "h:d/"),
                RsyncInvocation.listing("ssh -x", "h:d/"));
        assertEquals(List.of("rsync", "--list-only", "--rsh=ssh -x", "--filter=+ /.revcrypt-lock.*", "--filter=- *", "h:d/"),
                RsyncInvocation.lockFiles("ssh -x", "h:d/"));
        assertEquals(List.of("rsync", "--max-size=4096", "--rsh=ssh -x", "h:d/gocryptfs.conf", "/tmp/f"),
                RsyncInvocation.fetchSmallFile("ssh -x", "h:d/gocryptfs.conf", "/tmp/f", 4096));
        assertEquals(List.of("rsync", "--recursive", "--ignore-times", "--rsh=ssh -x", "/stage/", "h:d/"),
                RsyncInvocation.upload("ssh -x", "/stage/", "h:d/"));
        assertEquals(List.of("rsync", "--recursive", "--delete", "--rsh=ssh -x", "--filter=+ /.revcrypt-lock.1",
                        "--filter=- *", "/empty/", "h:d/"),
                RsyncInvocation.deleteOne("ssh -x", ".revcrypt-lock.1", "/empty/", "h:d/"));
        assertEquals(List.of("rsync", "--rsh=ssh -x", "--dirs", "/empty/", "h:d/"),
                RsyncInvocation.overSsh("ssh -x", List.of("--dirs", "/empty/", "h:d/")));
    }

    @Test
    void deletionCountIsADryRunThatSendsNothingAndItemizesInTheDecodersFormat() {
        List<String> local = RsyncInvocation.deletionsSinceBase("/run/mnt/", "/dst/2026-01-01T000000Z", null);
        assertEquals(List.of("rsync", "--recursive", "--dry-run", "--delete", "--existing", "--ignore-existing",
                "--no-specials", "--no-devices", "--itemize-changes", "--out-format=%i\t%n%L", "/run/mnt/",
                "/dst/2026-01-01T000000Z"), local);
        List<String> remote = RsyncInvocation.deletionsSinceBase("/run/mnt/", "h:dst/2026-01-01T000000Z", "ssh -o X=y");
        assertEquals(List.of("--rsh=ssh -o X=y", "/run/mnt/", "h:dst/2026-01-01T000000Z"),
                remote.subList(remote.size() - 3, remote.size()), "over ssh: the run's shell, then source and base");
    }
}
