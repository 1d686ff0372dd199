package io.revcrypt.sync.run;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.IoReason;
import io.revcrypt.sync.common.RuntimeDirs;
import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.decode.CtlClient;
import io.revcrypt.sync.decode.DecodeSummary;
import io.revcrypt.sync.decode.DecodedEvent;
import io.revcrypt.sync.decode.NameJournal;
import io.revcrypt.sync.decode.PathDecoder;
import io.revcrypt.sync.decode.PathDecryptor;
import io.revcrypt.sync.decode.RsyncEvent;
import io.revcrypt.sync.decode.RsyncOutputDecoder;
import io.revcrypt.sync.session.DestinationCheck;
import io.revcrypt.sync.session.LocalDirectories;
import io.revcrypt.sync.session.MountProcess;
import io.revcrypt.sync.session.MountSpec;
import io.revcrypt.sync.session.MountedView;
import java.io.IOException;
import io.revcrypt.sync.session.CreatedTargetLine;
import io.revcrypt.sync.session.OutputSink;
import io.revcrypt.sync.session.RunLog;
import io.revcrypt.sync.session.RunSession;
import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.transport.RsyncExit;
import io.revcrypt.sync.transport.RsyncInvocation;
import io.revcrypt.sync.transport.SshTransport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * One {@code revcrypt sync}: lock the destination, mount the view in a child process, check the
 * destination, run rsync with its output decoded live, unmount, and end with the exit code of the
 * README's table and a summary line. Whatever happens, the mount, the ssh connection and the lock
 * are released (also on Ctrl-C); after a {@code kill -9} the child unmounts by itself and the lock
 * dies with the process.
 */
public final class SyncRun {

    private static final DateTimeFormatter LOG_STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int LOGS_KEPT = 50;
    private static final Duration GATHER_OFF_TERMINAL = Duration.ofMillis(10);

    private final SyncSettings settings;
    private final List<String> javaCommand;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final SyncParts parts;
    private volatile long bytesSent = -1;
    private volatile long totalSize = -1;
    /** rsync said a write failed for want of space (ENOSPC, EDQUOT), in any of this run's passes. */
    private volatile boolean destinationFull;
    private Path logFile;
    private long deletedSinceBase;
    /** The rsync running now, stopped at once if the mount dies under it. */
    private volatile Process currentRsync;
    /** Where rsync's lines go as events instead of to stdout ({@code --json}), or null. */
    private Events events;

    /**
     * rsync's decoded lines as events, for machine-readable output: each complete line of the
     * visible passes (no progress updates). Given, rsync's stdout is not printed; its stderr still is.
     */
    public interface Events {
        void stdoutLine(DecodedEvent line);

        void stderrLine(DecodedEvent line);
    }

    public SyncRun(SyncSettings settings, List<String> javaCommand, PrintStream out, PrintStream err, boolean terminal) {
        this(settings, javaCommand, out, err, terminal, SyncParts.REAL);
    }

    /** A run over other parts than the real ones: a test's fakes of the session, the target and rsync. */
    SyncRun(SyncSettings settings, List<String> javaCommand, PrintStream out, PrintStream err, boolean terminal,
            SyncParts parts) {
        this.parts = parts;
        this.settings = settings;
        this.javaCommand = javaCommand;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Sends rsync's lines to {@code events} instead of printing its stdout (see {@link Events}). */
    public SyncRun withEvents(Events events) {
        this.events = events;
        return this;
    }

    /**
     * Runs; the secret (password or master key hex) is zeroed here. Every run, also one refused
     * before it starts, gets its log, whose last line is the summary.
     */
    public SyncOutcome run(byte[] secret, boolean masterKey) throws IOException {
        long started = System.nanoTime();
        Instant startedAt = Instant.now();
        Destination dest = settings.destination();
        StateDirSpace.require(parts.stateDir().get());
        try (RunLog log = openLog().onLost(warning -> err.println("revcrypt: warning: " + warning))) {
            logFile = log.file();
            log.line("revcrypt sync " + settings.source() + " -> " + dest + (settings.dryRun() ? " (dry run)" : "")
                    + ", pid " + ProcessHandle.current().pid());
            try {
                SyncOutcome outcome = runLogged(secret, masterKey, log, startedAt);
                String line = outcome.summary() + " in " + seconds(System.nanoTime() - started)
                        + (log.lost() != null ? "; " + log.lost() : "");
                // the summary is the log's last line: the mount has exited, nothing else writes to it
                log.line("summary: " + line + "; exit " + outcome.exitCode());
                return outcome.withSummary(line).withLog(log.file() == null ? null : log.file().toString());
            } catch (UserException e) {
                log.line("summary: " + e.getMessage() + "; exit " + e.exitCode());
                throw e;
            }
        }
    }

    /** The log of the last {@link #run}, or null. */
    public Path logFile() {
        return logFile;
    }

    private SyncOutcome runLogged(byte[] secret, boolean masterKey, RunLog log, Instant startedAt) throws IOException {
        Path source = settings.source().toAbsolutePath().normalize();
        if (!Files.isDirectory(source)) {
            throw UserException.failed("source directory " + source + " does not exist (is the disk mounted?)");
        }
        Destination dest = settings.destination();
        if (settings.mustBeMounted() != null) {
            LocalDirectories.requireMounted(settings.mustBeMounted());
        }
        try (RunSession session = parts.sessions().open(dest, settings.sshOptions(), log::line, notes(log))) {
            session.lockOnThisMachine();
            if (!settings.dryRun()) {
                session.markInProgress();
            }
            session.connect();
            // before anything is written there (the early links too): another machine's run sees it
            session.lockAtDestinationIfOurs(settings.snapshotMode(), settings.dryRun());
            Path runtime = session.runDirectory();
            // a snapshot's links need no view yet: they are made while the mount starts
            long linkStart = System.nanoTime();
            EarlyLinks early = EarlyLinks.startIfSafe(settings, source);
            if (early != null) {
                session.stopFirst(early::stop); // before the lock goes: nothing may link once another run could start
            }
            long mountStart = System.nanoTime();
            ChangedWhileRead changes = new ChangedWhileRead(runtime.resolve("changed-while-read"));
            MountSpec view = MountSpec.of(source, settings.config(), settings.excludes(), settings.excludeWildcards(),
                    settings.excludeFrom()).reportingChangesTo(changes.file());
            MountedView mount = session.startMount(javaCommand, view, secret, masterKey,
                    MountProcess.ChildLog.appendingTo(log.file() != null ? log.file() : runtime.resolve("mount.log")));
            mount.onUnexpectedExit(() -> {
                Process rsync = currentRsync;
                if (rsync != null) {
                    rsync.destroy(); // it would read errors (or zeros) from the dead view to the end
                }
            });
            log.line("view mounted at " + mount.mountPoint() + " after " + millis(System.nanoTime() - mountStart));
            if (early != null) {
                early.checkAgainst(mount.mountPoint()); // while the destination is checked
            }
            return transfer(source, dest, session, log, startedAt, early, linkStart, changes);
        }
    }

    private SyncOutcome transfer(Path source, Destination dest, RunSession session, RunLog log, Instant started,
                                 EarlyLinks early, long linkStart, ChangedWhileRead changes) throws IOException {
        MountedView mount = session.mount();
        SshTransport ssh = session.ssh();
        Path runtime = session.runDirectory();
        try (CtlClient ctl = session.controlClient()) {
            byte[] conf = session.viewConfig();
            NameJournal journal = NameJournal.load(journalFile(source, dest), w -> err.println("revcrypt: " + w));
            PathDecoder paths = new PathDecoder(PathDecryptor.overOwnSocket(ctl), journal);
            CopyTarget target = parts.targets().of(settings, session, early, linkStart, err);
            try {
                target.prepare(conf, ctl);
                // a copy of ours that did not look like one before the check: locked now, before rsync
                session.lockAtDestinationOnceChecked(settings.snapshotMode(), settings.dryRun());
            } catch (DestinationCheck.RefusedException e) {
                throw UserException.usage(e.getMessage());
            } catch (IOException e) {
                if (NoSpace.in(e)) {
                    throw UserException.failed(NoSpace.onDestination(dest) + ": " + e.getMessage() + "; nothing was copied");
                }
                throw UserException.failed("cannot reach the destination " + dest + ": " + e.getMessage());
            }
            target.beforeRsync(mount.mountPoint(), log::line);
            RsyncOutputDecoder decoder = decoder(paths, mount, source);
            List<String> argv = RsyncInvocation.build(mount.mountPoint() + "/", target.rsyncTarget(),
                    ssh == null ? null : ssh.rsyncShell(), settings.dryRun(), target.linkDests(), target.delayUpdates(),
                    settings.rsyncArgs(), terminal);
            long rsyncStart = System.nanoTime();
            long changesMark = changes.mark();
            int code = runRsync(argv, decoder, log, true);
            log.line("rsync exited with " + code + " after " + millis(System.nanoTime() - rsyncStart));
            failIfTheMountDied(mount, target, log);
            CopyAgain.Result again = CopyAgain.Result.NONE;
            if (!settings.dryRun() && RsyncExit.copied(code)) {
                again = new CopyAgain(changes, runtime, log, ViewPages.of(mount.mountPoint(), log)).repair(changesMark, filesFrom -> runRsync(
                        RsyncInvocation.copyAgain(argv, filesFrom), decoder(paths, mount, source), log, false));
                if (again.copiedAgain() > 0) {
                    log.line(again.copiedAgain() + " file(s) changed while they were read and were copied again; "
                            + again.stillChanging().size() + " still changed in the last of " + again.passes() + " pass(es)");
                }
            }
            // a local run starts unmounting as soon as rsync is done; over ssh the view stays up to the end
            if (!dest.isRemote() && !target.readsViewAfterRsync()) {
                mount.beginClose(); // it unmounts while the rest is done here; waited for before the summary
            }
            target.afterRsync(log::line);
            try {
                journal.save();
            } catch (IOException e) {
                err.println("revcrypt: cannot save the name journal: " + e.getMessage());
            }
            DecodeSummary.Snapshot s = decoder.summary().snapshot();
            deletedSinceBase = s.deleted();
            if (RsyncExit.copied(code)) {
                deletedSinceBase = target.deletionsSinceBase(base -> {
                    RsyncOutputDecoder gone = decoder(paths, mount, source);
                    List<String> countPass = RsyncInvocation.deletionsSinceBase(mount.mountPoint() + "/", base,
                            ssh == null ? null : ssh.rsyncShell());
                    return runRsync(countPass, gone, log, false) == 0
                            ? OptionalLong.of(gone.summary().snapshot().deleted()) : OptionalLong.empty();
                }).orElse(deletedSinceBase);
            }
            failIfTheMountDied(mount, target, log);
            RunVerdict verdict = new RunVerdict(settings.destination(), settings.dryRun(), err);
            SyncOutcome outcome = verdict.withChangedWhileRead(verdict.of(code, s, deletedSinceBase, bytesSent, totalSize,
                    destinationFull), again, paths, source, log);
            CopyTarget.ViewPass publishPass = (rsyncTarget, links) -> {
                int passCode = runRsync(RsyncInvocation.build(mount.mountPoint() + "/", rsyncTarget,
                        ssh == null ? null : ssh.rsyncShell(), false, links, false, settings.rsyncArgs(),
                        false), decoder(paths, mount, source), log, false);
                failIfTheMountDied(mount, target, log); // before its rsync exit 23 counts as published
                return passCode;
            };
            CopyTarget.Published published;
            try {
                published = target.publish(outcome, new CopyTarget.RunFacts(started, s.created(), s.changed(), deletedSinceBase,
                        Math.max(bytesSent, 0), s.errorPaths().total()), publishPass);
            } catch (IOException e) {
                err.println("revcrypt: " + e.getMessage());
                String why = NoSpace.in(e) || destinationFull ? NoSpace.onDestination(dest) + "; " : "";
                return outcome.withExitCode(ExitCode.FAILED, "failed to publish: " + why + outcome.summary());
            }
            SyncOutcome result = published.snapshot() == null ? outcome : outcome.withSnapshot(published.snapshot());
            return published.words().isEmpty() ? result : result.withSummary(result.summary() + "; " + published.words());
        }
    }

    /**
     * A mount child that died while the run needed it (killed, crashed, its FUSE connection
     * aborted) fails the run, exit 1, before anything is published (design §6): rsync's own view
     * of it is a few unreadable files (exit 23), which would publish a partial snapshot.
     */
    private void failIfTheMountDied(MountedView mount, CopyTarget target, RunLog log) {
        Optional<String> failure = mount.failure();
        if (failure.isEmpty()) {
            return;
        }
        log.line("the mount died: " + failure.get());
        throw UserException.failed("the view went away during the run: " + failure.get() + ". Nothing was published ("
                + target.keptWhenNothingIsPublished() + "); run the sync again");
    }

    private static RsyncOutputDecoder decoder(PathDecoder paths, MountedView mount, Path source) {
        return RsyncOutputDecoder.ofView(paths, mount.mountPoint(), source);
    }

    /** Runs rsync with its output decoded; {@code visible}: to the person as well as the log. */
    private int runRsync(List<String> argv, RsyncOutputDecoder decoder, RunLog log, boolean visible) throws IOException {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        boolean shown = visible && events == null; // with events, stdout carries them instead of rsync's lines
        Consumer<DecodedEvent> stdoutLines = !visible ? line -> { } : line -> {
            observe(line);
            if (events != null) {
                events.stdoutLine(line);
            }
        };
        OutputSink stdout = new OutputSink(shown ? out : quiet, shown && terminal, log, stdoutLines, Duration.ofSeconds(30));
        OutputSink stderr = new OutputSink(visible ? err : quiet, false, log, line -> {
            if (visible) {
                observe(line);
                if (events != null) {
                    events.stderrLine(line);
                }
            }
            if (NoSpace.inMessage(line.event())) {
                destinationFull = true; // rsync's words for the file; the summary says which disk
            }
        }, Duration.ofSeconds(30));
        // rsync's "created directory" of its own target is DEST's bookkeeping, not the person's entry
        CreatedTargetLine bookkeeping = CreatedTargetLine.of(argv.get(argv.size() - 1));
        stdout.logOnly(bookkeeping);
        stderr.logOnly(bookkeeping);
        // off a terminal, output is gathered for a few milliseconds per read (see DecodeFilter)
        Duration gather = shown && terminal ? Duration.ZERO : GATHER_OFF_TERMINAL;
        return parts.rsync().run(argv, decoder, stdout, stderr, gather, rsync -> currentRsync = rsync);
    }

    /** rsync's statistics, for the summary. */
    private void observe(DecodedEvent line) {
        if (line.event() instanceof RsyncEvent.Stats stats) {
            stats.bytesSent().ifPresent(n -> bytesSent = n);
            stats.totalSize().ifPresent(n -> totalSize = n);
        }
    }

    private static String millis(long nanos) {
        return nanos / 1_000_000 + " ms";
    }

    private static String seconds(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }

    // ---------------------------------------------------------------- files of the run

    /** A note of the lock's for the person and the log. */
    private Consumer<String> notes(RunLog log) {
        return line -> {
            err.println("revcrypt: " + line);
            log.line(line);
        };
    }

    private RunLog openLog() {
        Path dir = RuntimeDirs.privateDir(RuntimeDirs.privateDir(parts.stateDir().get().resolve("logs")).resolve(settings.name()));
        RunLog.rotate(dir, LOGS_KEPT - 1);
        Path file = settings.logFile() != null ? settings.logFile()
                : dir.resolve(LOG_STAMP.format(Instant.now()) + "-" + ProcessHandle.current().pid() + ".log");
        try {
            return RunLog.open(file);
        } catch (IOException e) {
            throw UserException.failed("cannot open the log " + file + ": " + IoReason.of(e)
                    + "; nothing was copied");
        }
    }

    private Path journalFile(Path source, Destination dest) {
        Path dir = RuntimeDirs.privateDir(parts.stateDir().get().resolve("journals"));
        return dir.resolve(RuntimeDirs.key(source + "\0" + dest.key()) + ".tsv");
    }
}
