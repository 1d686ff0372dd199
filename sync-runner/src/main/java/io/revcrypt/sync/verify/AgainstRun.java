package io.revcrypt.sync.verify;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.RuntimeDirs;
import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.decode.CtlClient;
import io.revcrypt.sync.decode.DecodedEvent;
import io.revcrypt.sync.decode.ItemChange;
import io.revcrypt.sync.decode.NameJournal;
import io.revcrypt.sync.decode.PathDecoder;
import io.revcrypt.sync.decode.PathDecryptor;
import io.revcrypt.sync.decode.RsyncEvent;
import io.revcrypt.sync.decode.RsyncOutputDecoder;
import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.session.DestinationCheck;
import io.revcrypt.sync.session.MountProcess;
import io.revcrypt.sync.session.MountSpec;
import io.revcrypt.sync.session.ViewSession;
import io.revcrypt.sync.session.OutputSink;
import io.revcrypt.sync.session.RunLog;
import io.revcrypt.sync.transport.SshTransport;
import io.revcrypt.sync.transport.RsyncExit;
import io.revcrypt.sync.session.RsyncRun;
import io.revcrypt.sync.transport.RsyncInvocation;
import io.revcrypt.sync.snapshot.SnapshotStamp;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code revcrypt verify --against SRC COPY}: compares a copy with what SRC would produce now,
 * without downloading it. SRC's encrypted view is mounted (in a child process, as sync does),
 * and {@code rsync --checksum --dry-run --delete} compares the view with the copy: the
 * ciphertext is deterministic, so every file whose content differs shows up, and so does every
 * entry on one side only. rsync's lines are shown with plaintext names. Exit 0 identical, 3
 * differences, 1 the copy cannot be reached, 2 usage or key problems.
 */
public final class AgainstRun {

    /** What to compare, and the view's settings (they must match those of the sync that made the copy). */
    public record Settings(Path source, String copy, Path config, List<String> excludes, List<String> excludeWildcards,
                           List<Path> excludeFrom, List<String> sshOptions) {
        public Settings {
            excludes = List.copyOf(excludes);
            excludeWildcards = List.copyOf(excludeWildcards);
            excludeFrom = List.copyOf(excludeFrom);
            sshOptions = List.copyOf(sshOptions);
        }
    }

    /** How it ended, with the differences counted by kind. */
    public record Outcome(int exitCode, String summary, long differentContent, long missingFromCopy, long onlyInCopy,
                          long attributesOnly) {
        public long differences() {
            return differentContent + missingFromCopy + onlyInCopy + attributesOnly;
        }
    }

    private final Settings settings;
    private final List<String> javaCommand;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final AtomicLong content = new AtomicLong();
    private final AtomicLong missing = new AtomicLong();
    private final AtomicLong extra = new AtomicLong();
    private final AtomicLong attributes = new AtomicLong();

    public AgainstRun(Settings settings, List<String> javaCommand, PrintStream out, PrintStream err, boolean terminal) {
        this.settings = settings;
        this.javaCommand = javaCommand;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Runs; the secret (password, or master key hex) is zeroed here. */
    public Outcome run(byte[] secret, boolean masterKey) throws IOException {
        Path source = settings.source().toAbsolutePath().normalize();
        if (!Files.isDirectory(source)) {
            Arrays.fill(secret, (byte) 0);
            throw UserException.failed("source directory " + source + " does not exist (is the disk mounted?)");
        }
        Destination copy;
        try {
            copy = Destination.parse(settings.copy());
        } catch (IllegalArgumentException e) {
            Arrays.fill(secret, (byte) 0);
            throw UserException.usage(e.getMessage());
        }
        try (ViewSession session = ViewSession.open("verify", copy, settings.sshOptions(), line -> { }, line -> { })) {
            session.connect();
            MountSpec view = MountSpec.of(source, settings.config(), settings.excludes(), settings.excludeWildcards(),
                    settings.excludeFrom());
            session.startMount(javaCommand, view, secret, masterKey,
                    MountProcess.ChildLog.appendingTo(session.runDirectory().resolve("mount.log")));
            return compare(source, copy, session);
        }
    }

    private Outcome compare(Path source, Destination copy, ViewSession session) throws IOException {
        MountProcess mount = session.mount();
        SshTransport ssh = session.ssh();
        try (CtlClient ctl = session.controlClient()) {
            byte[] conf = session.viewConfig();
            DestinationCheck check = session.destinationCheck();
            try {
                if (check.check(copy, "", conf, ctl) == DestinationCheck.Verdict.MISSING) {
                    throw UserException.failed("the copy " + copy + " does not exist");
                }
            } catch (DestinationCheck.RefusedException e) {
                throw UserException.failed("the copy " + copy + " was not made with this key (its names do not decrypt"
                        + " with SRC's key); nothing to compare");
            } catch (IOException e) {
                throw UserException.failed("cannot reach the copy " + copy + ": " + e.getMessage());
            }
            RsyncOutputDecoder decoder = RsyncOutputDecoder.ofView(new PathDecoder(PathDecryptor.overSocket(ctl),
                    journal(source, copy)), mount.mountPoint(), source);
            List<String> argv = RsyncInvocation.compareAgainst(mount.mountPoint() + "/", copy.rsyncArg(""),
                    ssh == null ? null : ssh.rsyncShell());
            int code = runRsync(argv, decoder);
            return outcome(code, copy);
        }
    }

    /** Counts a line of rsync's, as the sink hands it over (a progress update is never one). */
    private void count(DecodedEvent line) {
        count(line.event());
    }

    private void count(RsyncEvent event) {
        if (event instanceof RsyncEvent.Progress p && p.then().isPresent()) {
            count(p.then().get()); // an item rsync glued to a progress update
            return;
        }
        if (event instanceof RsyncEvent.Deleted) {
            extra.incrementAndGet();
        } else if (event instanceof RsyncEvent.Itemized item) {
            if (isTopDirectoryTimeOnly(item)) {
                return; // DEST's own time is revcrypt's bookkeeping: the run's lock file there comes and goes
            }
            switch (ItemChange.of(item.flags())) {
                case CREATED -> missing.incrementAndGet();
                case UPDATED -> content.incrementAndGet();
                case ATTRIBUTES -> attributes.incrementAndGet();
                case DELETED -> extra.incrementAndGet();
                default -> {
                }
            }
        }
    }

    /** {@code .d..t......} on {@code ./}: only the time of the copy's top directory differs. */
    private static boolean isTopDirectoryTimeOnly(RsyncEvent.Itemized item) {
        return item.path().equals("./") && item.flags().matches("\\.d\\.\\.t\\.+");
    }

    private int runRsync(List<String> argv, RsyncOutputDecoder decoder) throws IOException {
        OutputSink stdout = new OutputSink(out, terminal, RunLog.none(), this::count, Duration.ofSeconds(30));
        OutputSink stderr = new OutputSink(err, false, RunLog.none(), this::count, Duration.ofSeconds(30));
        return new RsyncRun(decoder, stdout, stderr).run(argv);
    }

    private Outcome outcome(int code, Destination copy) {
        long c = content.get();
        long m = missing.get();
        long x = extra.get();
        long a = attributes.get();
        String counts = c + " differ in content, " + m + " missing from the copy, " + x + " only in the copy, "
                + a + " differ only in attributes";
        if (code == 0) {
            if (c + m + x + a == 0) {
                return new Outcome(ExitCode.OK, "identical: " + copy + " holds exactly what SRC gives now", c, m, x, a);
            }
            return new Outcome(ExitCode.PARTIAL, "differences: " + counts, c, m, x, a);
        }
        if (RsyncExit.someNotCopied(code)) {
            return new Outcome(ExitCode.PARTIAL, "differences (some entries could not be compared, see above): " + counts,
                    c, m, x, a);
        }
        throw UserException.failed("comparing with " + copy + " failed (rsync exit code " + code + ", see above)");
    }

    /** The name journal the syncs to this copy kept (read only), so deleted long names still decode. */
    private static NameJournal journal(Path source, Destination copy) {
        List<String> keys = new ArrayList<>(List.of(copy.key()));
        String name = copy.path().replaceAll("/+$", "");
        int slash = name.lastIndexOf('/');
        String last = name.substring(slash + 1);
        if (slash > 0 && (last.equals("latest") || SnapshotStamp.tryParse(last).isPresent())) {
            String parent = name.substring(0, slash);
            keys.add(copy.isRemote() ? copy.host() + ":" + parent : parent);
        }
        try {
            Path dir = RuntimeDirs.state().resolve("journals");
            for (String key : keys) {
                Path file = dir.resolve(RuntimeDirs.key(source + "\0" + key) + ".tsv");
                if (Files.isRegularFile(file)) {
                    return NameJournal.load(file, w -> { });
                }
            }
        } catch (IOException | RuntimeException e) {
            // decoding works without it, except for long names deleted from SRC
        }
        return NameJournal.inMemory();
    }
}
