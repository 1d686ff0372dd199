package io.revcrypt.sync.run;

import io.revcrypt.fuse.MountTable;
import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.RuntimeDirs;
import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.decode.CtlClient;
import io.revcrypt.sync.decode.DecodeSummary;
import io.revcrypt.sync.decode.DecodedEvent;
import io.revcrypt.sync.decode.NameJournal;
import io.revcrypt.sync.decode.PathDecoder;
import io.revcrypt.sync.decode.PathDecoding;
import io.revcrypt.sync.decode.PathDecryptor;
import io.revcrypt.sync.decode.RsyncEvent;
import io.revcrypt.sync.decode.RsyncOutputDecoder;
import io.revcrypt.sync.decode.SymlinkTargetResolver;
import io.revcrypt.sync.session.OutputSink;
import io.revcrypt.sync.session.RsyncRun;
import io.revcrypt.sync.session.RunLog;
import io.revcrypt.sync.snapshot.BaseLinks;
import io.revcrypt.sync.snapshot.LocalSnapshotStore;
import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.transport.RsyncExit;
import io.revcrypt.sync.transport.RsyncInvocation;
import io.revcrypt.sync.transport.SshTransport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
    private volatile long bytesSent = -1;
    private volatile long totalSize = -1;
    /** rsync said a write failed for want of space (ENOSPC, EDQUOT), in any of this run's passes. */
    private volatile boolean destinationFull;
    private Path logFile;
    private long deletedSinceBase;
    private Cleanup cleanup;
    /** The rsync running now, stopped at once if the mount dies under it. */
    private volatile Process currentRsync;

    public SyncRun(SyncSettings settings, List<String> javaCommand, PrintStream out, PrintStream err, boolean terminal) {
        this.settings = settings;
        this.javaCommand = javaCommand;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * Runs; the secret (password or master key hex) is zeroed here. Every run, also one refused
     * before it starts, gets its log, whose last line is the summary.
     */
    public SyncOutcome run(byte[] secret, boolean masterKey) throws IOException {
        long started = System.nanoTime();
        Instant startedAt = Instant.now();
        Destination dest = settings.destination();
        StateDirSpace.require(RuntimeDirs.state());
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
        if (settings.mustBeMounted() != null && !MountTable.isMounted(settings.mustBeMounted().toAbsolutePath().normalize())) {
            throw UserException.failed(settings.mustBeMounted() + " is not mounted: the backup disk is missing, and "
                    + "revcrypt will not write to the directory underneath");
        }
        Path runtimeRoot = RuntimeDirs.runtime();
        StaleRuns.clean(runtimeRoot);
        Path runtime = RuntimeDirs.privateDir(runtimeRoot.resolve("sync-" + ProcessHandle.current().pid()));
        Cleanup cleanup = new Cleanup(runtime);
        this.cleanup = cleanup;
        Thread hook = new Thread(cleanup::run, "sync-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            cleanup.lock = lock(dest);
            if (!settings.dryRun()) {
                cleanup.inProgress = RunInProgress.begin(dest);
            }
            SshTransport ssh = dest.isRemote() ? new SshTransport(dest, runtime, settings.sshOptions()) : null;
            cleanup.ssh = ssh;
            // before anything is written there (the early links too): another machine's run sees it
            cleanup.lockAtDest = lockAtDestination(dest, ssh, runtime, log);
            Path mnt = Files.createDirectory(runtime.resolve("mnt"));
            // a snapshot's links need no view yet: they are made while the mount starts
            long linkStart = System.nanoTime();
            EarlyLinks early = EarlyLinks.startIfSafe(settings, source);
            cleanup.early = early;
            MountProcess mount;
            long mountStart = System.nanoTime();
            ChangedWhileRead changes = new ChangedWhileRead(runtime.resolve("changed-while-read"));
            List<String> mountArgs = new ArrayList<>(settings.mountArguments());
            mountArgs.addAll(List.of("--report-changed", changes.file().toString()));
            try {
                mount = MountProcess.start(javaCommand, mountArgs, secret, masterKey, source, mnt,
                        runtime.resolve("ctl.sock"), log.file() != null ? log.file() : runtime.resolve("mount.log"));
            } catch (MountProcess.MountFailedException e) {
                throw new UserException(e.exitCode(), e.getMessage());
            }
            cleanup.mount = mount;
            mount.onUnexpectedExit(() -> {
                Process rsync = currentRsync;
                if (rsync != null) {
                    rsync.destroy(); // it would read errors (or zeros) from the dead view to the end
                }
            });
            log.line("view mounted at " + mnt + " after " + millis(System.nanoTime() - mountStart));
            if (early != null) {
                early.checkAgainst(mnt); // while the destination is checked
            }
            SyncOutcome outcome = transfer(source, dest, mount, ssh, runtime, log, startedAt, early, linkStart, changes);
            cleanup.releaseMountAndSsh();
            return outcome;
        } finally {
            cleanup.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running; it finds everything released
            }
        }
    }

    private SyncOutcome transfer(Path source, Destination dest, MountProcess mount, SshTransport ssh, Path runtime,
                                 RunLog log, Instant started, EarlyLinks early, long linkStart,
                                 ChangedWhileRead changes) throws IOException {
        try (CtlClient ctl = new CtlClient(mount.socket(), Duration.ofSeconds(30))) {
            Path viewConf = mount.mountPoint().resolve("gocryptfs.conf");
            byte[] conf = Files.isRegularFile(viewConf) ? Files.readAllBytes(viewConf) : null;
            DestinationCheck check = new DestinationCheck(dest.isRemote() ? DestinationCheck.overRsync(ssh, runtime)
                    : DestinationCheck.local());
            NameJournal journal = NameJournal.load(journalFile(source, dest), w -> err.println("revcrypt: " + w));
            PathDecoder paths = new PathDecoder(PathDecryptor.overOwnSocket(ctl), journal);
            CopyTarget target = settings.snapshotMode()
                    ? new SnapshotTarget(dest, dest.isRemote() ? new RsyncSnapshotStore(dest, ssh, runtime)
                            : new LocalSnapshotStore(dest.localPath()), check, settings.snapshots(), settings.dryRun(), err,
                            (rsyncTarget, links) -> {
                                int code = runRsync(RsyncInvocation.build(mount.mountPoint() + "/", rsyncTarget,
                                        ssh == null ? null : ssh.rsyncShell(), false, links, false, settings.rsyncArgs(),
                                        false), decoder(paths, mount, source), log, false);
                                failIfTheMountDied(mount, null, dest, log); // before its rsync exit 23 counts as published
                                return code;
                            })
                    : new MirrorTarget(dest, check, settings.dryRun());
            if (target instanceof SnapshotTarget st && early != null && !early.resumes()) {
                st.inProgressMadeByThisRun();
            }
            try {
                target.prepare(conf, ctl);
                if (cleanup.lockAtDest == null && !settings.dryRun()) {
                    // a copy of ours that did not look like one before the check: locked now, before rsync
                    cleanup.lockAtDest = lockAt(LockPlacement.at(dest, settings.snapshotMode(), ssh, runtime, true), dest, log);
                }
            } catch (DestinationCheck.RefusedException e) {
                throw UserException.usage(e.getMessage());
            } catch (IOException e) {
                if (NoSpace.in(e)) {
                    throw UserException.failed(NoSpace.onDestination(dest) + ": " + e.getMessage() + "; nothing was copied");
                }
                throw UserException.failed("cannot reach the destination " + dest + ": " + e.getMessage());
            }
            if (target instanceof SnapshotTarget st && settings.rsyncArgs().isEmpty()) {
                // (the person's own rsync options could make rsync change a linked file in place)
                long t0 = early != null ? linkStart : System.nanoTime();
                try {
                    BaseLinks.Result linked = st.fillFromBase(mount.mountPoint(), early);
                    if (linked != null) {
                        log.line("linked from " + st.base() + ": " + linked.linked() + " files linked, " + linked.copied()
                                + " copied (mode or owner changed), " + linked.directories() + " directories, "
                                + linked.symlinks() + " symlinks; " + millis(System.nanoTime() - t0)
                                + (early != null ? " from before the mount (linking " + millis(early.linkingNanos()) + ")"
                                        : ""));
                    }
                } catch (IOException e) {
                    log.line("linking from " + st.base() + " stopped (" + e.getMessage() + "); rsync links the rest");
                }
            } else if (target instanceof SnapshotTarget st) {
                st.dropUncheckedLinks();
            }
            RsyncOutputDecoder decoder = decoder(paths, mount, source);
            List<String> argv = RsyncInvocation.build(mount.mountPoint() + "/", target.rsyncTarget(),
                    ssh == null ? null : ssh.rsyncShell(), settings.dryRun(), target.linkDests(), target.delayUpdates(),
                    settings.rsyncArgs(), terminal);
            long rsyncStart = System.nanoTime();
            long changesMark = changes.mark();
            int code = runRsync(argv, decoder, log, true);
            log.line("rsync exited with " + code + " after " + millis(System.nanoTime() - rsyncStart));
            failIfTheMountDied(mount, target, dest, log);
            CopyAgain.Result again = CopyAgain.Result.NONE;
            if (!settings.dryRun() && (code == 0 || code == RsyncExit.PARTIAL || code == RsyncExit.VANISHED)) {
                again = new CopyAgain(changes, runtime, log).repair(changesMark, filesFrom -> runRsync(
                        RsyncInvocation.copyAgain(argv, filesFrom), decoder(paths, mount, source), log, false));
                if (again.copiedAgain() > 0) {
                    log.line(again.copiedAgain() + " file(s) changed while they were read and were copied again; "
                            + again.stillChanging().size() + " still changed in the last of " + again.passes() + " pass(es)");
                }
            }
            boolean viewStillNeeded = dest.isRemote() // a remote snapshot is published by a second rsync from it
                    || (target instanceof SnapshotTarget st && st.deletionsNeedASecondPass());
            if (!viewStillNeeded) {
                mount.beginClose(); // it unmounts while the rest is done here; waited for before the summary
            }
            if (target instanceof SnapshotTarget st) {
                restoreBaseAttributes(st, log);
            }
            try {
                journal.save();
            } catch (IOException e) {
                err.println("revcrypt: cannot save the name journal: " + e.getMessage());
            }
            DecodeSummary.Snapshot s = decoder.summary().snapshot();
            deletedSinceBase = s.deleted();
            if (!settings.dryRun() && target instanceof SnapshotTarget st && st.deletionsNeedASecondPass()
                    && (code == 0 || code == RsyncExit.PARTIAL || code == RsyncExit.VANISHED)) {
                // rsync wrote into a fresh directory and deleted nothing there: what this run removed is what
                // the base snapshot has and the view no longer has
                RsyncOutputDecoder gone = decoder(paths, mount, source);
                List<String> gonePass = new java.util.ArrayList<>(List.of("rsync", "--recursive", "--dry-run", "--delete",
                        "--existing", "--ignore-existing", "--no-specials", "--no-devices", "--itemize-changes",
                        "--out-format=" + RsyncInvocation.OUT_FORMAT));
                if (ssh != null) {
                    gonePass.add("--rsh=" + ssh.rsyncShell());
                }
                gonePass.add(mount.mountPoint() + "/");
                gonePass.add(dest.rsyncArg(st.base()));
                if (runRsync(gonePass, gone, log, false) == 0) {
                    deletedSinceBase = gone.summary().snapshot().deleted();
                }
            }
            failIfTheMountDied(mount, target, dest, log);
            SyncOutcome outcome = withChangedWhileRead(outcome(code, s), again, paths, source, log);
            CopyTarget.Published published;
            try {
                published = target.publish(outcome, new CopyTarget.RunFacts(started, s.created(), s.changed(), deletedSinceBase,
                        Math.max(bytesSent, 0), s.errorPaths().total()));
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
    private void failIfTheMountDied(MountProcess mount, CopyTarget target, Destination dest, RunLog log) {
        Optional<String> failure = mount.failure();
        if (failure.isEmpty()) {
            return;
        }
        String kept = target instanceof MirrorTarget ? dest + " keeps its earlier files and those rsync had finished"
                : "what was copied stays in " + dest + "/" + io.revcrypt.sync.snapshot.SnapshotLayout.IN_PROGRESS
                        + " for the next run";
        log.line("the mount died: " + failure.get());
        throw UserException.failed("the view went away during the run: " + failure.get() + ". Nothing was published ("
                + kept + "); run the sync again");
    }

    private static RsyncOutputDecoder decoder(PathDecoder paths, MountProcess mount, Path source) {
        return RsyncOutputDecoder.builder(paths)
                .mountPoint(mount.mountPoint())
                .sourceRoot(source)
                .symlinkTargets(SymlinkTargetResolver.underPlainRoot(source))
                .build();
    }

    /** Runs rsync with its output decoded; {@code visible}: to the person as well as the log. */
    private int runRsync(List<String> argv, RsyncOutputDecoder decoder, RunLog log, boolean visible) throws IOException {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        OutputSink stdout = new OutputSink(visible ? out : quiet, visible && terminal, log,
                visible ? this::observe : line -> { }, Duration.ofSeconds(30));
        OutputSink stderr = new OutputSink(visible ? err : quiet, false, log, line -> {
            if (visible) {
                observe(line);
            }
            if (NoSpace.inMessage(line.event())) {
                destinationFull = true; // rsync's words for the file; the summary says which disk
            }
        }, Duration.ofSeconds(30));
        // off a terminal, output is gathered for a few milliseconds per read (see DecodeFilter)
        Duration gather = visible && terminal ? Duration.ZERO : GATHER_OFF_TERMINAL;
        return new RsyncRun(decoder, stdout, stderr).lookAhead().gatherStdout(gather)
                .whileRunning(rsync -> currentRsync = rsync).run(argv);
    }

    /** rsync's statistics, for the summary. */
    private void observe(DecodedEvent line) {
        if (line.event() instanceof RsyncEvent.Stats stats) {
            stats.bytesSent().ifPresent(n -> bytesSent = n);
            stats.totalSize().ifPresent(n -> totalSize = n);
        }
    }

    // ---------------------------------------------------------------- outcome

    private SyncOutcome outcome(int rsyncCode, DecodeSummary.Snapshot s) {
        String counts = s.created() + " created, " + s.changed() + " changed, " + deletedSinceBase + " deleted"
                + (bytesSent >= 0 ? ", " + Units.bytes(bytesSent) + " sent" : "")
                + (totalSize >= 0 ? " (source " + Units.bytes(totalSize) + ")" : "")
                + (settings.dryRun() ? " [dry run: nothing changed]" : "");
        List<String> problems = new ArrayList<>();
        s.errorPaths().paths().stream().limit(20).forEach(problems::add);
        s.vanishedPaths().paths().stream().limit(20 - problems.size()).forEach(p -> problems.add(p + " (vanished)"));
        int code;
        String line;
        switch (rsyncCode) {
            case RsyncExit.OK -> {
                code = ExitCode.OK;
                line = "done: " + counts;
            }
            case RsyncExit.VANISHED -> {
                err.println("revcrypt: warning: " + s.vanishedPaths().total()
                        + " file(s) vanished during the run and were not copied: " + list(s.vanishedPaths()));
                code = ExitCode.OK;
                line = "done with a warning: " + counts + ", " + s.vanishedPaths().total() + " vanished";
            }
            case RsyncExit.PARTIAL -> {
                if (s.destinationErrorPaths().total() > 0) {
                    err.println("revcrypt: " + s.destinationErrorPaths().total() + " path(s) could not be written on the "
                            + "destination: " + list(s.destinationErrorPaths()));
                    code = ExitCode.FAILED;
                    line = "failed: " + (destinationFull ? NoSpace.onDestination(settings.destination())
                            : "the destination could not be written") + " (rsync exit 23); " + counts;
                    break;
                }
                long n = Math.max(s.errorPaths().total(), 1);
                err.println("revcrypt: " + s.errorPaths().total() + " file(s) could not be read and were not copied: "
                        + list(s.errorPaths()));
                code = ExitCode.PARTIAL;
                line = "partial: " + counts + ", " + n + " not copied";
            }
            default -> {
                String why = destinationFull ? NoSpace.onDestination(settings.destination()) + "; nothing was published"
                        : RsyncExit.describe(rsyncCode);
                err.println("revcrypt: " + why + " (rsync exit code " + rsyncCode + ")");
                code = ExitCode.FAILED;
                line = "failed: " + why + " (rsync exit " + rsyncCode + "); " + counts;
            }
        }
        if (s.incompleteDirectories().total() > 0 && code != ExitCode.FAILED && !settings.dryRun()) {
            // rsync calls a vanished entry a warning; a directory of the copy without its IV is not readable
            err.println("revcrypt: " + s.incompleteDirectories().total() + " directory(ies) vanished while they were "
                    + "copied and their copy has no gocryptfs.diriv (or a long name lost its .name file); the next run "
                    + "copies or removes them: " + list(s.incompleteDirectories()));
            s.incompleteDirectories().paths().stream().limit(20).forEach(p -> problems.add(0, p + " (incomplete: vanished)"));
            if (code == ExitCode.OK) {
                code = ExitCode.PARTIAL;
                line = "partial: " + counts + ", " + s.incompleteDirectories().total() + " incomplete (vanished)";
            }
        }
        return new SyncOutcome(code, line, s.created(), s.changed(), deletedSinceBase, s.errorPaths().total(),
                Math.max(bytesSent, 0), problems, null, null);
    }

    /**
     * Files that changed every time they were read (design §6): their copies may not restore, so a
     * run that was otherwise ok is partial (exit 3), and each is named, in plaintext, in the output,
     * the log, the summary's problems and so in {@code status} and the notify report.
     */
    private SyncOutcome withChangedWhileRead(SyncOutcome outcome, CopyAgain.Result again, PathDecoder paths,
                                             Path source, RunLog log) {
        if (again.stillChanging().isEmpty()) {
            return outcome;
        }
        List<String> names = new ArrayList<>();
        for (String cipherPath : again.stillChanging()) {
            PathDecoding d = paths.decode(cipherPath.getBytes(StandardCharsets.UTF_8));
            names.add(d instanceof PathDecoding.Decoded decoded ? source + "/" + decoded.display()
                    : cipherPath + " (encrypted name)");
        }
        String note = names.size() + " file(s) changed while they were read, in each of " + (again.passes() + 1)
                + " copies; their copies in this backup may not restore, the next run copies them again: "
                + String.join(", ", names.subList(0, Math.min(20, names.size())))
                + (names.size() > 20 ? ", … (" + names.size() + " in all, see the log)" : "");
        err.println("revcrypt: " + note);
        log.line(note);
        names.forEach(n -> log.line("changed while it was read: " + n));
        List<String> problems = new ArrayList<>(outcome.problems());
        names.stream().limit(Math.max(0, 20 - problems.size())).forEach(n -> problems.add(n + " (changed while it was read)"));
        int code = outcome.exitCode() == ExitCode.OK ? ExitCode.PARTIAL : outcome.exitCode();
        String summary = outcome.summary().replaceFirst("^done(?: with a warning)?: ", "partial: ")
                + ", " + names.size() + " changed while read";
        return new SyncOutcome(code, summary, outcome.created(), outcome.changed(), outcome.deleted(),
                outcome.notCopied() + names.size(), outcome.bytesSent(), problems, outcome.snapshot(), outcome.log());
    }

    private static String list(DecodeSummary.PathList paths) {
        List<String> shown = paths.paths().subList(0, (int) Math.min(20, paths.paths().size()));
        return String.join(", ", shown) + (paths.total() > shown.size() ? ", … (" + paths.total() + " in all, see the log)" : "");
    }

    /**
     * A mode or owner that changed in the source between the check of the links and rsync: rsync
     * changed it on the inode the older snapshots share. They get theirs back, before anything is
     * published; if that fails the run fails (exit 1), so that nobody takes the older snapshots
     * for intact.
     */
    private void restoreBaseAttributes(SnapshotTarget st, RunLog log) {
        try {
            int repaired = st.restoreBaseAttributes();
            if (repaired > 0) {
                String note = repaired + " file(s) changed mode or owner in the source while this run ran; rsync "
                        + "changed them where the older snapshots share them, and revcrypt set them back there "
                        + "(this snapshot has its own copies with the new ones)";
                log.line(note);
                err.println("revcrypt: " + note);
            }
        } catch (IOException e) {
            throw UserException.failed("cannot give the older snapshots back the modes and owners rsync changed "
                    + "in place (" + e.getMessage() + "); nothing was published");
        }
    }

    private static String millis(long nanos) {
        return nanos / 1_000_000 + " ms";
    }

    private static String seconds(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }

    // ---------------------------------------------------------------- files of the run

    /** The lock of this machine's runs, keyed on the destination as resolved, not as spelled. */
    private DestinationLock lock(Destination dest) throws IOException {
        Path dir = RuntimeDirs.privateDir(RuntimeDirs.state().resolve("locks"));
        String[] holder = new String[1];
        String identity = DestinationIdentity.of(dest, settings.sshOptions());
        Optional<DestinationLock> lock = DestinationLock.tryAcquire(dir.resolve(RuntimeDirs.key(identity) + ".lock"), holder);
        return lock.orElseThrow(() -> new UserException(ExitCode.LOCKED, "another revcrypt sync to " + dest
                + " is running (" + holder[0] + (identity.equals(dest.toString()) ? "" : ", writing to " + identity)
                + "); try again when it has finished"));
    }

    /**
     * The lock file at the destination (null where it must wait for the destination check, or in
     * a dry run, which only refuses if another run holds one).
     */
    private LockAtDestination lockAtDestination(Destination dest, SshTransport ssh, Path runtime, RunLog log) {
        try {
            DestinationCheck.RemoteTools tools = dest.isRemote() ? DestinationCheck.overRsync(ssh, runtime)
                    : DestinationCheck.local();
            Optional<LockAtDestination.LockDir> dir = LockPlacement.beforeCheck(dest, settings.snapshotMode(), tools, ssh,
                    runtime, !settings.dryRun());
            if (dir.isEmpty()) {
                return null;
            }
            if (settings.dryRun()) {
                LockAtDestination.checkFree(dir.get(), dest.toString(), notes(log));
                return null;
            }
            return lockAt(dir.get(), dest, log);
        } catch (IOException e) {
            throw UserException.failed("cannot reach the destination " + dest + " to lock it: " + e.getMessage());
        }
    }

    private LockAtDestination lockAt(LockAtDestination.LockDir dir, Destination dest, RunLog log) throws IOException {
        LockAtDestination lock = LockAtDestination.acquire(dir, dest.toString(), notes(log));
        log.line("locked " + dir.where() + "/" + lock.fileName());
        return lock;
    }

    /** A note of the lock's for the person and the log. */
    private java.util.function.Consumer<String> notes(RunLog log) {
        return line -> {
            err.println("revcrypt: " + line);
            log.line(line);
        };
    }

    private RunLog openLog() {
        Path dir = RuntimeDirs.privateDir(RuntimeDirs.privateDir(RuntimeDirs.state().resolve("logs")).resolve(settings.name()));
        RunLog.rotate(dir, LOGS_KEPT - 1);
        Path file = settings.logFile() != null ? settings.logFile()
                : dir.resolve(LOG_STAMP.format(Instant.now()) + "-" + ProcessHandle.current().pid() + ".log");
        try {
            return RunLog.open(file);
        } catch (IOException e) {
            throw UserException.failed("cannot open the log " + file + ": " + io.revcrypt.sync.common.IoReason.of(e)
                    + "; nothing was copied");
        }
    }

    private Path journalFile(Path source, Destination dest) {
        Path dir = RuntimeDirs.privateDir(RuntimeDirs.state().resolve("journals"));
        return dir.resolve(RuntimeDirs.key(source + "\0" + dest.key()) + ".tsv");
    }

    /** Releases what the run holds, once, from the main thread or the shutdown hook. */
    private static final class Cleanup {
        private final Path runtime;
        volatile DestinationLock lock;
        volatile LockAtDestination lockAtDest;
        volatile RunInProgress inProgress;
        volatile SshTransport ssh;
        volatile MountProcess mount;
        volatile EarlyLinks early;
        private boolean done;

        Cleanup(Path runtime) {
            this.runtime = runtime;
        }

        synchronized void releaseMountAndSsh() {
            if (mount != null) {
                mount.close();
                mount = null;
            }
            if (lockAtDest != null) {
                lockAtDest.close(); // once nothing writes to DEST any more, and while ssh is still up
                lockAtDest = null;
            }
            if (ssh != null) {
                ssh.close();
                ssh = null;
            }
        }

        synchronized void run() {
            if (done) {
                return;
            }
            done = true;
            if (early != null) {
                early.stop(); // before the lock goes: nothing may link once another run could start
            }
            releaseMountAndSsh();
            StaleRuns.removeRunDirectory(runtime);
            if (inProgress != null) {
                inProgress.end(); // while the lock is held: the next run may write its own mark
            }
            if (lock != null) {
                lock.close();
            }
        }
    }
}
