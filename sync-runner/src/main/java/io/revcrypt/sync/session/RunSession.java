package io.revcrypt.sync.session;

import io.revcrypt.sync.decode.CtlClient;
import io.revcrypt.sync.transport.SshTransport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The steps a sync takes of its session, in the order it takes them, and the release of all of
 * them by {@link #close}. {@link ViewSession} is the real one (where each step is described); the
 * interface is the seam that lets a test of {@code run.SyncRun}'s orchestration record the steps
 * with a fake, without locks in the state directory, a mount child or ssh.
 */
public interface RunSession extends AutoCloseable {

    /** This run's private directory: mount point, sockets, scratch space. */
    Path runDirectory();

    /** Runs {@code stop} first on release: the caller's work that must end before the rest goes. */
    void stopFirst(Runnable stop);

    /** One run per destination at a time on this machine; exit 4 if another holds it. */
    void lockOnThisMachine() throws IOException;

    /** Marks the run as in progress until it ends. */
    void markInProgress() throws IOException;

    /** The ssh master connection to a remote destination, or null for a local one. */
    SshTransport connect();

    /** The ssh connection of {@link #connect}, or null. */
    SshTransport ssh();

    /** The lock file at the destination, now if the destination looks like ours. */
    void lockAtDestinationIfOurs(boolean snapshots, boolean dryRun);

    /** The lock file at a destination the check has accepted, if it is not held yet. */
    void lockAtDestinationOnceChecked(boolean snapshots, boolean dryRun) throws IOException;

    /** Mounts the view; the secret is zeroed here. */
    MountedView startMount(List<String> javaCommand, MountSpec view, byte[] secret, boolean masterKey,
                           MountProcess.ChildLog childLog) throws IOException;

    /** The view of {@link #startMount}, or null. */
    MountedView mount();

    /** The client of the mount's control socket. */
    CtlClient controlClient();

    /** The view's {@code gocryptfs.conf}, or null where it shows none. */
    byte[] viewConfig() throws IOException;

    /** The check of the destination: is it empty, or a copy made with this key? */
    DestinationCheck destinationCheck();

    /** Releases everything the steps took, once. */
    @Override
    void close();
}
