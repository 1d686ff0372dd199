package io.revcrypt.sync.session;

import io.revcrypt.sync.snapshot.SnapshotLayout;
import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.transport.SshTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the lock file of a run goes ({@link LockAtDestination}): the top of a mirror, or
 * {@code DEST/.revcrypt/} of a snapshot destination. A destination that does not look like one
 * of ours (someone's files, which the destination check refuses untouched) gets no lock file
 * before that check: writing there would change it. A mirror looks like ours when its top is
 * empty or holds {@code gocryptfs.diriv} or {@code gocryptfs.conf}; a snapshot destination when
 * every name at its top belongs to the layout.
 */
public final class LockPlacement {

    private LockPlacement() {
    }

    /**
     * The lock directory if the destination looks like ours (created where missing, unless
     * {@code create} is false: a dry run writes nothing), or empty: lock only after the check.
     */
    public static Optional<LockAtDestination.LockDir> beforeCheck(Destination dest, boolean snapshots,
                                                           DestinationCheck.RemoteTools tools, SshTransport ssh,
                                                           Path scratch, boolean create) throws IOException {
        List<String> names = tools.list(dest, "");
        if (names != null) {
            names.removeIf(n -> n.equals(".") || n.equals("..") || n.equals(".~tmp~")
                    || n.startsWith(LockAtDestination.PREFIX));
            boolean ours = snapshots ? names.stream().allMatch(SnapshotLayout::belongs)
                    : names.isEmpty() || names.contains("gocryptfs.diriv") || names.contains("gocryptfs.conf");
            if (!ours) {
                return Optional.empty();
            }
        } else if (!create) {
            return Optional.empty(); // nothing there, and a dry run makes nothing
        }
        return Optional.of(at(dest, snapshots, ssh, scratch, create));
    }

    /** The lock directory of a destination the check has accepted (or that looked like ours). */
    public static LockAtDestination.LockDir at(Destination dest, boolean snapshots, SshTransport ssh, Path scratch,
                                        boolean create) throws IOException {
        String sub = snapshots ? SnapshotLayout.META : "";
        if (dest.isRemote()) {
            return new RsyncLockDir(dest, sub, ssh, scratch); // its upload makes what is missing
        }
        Path top = dest.localPath();
        Path dir = sub.isEmpty() ? top : top.resolve(sub);
        if (create) {
            if (!Files.isDirectory(top)) {
                LocalDirectories.createLast(top);
            }
            Files.createDirectories(dir);
        }
        return LockAtDestination.local(dir);
    }
}
