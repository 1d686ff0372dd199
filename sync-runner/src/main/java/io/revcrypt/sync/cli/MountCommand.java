package io.revcrypt.sync.cli;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.RuntimeDirs;
import io.revcrypt.sync.common.UserException;

import io.revcrypt.core.posix.PosixException;
import io.revcrypt.core.view.ExclusionRules;
import io.revcrypt.core.view.FsException;
import io.revcrypt.core.view.ReverseView;
import io.revcrypt.core.view.ViewOptions;
import io.revcrypt.fuse.FuseMount;
import io.revcrypt.fuse.MountException;
import io.revcrypt.fuse.MountOptions;
import io.revcrypt.sync.run.ChangedWhileRead;
import io.revcrypt.fuse.ctl.ControlSocketServer;
import io.revcrypt.sync.session.MountProcess;
import io.revcrypt.sync.session.ProcessCalls;
import java.io.BufferedReader;
import io.revcrypt.sync.session.MountSpec;
import io.revcrypt.sync.session.ReleaseOnce;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(mixinStandardHelpOptions = true, name = "mount", description = {
        "Mount the encrypted, read-only view of SRC at MNT.",
        "The view is what gocryptfs -reverse shows, byte for byte. The command returns once the mount"
                + " answers and keeps serving in the background; with --foreground it stays attached."},
        sortOptions = false)
final class MountCommand implements Callable<Integer> {

    /** Lines the daemon child writes to its parent on stdout. */
    static final String READY = MountProcess.READY;
    static final String ERROR = MountProcess.ERROR;

    @ArgGroup(validate = false, heading = SecretOptions.HEADING)
    SecretOptions secrets = new SecretOptions();

    @Option(names = "--masterkey", paramLabel = "HEX",
            description = "Use this master key instead of the config and a password: hex, dashes allowed,"
                    + " or 'stdin' to read it.")
    String masterKey;

    @Option(names = "--config", paramLabel = "FILE", description = "The config file (default: .gocryptfs.reverse.conf in SRC).")
    Path config;

    @Option(names = "--ctlsock", paramLabel = "SOCK", description = "Serve a control socket at SOCK (gocryptfs's protocol, for decode and ctl).")
    Path ctlsock;

    @ArgGroup(validate = false, heading = ExclusionOptions.HEADING)
    ExclusionOptions exclusions = new ExclusionOptions();

    @Option(names = {"-f", "--foreground"}, description = "Stay in the foreground; Ctrl-C unmounts.")
    boolean foreground;

    @Option(names = "--allow-other", description = "Let other users see the mount (FUSE allow_other).")
    boolean allowOther;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors (as gocryptfs -q).")
    boolean quiet;

    /** Internal: the parent of a daemonized mount (or a sync) hands the secret over on stdin. */
    @Option(names = "--password-stdin", hidden = true)
    void passwordFromStdin(boolean fromStdin) {
        secrets.passwordStdin = fromStdin;
    }

    static final String DAEMON_CHILD = MountSpec.DAEMON_CHILD;

    @Option(names = DAEMON_CHILD, hidden = true)
    boolean daemonChild;

    /** Internal, for sync: unmount and exit when stdin reaches its end (the runner closed it, or died). */
    @Option(names = "--watch-stdin", hidden = true)
    boolean watchStdin;

    /** Internal, for sync: append the cipher path of every file written while it was read to FILE. */
    @Option(names = "--report-changed", hidden = true, paramLabel = "FILE")
    Path reportChanged;

    @Parameters(index = "0", paramLabel = "SRC", description = "The plaintext directory (set up with init).")
    Path source;

    @Parameters(index = "1", paramLabel = "MNT", description = "An empty directory to mount the view on.")
    Path mountPoint;

    @Override
    public Integer call() throws Exception {
        Trace.mark("command line parsed");
        Path src = source.toAbsolutePath().normalize();
        Path mnt = mountPoint.toAbsolutePath().normalize();
        if (!Files.isDirectory(src)) {
            throw UserException.usage("source directory " + src + " does not exist");
        }
        if (!foreground && !daemonChild) {
            return new Daemonizer(this, src, mnt).run();
        }
        Warmup.start();
        if (daemonChild) {
            return serveAsDaemonChild(src, mnt);
        }
        Mounted m = mountAndServe(src, mnt);
        if (!quiet) {
            Console.err().println("Mounted " + src + " at " + mnt + " (Ctrl-C or 'revcrypt unmount " + mnt + "' stops it)");
        }
        return m.serveUntilUnmounted();
    }

    /** The detached child: reports "ready" or "error CODE MESSAGE" to its parent, then serves. */
    private int serveAsDaemonChild(Path src, Path mnt) throws Exception {
        PrintStream toParent = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        Mounted m;
        try {
            m = mountAndServe(src, mnt);
        } catch (UserException e) {
            toParent.println(ERROR + e.exitCode() + " " + e.getMessage().replace('\n', ' '));
            return e.exitCode();
        } catch (Exception e) {
            toParent.println(ERROR + ExitCode.FAILED + " " + String.valueOf(e.getMessage()).replace('\n', ' '));
            return ExitCode.FAILED;
        }
        // Leave the terminal's session only now: until the mount answers, a Ctrl-C that stops the
        // waiting parent stops this child too; and the native library it takes is loaded by then
        // (by the warm-up thread, in parallel with the key derivation)
        try {
            ProcessCalls.setsid();
        } catch (PosixException e) {
            // already a session leader: fine
        }
        toParent.println(READY);
        toParent.close();
        if (watchStdin) {
            Thread watcher = new Thread(() -> {
                try {
                    while (System.in.read() != -1) {
                        // anything but the end of input is ignored
                    }
                } catch (IOException e) {
                    // a broken pipe means the same as its end
                }
                m.cleanUp();
            }, "stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        return m.serveUntilUnmounted();
    }

    /** A mount with its optional control socket, cleaned up once whichever way it ends. */
    private static final class Mounted {
        final FuseMount mount;
        final ControlSocketServer ctl;
        final Path mnt;
        final ReleaseOnce release;

        Mounted(FuseMount mount, ControlSocketServer ctl, Path mnt) {
            this.mount = mount;
            this.ctl = ctl;
            this.mnt = mnt;
            this.release = ReleaseOnce.onExit("unmount-on-exit", this::unmount);
        }

        private void unmount() {
            if (ctl != null) {
                ctl.close();
            }
            mount.close();
            PidFile.deleteIfOurs(mnt);
        }

        void cleanUp() {
            release.release();
        }

        int serveUntilUnmounted() throws InterruptedException {
            mount.awaitUnmounted();
            release.releaseAndForget();
            return ExitCode.OK;
        }
    }

    private Mounted mountAndServe(Path src, Path mnt) throws IOException {
        StopOnSignals signals = StopOnSignals.install(mnt);
        Trace.mark("signals");
        Path configFile = config != null ? config : FilesystemKey.defaultConfig(src);
        ExclusionRules rules;
        try {
            rules = ExclusionRules.compile(exclusions.excludes, exclusions.wildcards, exclusions.excludeFrom);
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        } catch (IOException e) {
            throw UserException.usage("cannot read exclusion file: " + e.getMessage());
        }
        Trace.mark("options parsed");
        FilesystemKey.Unlocked key = FilesystemKey.unlock(configFile, masterKey, secrets, true);
        Trace.mark("unlocked");
        ReverseView view;
        try {
            view = ReverseView.open(new ViewOptions(src, key.format(), rules, config == null), key.core());
        } catch (FsException e) {
            key.core().close();
            throw UserException.failed(e.getMessage());
        }
        if (reportChanged != null) {
            view.watchChanges(ChangedWhileRead.writer(reportChanged));
        }
        Trace.mark("view open");
        FuseMount mount;
        try {
            mount = FuseMount.mount(view, mnt, MountOptions.of(src.toString()).withAllowOther(allowOther));
        } catch (MountException e) {
            throw UserException.failed(e.getMessage());
        }
        Trace.mark("mounted");
        signals.mounted();
        ControlSocketServer ctl = null;
        if (ctlsock != null) {
            try {
                ctl = ControlSocketServer.start(ctlsock.toAbsolutePath(), view);
            } catch (IOException | RuntimeException e) {
                mount.close();
                throw UserException.failed("cannot serve the control socket at " + ctlsock + ": " + e.getMessage());
            }
        }
        PidFile.write(mnt);
        return new Mounted(mount, ctl, mnt);
    }

    /** What the detached child is to mount: the options of this command line, less the secret. */
    MountSpec childSpec(Path src, Path mnt) {
        return MountSpec.of(src, config, exclusions.excludes, exclusions.wildcards, exclusions.excludeFrom).at(mnt)
                .withMasterKey(masterKey != null).withControlSocket(ctlsock).withAllowOther(allowOther);
    }

    /** Starts this same program detached, hands it the secret, and waits for "ready". */
    private static final class Daemonizer {
        private final MountCommand cmd;
        private final Path src;
        private final Path mnt;

        Daemonizer(MountCommand cmd, Path src, Path mnt) {
            this.cmd = cmd;
            this.src = src;
            this.mnt = mnt;
        }

        int run() throws IOException {
            byte[] secret = cmd.masterKey != null
                    ? (cmd.masterKey.equals("stdin") ? SecretOptions.firstLine(System.in, "standard input")
                            : cmd.masterKey.getBytes(StandardCharsets.US_ASCII))
                    : cmd.secrets.password(false);
            Path log = RuntimeDirs.state().resolve("mount-" + RuntimeDirs.key(mnt.toString()) + ".log");
            try {
                // the child outlives this process: it serves until it is unmounted
                MountProcess.start(JavaCommand.current(), cmd.childSpec(src, mnt), secret, MountProcess.ChildLog.fresh(log),
                        Trace::mark);
                return ExitCode.OK;
            } catch (MountProcess.MountFailedException e) {
                if (e.silentExit().isEmpty()) {
                    throw new UserException(e.exitCode(), e.getMessage());
                }
                String tail = Files.exists(log) ? Files.readString(log).strip() : "";
                throw UserException.failed("the mount process ended without mounting (exit " + e.silentExit().getAsInt() + ")"
                        + (tail.isEmpty() ? "" : ":\n" + tail));
            }
        }
    }
}
