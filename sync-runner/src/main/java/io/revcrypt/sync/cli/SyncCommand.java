package io.revcrypt.sync.cli;

import io.revcrypt.sync.common.RuntimeDirs;
import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.job.JobFile;
import io.revcrypt.sync.job.JobFileException;
import io.revcrypt.sync.json.JsonLines;
import io.revcrypt.sync.json.MirroredLines;
import io.revcrypt.sync.json.SyncEvents;
import io.revcrypt.sync.json.SyncSummary;
import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.ops.HealthPing;
import io.revcrypt.sync.run.HookEnvironment;
import io.revcrypt.sync.run.Hooks;
import io.revcrypt.sync.run.RunReport;
import io.revcrypt.sync.run.StatusStore;
import io.revcrypt.sync.run.SyncOutcome;
import io.revcrypt.sync.run.SyncRun;
import io.revcrypt.sync.run.SyncSettings;
import io.revcrypt.sync.snapshot.RetentionPolicy;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(mixinStandardHelpOptions = true, name = "sync", sortOptions = false, description = {
        "Copy the encrypted view of SRC to DEST with rsync.",
        "Every created, changed and deleted entry is shown with its plaintext path. With --job, the"
                + " settings come from a job file instead.",
        "The job file of --job NAME is ~/.config/revcrypt/jobs/NAME.toml."})
final class SyncCommand implements Callable<Integer> {

    @Option(names = "--job", paramLabel = "NAME|FILE", description = "Take the settings from a job file.")
    String job;

    @Option(names = {"-n", "--dry-run"}, description = "Show what would change; change nothing.")
    boolean dryRun;

    @Option(names = "--snapshots", description = "Keep history: one snapshot per run, named by its UTC time, with"
            + " unchanged files hard-linked to the previous one, and DEST/latest pointing to the newest complete one.")
    boolean snapshots;

    @Option(names = "--config", paramLabel = "FILE", description = "The config file (default: .gocryptfs.reverse.conf in SRC).")
    Path config;

    @Option(names = "--masterkey", paramLabel = "HEX", description = "Use this master key instead of the config and a password.")
    String masterKey;

    @Option(names = "--log", paramLabel = "FILE", description = "Also keep the decoded transcript, with timestamps, in FILE.")
    Path log;

    @Option(names = "--ssh-option", paramLabel = "OPT",
            description = "An ssh option for a remote DEST, as for ssh -o (for example Port=23).")
    List<String> sshOptions = new ArrayList<>();

    @Option(names = "--rsync-arg", paramLabel = "ARG", description = "An extra argument for rsync (for example --bwlimit=5M).")
    List<String> rsyncArgs = new ArrayList<>();

    @Option(names = "--dest-must-be-mounted", paramLabel = "MOUNTPOINT", arity = "0..1", fallbackValue = "",
            preprocessor = AttachedValueOnly.class,
            description = "Refuse to run unless MOUNTPOINT (default: DEST itself) is mounted, so that a missing"
                    + " backup disk fails fast instead of filling the disk underneath.")
    String mustBeMounted;

    @ArgGroup(validate = false, heading = RetentionOptions.HEADING)
    RetentionOptions retention = new RetentionOptions();

    @ArgGroup(validate = false, heading = SecretOptions.HEADING)
    SecretOptions secrets = new SecretOptions();

    @ArgGroup(validate = false, heading = ExclusionOptions.HEADING)
    ExclusionOptions exclusions = new ExclusionOptions();

    @ArgGroup(validate = false, heading = "%nCommands to run around the copy (with /bin/sh):%n")
    HookOptions hooks = new HookOptions();

    /** The hooks of a run, in the order they run; a group of their own in the help. */
    static final class HookOptions {

        @Option(names = "--before", paramLabel = "CMD", order = 1, description = "Run CMD before anything is mounted"
                + " or copied (a database dump, a filesystem snapshot). If it fails, the run ends with exit 1 and"
                + " nothing is copied. Not on a dry run.")
        String before;

        @Option(names = "--after", paramLabel = "CMD", order = 2, description = "Run CMD after a successful run, with"
                + " DEST as $1 and the snapshot's name as $2 (for a snapshot on the server, say). If it fails,"
                + " the run ends with exit 1.")
        String after;

        @Option(names = "--notify", paramLabel = "CMD", order = 3, description = "Run CMD after a run that did not end"
                + " with exit 0, with a JSON report on its stdin. Its failure never changes the exit code.")
        String notify;

        @Option(names = "--notify-always", order = 4, description = "Run the --notify command after every run.")
        boolean notifyAlways;
    }

    @Parameters(index = "0", arity = "0..1", paramLabel = "SRC", description = "The plaintext directory (set up with init).")
    String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DEST",
            description = "A local directory, or [user@]host:path for ssh.")
    String destinationText;

    @Option(names = "--json", description = "Print one JSON object per line on stdout: one per entry copied or deleted and per "
            + "message, then a summary (docs/json.md). Messages still go to stderr as well.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Instant started = Instant.now();
        try {
            return configureAndRun(started);
        } catch (UserException e) {
            if (json && !summaryWritten) {
                // refused before the run began: the summary says so too (the handler prints stderr's line)
                new JsonLines(Console.out()).write(new SyncSummary(e.exitCode(), RunReport.statusOf(e.exitCode()),
                        RunReport.statusOf(e.exitCode()) + ": " + e.getMessage(), e.getMessage(), 0, 0, 0, 0, 0,
                        millisSince(started), started.toString(), Instant.now().toString(), null, null, dryRun, List.of()));
            }
            throw e;
        }
    }

    private Integer configureAndRun(Instant started) throws Exception {
        SyncSettings settings;
        byte[] secret;
        boolean useMasterKey = masterKey != null;
        notifyCommand = hooks.notify;
        notifyAlwaysSet = hooks.notifyAlways;
        afterCommand = hooks.after;
        beforeCommand = hooks.before;
        if (job != null) {
            JobFile jobFile = loadJob();
            settings = fromJob(jobFile);
            secret = jobSecret(jobFile);
            if (notifyCommand == null && jobFile.has("notify.command")) {
                notifyCommand = jobFile.string("notify.command");
                notifyAlwaysSet |= jobFile.bool("notify.always");
            }
            if (afterCommand == null && jobFile.has("notify.after")) {
                afterCommand = jobFile.string("notify.after");
            }
            if (beforeCommand == null && jobFile.has("before")) {
                beforeCommand = jobFile.string("before");
            }
            if (jobFile.has("ping.url")) {
                ping = new HealthPing(jobFile.string("ping.url"), !jobFile.has("ping.start") || jobFile.bool("ping.start"),
                        Console.err());
            }
        } else {
            if (source == null || destinationText == null) {
                throw UserException.usage("sync needs SRC and DEST (or --job NAME)");
            }
            settings = fromOptions();
            secret = secret();
        }
        return runAndReport(settings, secret, useMasterKey, started);
    }

    /** Runs, records the status, calls the hooks; every outcome (also a refusal) is reported the same way. */
    private int runAndReport(SyncSettings settings, byte[] secret, boolean useMasterKey, Instant started) throws Exception {
        SyncOutcome outcome;
        boolean refused = false;
        String destination = settings.destination().toString();
        boolean pinging = ping != null && !settings.dryRun();
        if (pinging) {
            ping.started();
        }
        JsonLines jsonLines = json ? new JsonLines(Console.out()) : null;
        SyncEvents events = json ? new SyncEvents(jsonLines) : null;
        // with --json, revcrypt's own messages on stderr are events on stdout as well
        PrintStream err = json ? MirroredLines.of(Console.err(), events::revcryptLine) : Console.err();
        SyncRun run = new SyncRun(settings, JavaCommand.current(), Console.out(), err, System.console() != null);
        if (json) {
            run.withEvents(events);
        }
        String error = null;
        try {
            runBeforeCommand(settings);
            outcome = run.run(secret, useMasterKey);
        } catch (UserException e) {
            Console.err().println("revcrypt: " + e.getMessage());
            refused = true;
            error = e.getMessage();
            outcome = SyncOutcome.of(e.exitCode(), RunReport.statusOf(e.exitCode()) + ": " + e.getMessage(),
                    run.logFile() == null ? null : run.logFile().toString());
        }
        int code = outcome.exitCode();
        String summary = outcome.summary();
        if (code == ExitCode.OK && afterCommand != null && !settings.dryRun()) {
            int afterCode = Hooks.after(afterCommand, HookEnvironment.after(settings.name(), destination, code, outcome),
                    Console.err());
            if (afterCode != 0) {
                code = ExitCode.FAILED;
                error = "the copy is published, but the --after command failed (exit " + afterCode + ")";
                summary = "failed: " + error + "; " + summary;
            }
        }
        RunReport report = new RunReport(settings.name(), settings.source().toString(), settings.destination().toString(),
                code, RunReport.statusOf(code), summary, started.toString(), Instant.now().toString(), outcome.created(),
                outcome.changed(), outcome.deleted(), outcome.notCopied(), outcome.bytesSent(), outcome.problems(),
                outcome.snapshot(), outcome.log(), settings.dryRun());
        try {
            StatusStore.record(settings.destination(), report);
        } catch (Exception e) {
            err.println("revcrypt: warning: cannot record the run's status: " + e.getMessage());
        }
        if (json) {
            summaryWritten = true;
            jsonLines.write(new SyncSummary(code, report.status(), summary, error, report.created(), report.changed(),
                    report.deleted(), report.notCopied(), report.bytesSent(), millisSince(started), report.started(),
                    report.finished(), report.snapshot(), report.log(), report.dryRun(), report.problems()));
        } else if (!refused) {
            // a refusal was said once, on stderr; its summary (with the status word) is for the report only
            Console.out().println("revcrypt: " + summary);
        }
        if (notifyCommand != null && (code != ExitCode.OK || notifyAlwaysSet)) {
            Hooks.notify(notifyCommand, report, HookEnvironment.after(settings.name(), destination, code, outcome),
                    Console.err());
        }
        if (pinging) {
            ping.finished(code, "revcrypt: " + summary);
        }
        return code;
    }

    /** A failing before-command (a dump that did not happen) stops the run before anything is mounted. */
    private void runBeforeCommand(SyncSettings settings) {
        if (beforeCommand == null || settings.dryRun()) {
            return;
        }
        int code;
        try {
            code = Hooks.before(beforeCommand, HookEnvironment.before(settings.name(), settings.destination().toString()),
                    Console.err());
        } catch (java.io.IOException e) {
            throw UserException.failed("the --before command could not run (" + e.getMessage() + "); nothing was copied");
        }
        if (code != 0) {
            throw UserException.failed("the --before command failed (exit " + code + "); nothing was copied");
        }
    }

    /** {@code --dest-must-be-mounted} takes a value only as {@code =MNT}; the next argument is SRC, never its value. */
    static final class AttachedValueOnly implements picocli.CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(java.util.Stack<String> args, picocli.CommandLine.Model.CommandSpec spec,
                                  picocli.CommandLine.Model.ArgSpec argSpec, java.util.Map<String, Object> info) {
            if (" ".equals(info.get("separator"))) {
                args.push(""); // as if --dest-must-be-mounted= : DEST itself
            }
            return false;
        }
    }

    /** With --json: the summary is out, an error after it (there is none today) must not write another. */
    private boolean summaryWritten;

    private static long millisSince(Instant started) {
        return java.time.Duration.between(started, Instant.now()).toMillis();
    }

    /** The hooks in effect: from the command line, or from the job file ([notify], before, [ping]). */
    private String notifyCommand;
    private boolean notifyAlwaysSet;
    private String afterCommand;
    private String beforeCommand;
    private HealthPing ping;

    private SyncSettings fromOptions() {
        Path src = Path.of(source).toAbsolutePath().normalize();
        Destination dest = destination(destinationText);
        String name = "sync-" + RuntimeDirs.key(src + "\0" + dest.key());
        RetentionPolicy policy = retention.policy();
        if (!snapshots && !policy.isEmpty()) {
            throw UserException.usage("--keep-* options prune snapshots: add --snapshots");
        }
        return new SyncSettings(name, src, dest, config, exclusions.excludes, exclusions.wildcards, exclusions.excludeFrom, sshOptions, dryRun, log, rsyncArgs,
                snapshots ? policy : SyncSettings.MIRROR, mountPointToCheck(dest, mustBeMounted));
    }

    private JobFile loadJob() {
        if (source != null || config != null || !exclusions.isEmpty()
                || !sshOptions.isEmpty() || !rsyncArgs.isEmpty() || snapshots || !retention.policy().isEmpty()) {
            throw UserException.usage("with --job, put the settings in the job file (only --dry-run and --log may be added)");
        }
        try {
            return JobFile.load(JobFile.locate(job));
        } catch (JobFileException e) {
            throw UserException.usage(e.getMessage());
        }
    }

    private SyncSettings fromJob(JobFile j) {
        Destination dest = destination(j.string("destination"));
        return new SyncSettings(j.name(), j.path("source"), dest, j.path("config"), j.strings("exclude"),
                j.strings("exclude-wildcard"), j.paths("exclude-from"), j.strings("ssh-options"),
                dryRun || j.bool("dry-run"), log != null ? log : j.path("log"), j.strings("rsync-args"), jobSnapshots(j),
                mustBeMounted != null ? mountPointToCheck(dest, mustBeMounted) : j.path("dest-must-be-mounted"));
    }

    private static Path mountPointToCheck(Destination dest, String option) {
        if (option == null) {
            return null;
        }
        if (option.isEmpty()) {
            if (dest.isRemote()) {
                throw UserException.usage("--dest-must-be-mounted needs a MOUNTPOINT for a remote destination");
            }
            return dest.localPath();
        }
        return Path.of(option).toAbsolutePath().normalize();
    }

    /** A [snapshots] table turns snapshots on (unless enabled = false); its keep-* keys are the policy. */
    private static RetentionPolicy jobSnapshots(JobFile j) {
        if (!j.has("snapshots") || (j.has("snapshots.enabled") && !j.bool("snapshots.enabled"))) {
            return SyncSettings.MIRROR;
        }
        return new RetentionPolicy(j.integer("snapshots.keep-last"), j.integer("snapshots.keep-hourly"),
                j.integer("snapshots.keep-daily"), j.integer("snapshots.keep-weekly"), j.integer("snapshots.keep-monthly"),
                j.integer("snapshots.keep-yearly"));
    }

    private byte[] jobSecret(JobFile j) {
        if (masterKey != null) {
            return masterKey.getBytes(StandardCharsets.US_ASCII);
        }
        if (j.has("passfile")) {
            return SecretOptions.fromPassfile(j.path("passfile"));
        }
        if (j.has("extpass")) {
            return SecretOptions.fromExtpass(j.string("extpass"));
        }
        return secrets.password(false);
    }

    private byte[] secret() {
        if (masterKey != null) {
            if (secrets.passfile != null || secrets.extpass != null) {
                throw UserException.usage("--masterkey cannot be combined with --passfile or --extpass");
            }
            return masterKey.getBytes(StandardCharsets.US_ASCII);
        }
        return secrets.password(false);
    }

    private static Destination destination(String text) {
        try {
            return Destination.parse(text);
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        }
    }

}
