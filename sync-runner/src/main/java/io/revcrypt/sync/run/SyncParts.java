package io.revcrypt.sync.run;

import io.revcrypt.sync.common.RuntimeDirs;
import io.revcrypt.sync.decode.RsyncOutputDecoder;
import io.revcrypt.sync.session.OutputSink;
import io.revcrypt.sync.session.RsyncRun;
import io.revcrypt.sync.session.RunSession;
import io.revcrypt.sync.session.ViewSession;
import io.revcrypt.sync.snapshot.LocalSnapshotStore;
import io.revcrypt.sync.snapshot.RsyncSnapshotStore;
import io.revcrypt.sync.snapshot.SnapshotStore;
import io.revcrypt.sync.transport.Destination;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a {@link SyncRun} is made of besides its own orchestration: the session it opens, the
 * target it copies into, how it runs an rsync, and where its logs and journals go. {@link #REAL}
 * is what {@code revcrypt sync} runs with; a unit test of the orchestration (the order of the
 * steps, what a failure skips, where the exit code comes from) gives fakes, while real rsync,
 * FUSE and ssh are tested in native-tests.
 */
record SyncParts(Sessions sessions, Targets targets, Rsync rsync, Supplier<Path> stateDir) {

    static final SyncParts REAL = new SyncParts(
            (dest, sshOptions, log, notes) -> ViewSession.open("sync", dest, sshOptions, log, notes),
            SyncParts::copyTarget,
            (argv, decoder, stdout, stderr, gatherStdout, running) -> new RsyncRun(decoder, stdout, stderr).lookAhead()
                    .gatherStdout(gatherStdout).whileRunning(running).run(argv),
            RuntimeDirs::state);

    /** Opens the run's session (lines for the log only, and notes for the person and the log). */
    @FunctionalInterface
    interface Sessions {
        RunSession open(Destination dest, List<String> sshOptions, Consumer<String> log, Consumer<String> notes);
    }

    /** The target the settings ask for, over the session's ssh connection and destination check. */
    @FunctionalInterface
    interface Targets {
        CopyTarget of(SyncSettings settings, RunSession session, EarlyLinks early, long linkStart, PrintStream err);
    }

    /** Runs one rsync to the end, its output decoded into the two sinks; its exit code. {@link RsyncRun} is the real one. */
    @FunctionalInterface
    interface Rsync {
        int run(List<String> argv, RsyncOutputDecoder decoder, OutputSink stdout, OutputSink stderr,
                Duration gatherStdout, Consumer<Process> running) throws IOException;
    }

    /**
     * A snapshot or a mirror, as the settings say: the one place the run tells them apart.
     * (The person's own rsync options could make rsync change a linked file in place: then a
     * snapshot is not filled from its base before rsync.)
     */
    private static CopyTarget copyTarget(SyncSettings settings, RunSession session, EarlyLinks early, long linkStart,
                                         PrintStream err) {
        Destination dest = settings.destination();
        if (!settings.snapshotMode()) {
            return new MirrorTarget(dest, session.destinationCheck(), settings.dryRun());
        }
        SnapshotStore store = dest.isRemote() ? new RsyncSnapshotStore(dest, session.ssh(), session.runDirectory())
                : new LocalSnapshotStore(dest.localPath());
        return new SnapshotTarget(dest, store, session.destinationCheck(), settings.snapshots(), settings.dryRun(),
                settings.rsyncArgs().isEmpty(), err).withEarlyLinks(early, linkStart);
    }
}
