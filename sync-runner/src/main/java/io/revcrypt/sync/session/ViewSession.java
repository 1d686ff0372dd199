package io.revcrypt.sync.session;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.RuntimeDirs;
import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.decode.CtlClient;
import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.transport.SshTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What one run over the encrypted view holds ({@code sync}, {@code verify --against}): its
 * private run directory, this machine's lock on the destination, the mark that a run is in
 * progress, the ssh master connection, the lock file at the destination, the mount child and the
 * client of its control socket. Each is taken by a method here, in the order the run needs them;
 * all are released once, by {@link #close} or by the shutdown hook after Ctrl-C, in the order of
 * {@link Part}, whatever order they were taken in.
 */
public final class ViewSession implements RunSession {

    /**
     * What a session holds, in the order it is released. The order matters: the caller's own
     * work stops before anything it relies on goes; nothing writes to the destination once its
     * lock file goes, which needs ssh still up; the in-progress mark ends while this machine's
     * lock is still held, so that the next run may write its own.
     */
    enum Part {
        /** the caller's work that must end first (a snapshot's early links: nothing may link once another run could start) */
        CALLERS_WORK,
        CONTROL_CLIENT,
        MOUNT,
        /** once nothing writes to the destination any more, and while ssh is still up */
        LOCK_AT_DESTINATION,
        SSH,
        RUN_DIRECTORY,
        /** while this machine's lock is held: the next run may write its own mark */
        IN_PROGRESS,
        LOCAL_LOCK
    }

    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(30);

    private final Path runDirectory;
    private final Destination destination;
    private final List<String> sshOptions;
    private final Consumer<String> log;
    private final Consumer<String> notes;
    private final Map<Part, Runnable> held = new EnumMap<>(Part.class);
    private final ReleaseOnce release;
    private volatile SshTransport ssh;
    private volatile MountProcess mount;
    private volatile CtlClient controlClient;
    private volatile LockAtDestination lockAtDestination;
    private boolean released;

    /** @param hookName the shutdown hook's thread, or null for none */
    private ViewSession(Path runDirectory, Destination destination, List<String> sshOptions, Consumer<String> log,
                        Consumer<String> notes, String hookName) {
        this.runDirectory = runDirectory;
        this.destination = destination;
        this.sshOptions = List.copyOf(sshOptions);
        this.log = log;
        this.notes = notes;
        hold(Part.RUN_DIRECTORY, () -> StaleRuns.removeRunDirectory(runDirectory));
        this.release = hookName != null ? ReleaseOnce.onExit(hookName, this::releaseAll) : new ReleaseOnce(this::releaseAll);
    }

    /**
     * Opens a session: run directories of earlier runs of this {@code kind} whose process is gone
     * are cleared, and this run's ({@code <kind>-<pid>} in the runtime directory) is made.
     *
     * @param log   lines for the run's log only
     * @param notes lines for the person and the log (a stale lock removed, say)
     */
    public static ViewSession open(String kind, Destination destination, List<String> sshOptions, Consumer<String> log,
                                   Consumer<String> notes) {
        Path runtimeRoot = RuntimeDirs.runtime();
        StaleRuns.clean(runtimeRoot, kind + "-");
        Path runDirectory = RuntimeDirs.privateDir(runtimeRoot.resolve(kind + "-" + ProcessHandle.current().pid()));
        return new ViewSession(runDirectory, destination, sshOptions, log, notes, kind + "-cleanup");
    }

    /** A session without the shutdown hook, over a run directory of the test's. */
    static ViewSession forTest(Path runDirectory, Destination destination, Consumer<String> log, Consumer<String> notes) {
        return new ViewSession(runDirectory, destination, List.of(), log, notes, null);
    }

    /** This run's private directory: mount point, sockets, scratch space. Removed on release. */
    @Override
    public Path runDirectory() {
        return runDirectory;
    }

    /** Holds {@code releaseIt} to be run in {@code part}'s turn. */
    void hold(Part part, Runnable releaseIt) {
        synchronized (this) {
            if (!released) {
                held.put(part, releaseIt);
                return;
            }
        }
        releaseIt.run(); // taken while the shutdown hook released the rest: nobody else would release it
    }

    /** Runs {@code stop} first on release: the caller's work that must end before the rest goes. */
    @Override
    public void stopFirst(Runnable stop) {
        hold(Part.CALLERS_WORK, stop);
    }

    /**
     * One run per destination at a time on this machine, keyed on the destination as resolved,
     * not as spelled; exit 4 if another holds it.
     */
    @Override
    public void lockOnThisMachine() throws IOException {
        String[] holder = new String[1];
        String identity = DestinationIdentity.of(destination, sshOptions);
        DestinationLock lock = DestinationLock.tryAcquire(DestinationLock.fileFor(identity), holder)
                .orElseThrow(() -> new UserException(ExitCode.LOCKED, "another revcrypt sync to " + destination
                        + " is running (" + holder[0] + (identity.equals(destination.toString()) ? ""
                                : ", writing to " + identity) + "); try again when it has finished"));
        hold(Part.LOCAL_LOCK, lock::close);
    }

    /** Marks the run as in progress until it ends ({@code status} tells a killed run by it). */
    @Override
    public void markInProgress() throws IOException {
        RunInProgress mark = RunInProgress.begin(destination);
        hold(Part.IN_PROGRESS, mark::end);
    }

    /** The ssh master connection to a remote destination, or null for a local one. */
    @Override
    public SshTransport connect() {
        if (!destination.isRemote()) {
            return null;
        }
        SshTransport transport = new SshTransport(destination, runDirectory, sshOptions);
        ssh = transport;
        hold(Part.SSH, transport::close);
        return transport;
    }

    /** The ssh connection of {@link #connect}, or null. */
    @Override
    public SshTransport ssh() {
        return ssh;
    }

    /** How the destination is listed and read: over rsync for a remote one. */
    private DestinationCheck.RemoteTools destinationTools() {
        return destination.isRemote() ? DestinationCheck.overRsync(ssh, runDirectory) : DestinationCheck.local();
    }

    /**
     * The lock file at the destination, before anything is written there, so that another
     * machine's run sees it: taken now if the destination looks like ours; else left for
     * {@link #lockAtDestinationOnceChecked} after the destination check. A dry run takes none: it
     * only refuses if another run holds one.
     */
    @Override
    public void lockAtDestinationIfOurs(boolean snapshots, boolean dryRun) {
        try {
            Optional<LockAtDestination.LockDir> dir = LockPlacement.beforeCheck(destination, snapshots,
                    destinationTools(), ssh, runDirectory, !dryRun);
            if (dir.isEmpty()) {
                return;
            }
            if (dryRun) {
                LockAtDestination.checkFree(dir.get(), destination.toString(), notes);
                return;
            }
            lockAt(dir.get());
        } catch (IOException e) {
            throw UserException.failed("cannot reach the destination " + destination + " to lock it: " + e.getMessage());
        }
    }

    /**
     * The lock file of a destination the check has accepted although it did not look like a copy
     * of ours before: taken now, before rsync. Nothing if it is held already, or in a dry run.
     */
    @Override
    public void lockAtDestinationOnceChecked(boolean snapshots, boolean dryRun) throws IOException {
        if (lockAtDestination == null && !dryRun) {
            lockAt(LockPlacement.at(destination, snapshots, ssh, runDirectory, true));
        }
    }

    private void lockAt(LockAtDestination.LockDir dir) throws IOException {
        LockAtDestination lock = LockAtDestination.acquire(dir, destination.toString(), notes);
        log.accept("locked " + dir.where() + "/" + lock.fileName());
        lockAtDestination = lock;
        hold(Part.LOCK_AT_DESTINATION, lock::close);
    }

    /**
     * Mounts the view in a child process, at {@code mnt} of the run directory, serving the control
     * socket {@code ctl.sock} there; the child unmounts when this process ends, even by
     * {@code kill -9}. A child that cannot mount ends the run with its own message and exit code.
     *
     * @param view     what to mount ({@link MountSpec#of}); where and how is the session's
     * @param secret   the password or master key line (zeroed here)
     * @param childLog where the child's stderr goes
     */
    @Override
    public MountProcess startMount(List<String> javaCommand, MountSpec view, byte[] secret, boolean masterKey,
                              MountProcess.ChildLog childLog) throws IOException {
        Path mnt = Files.createDirectories(runDirectory.resolve("mnt"));
        MountSpec spec = view.at(mnt).withMasterKey(masterKey).withControlSocket(runDirectory.resolve("ctl.sock"))
                .endingWithParent();
        MountProcess child;
        try {
            child = MountProcess.start(javaCommand, spec, secret, childLog, milestone -> { });
        } catch (MountProcess.MountFailedException e) {
            throw new UserException(e.exitCode(), e.getMessage());
        }
        mount = child;
        hold(Part.MOUNT, child::close);
        return child;
    }

    /**
     * The view's {@code gocryptfs.conf} (what the top of a copy made with this key holds), or null
     * where the view shows none (a config kept outside SRC).
     */
    @Override
    public byte[] viewConfig() throws IOException {
        Path conf = mount.mountPoint().resolve("gocryptfs.conf");
        return Files.isRegularFile(conf) ? Files.readAllBytes(conf) : null;
    }

    /** The check of the destination: is it empty, or a copy made with this key? Over ssh where it is remote. */
    @Override
    public DestinationCheck destinationCheck() {
        return new DestinationCheck(destinationTools());
    }

    /** The mount child of {@link #startMount}, or null. */
    @Override
    public MountProcess mount() {
        return mount;
    }

    /** The client of the mount's control socket (made on first use; its connections open per request). */
    @Override
    public synchronized CtlClient controlClient() {
        if (mount == null) {
            throw new IllegalStateException("no mount yet");
        }
        if (controlClient == null) {
            CtlClient client = new CtlClient(mount.socket(), CONTROL_TIMEOUT);
            controlClient = client;
            hold(Part.CONTROL_CLIENT, client::close);
        }
        return controlClient;
    }

    /** Releases everything, once; the shutdown hook is dropped. */
    @Override
    public void close() {
        release.releaseAndForget();
    }

    private void releaseAll() {
        Map<Part, Runnable> parts;
        synchronized (this) {
            parts = new EnumMap<>(held);
            held.clear();
            released = true;
        }
        RuntimeException first = null;
        for (Runnable releaseIt : parts.values()) { // EnumMap: in the order of Part
            try {
                releaseIt.run();
            } catch (RuntimeException e) {
                // the locks after it must go all the same
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
