package io.revcrypt.sync.snapshot;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.RuntimeDirs;
import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.session.DestinationIdentity;
import io.revcrypt.sync.session.DestinationLock;
import io.revcrypt.sync.session.StaleRuns;
import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.transport.SshTransport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot store for a command that needs no mount ({@code snapshots list}, {@code prune}), with
 * the ssh connection and scratch space it may need, released on close; and this machine's lock
 * of the destination, the very lock a sync takes (keyed on {@link DestinationIdentity}, so that a
 * prune through a symlink or as {@code host:path/} is kept out while a sync writes {@code host:path}).
 */
public final class Stores implements AutoCloseable {

    private final Destination dest;
    private final List<String> sshOptions;
    private final SnapshotStore store;
    private final SshTransport ssh;
    private final Path scratch;
    private DestinationLock lock;

    private Stores(Destination dest, List<String> sshOptions, SnapshotStore store, SshTransport ssh, Path scratch) {
        this.dest = dest;
        this.sshOptions = List.copyOf(sshOptions);
        this.store = store;
        this.ssh = ssh;
        this.scratch = scratch;
    }

    public static Stores open(Destination dest, List<String> sshOptions) {
        Path scratch = RuntimeDirs.privateDir(RuntimeDirs.runtime().resolve("tool-" + ProcessHandle.current().pid()));
        if (!dest.isRemote()) {
            return new Stores(dest, sshOptions, new LocalSnapshotStore(dest.localPath()), null, scratch);
        }
        SshTransport ssh = new SshTransport(dest, scratch, sshOptions);
        return new Stores(dest, sshOptions, new RsyncSnapshotStore(dest, ssh, scratch), ssh, scratch);
    }

    public SnapshotStore store() {
        return store;
    }

    /** Takes the destination's lock, as a sync would; exit 4 if a run holds it. */
    public void lock() throws IOException {
        String[] holder = new String[1];
        Optional<DestinationLock> l = DestinationLock.tryAcquire(lockFile(), holder);
        lock = l.orElseThrow(() -> new UserException(ExitCode.LOCKED,
                "a revcrypt sync to " + dest + " is running (" + holder[0] + "); try again when it has finished"));
    }

    /** Whether a run holds the destination's lock right now. */
    public boolean isRunning() {
        try {
            Optional<DestinationLock> l = DestinationLock.tryAcquire(lockFile(), new String[1]);
            l.ifPresent(DestinationLock::close);
            return l.isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private Path lockFile() {
        return DestinationLock.fileFor(DestinationIdentity.of(dest, sshOptions));
    }

    @Override
    public void close() {
        if (lock != null) {
            lock.close();
        }
        if (ssh != null) {
            ssh.close();
        }
        StaleRuns.removeRunDirectory(scratch);
    }
}
