package io.revcrypt.sync.session;

import io.revcrypt.fuse.FuseMount;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The mount a run works on ({@code sync}, {@code verify --against}), in a child process
 * ({@code revcrypt mount --daemon-child}) so the keys live only there (design §2); also the one
 * {@code revcrypt mount} leaves serving in the background. The child's command line comes from its
 * {@link MountSpec}; the parent's half of the handshake (the secret over the child's stdin, then
 * "ready" or "error CODE MESSAGE" back on its stdout) is {@link #start}. A run's child then
 * watches that pipe: when this process closes it — or dies, even by {@code kill -9} — the child
 * unmounts and exits, so no mount outlives its run.
 */
public final class MountProcess implements MountedView, AutoCloseable {

    /** Lines the child writes on its stdout: the child's half of the handshake of {@code mount --daemon-child}. */
    public static final String READY = "ready";
    public static final String ERROR = "error ";

    private final Process process;
    private final OutputStream stdin;
    private final Path mountPoint;
    private final Path socket;
    private final Path log;
    private volatile boolean closeRequested;
    /** What {@link #failure} said when the run asked the child to stop: a death before that counts. */
    private volatile Optional<String> failureAtClose = Optional.empty();

    private MountProcess(Process process, OutputStream stdin, Path mountPoint, Path socket, Path log) {
        this.process = process;
        this.stdin = stdin;
        this.mountPoint = mountPoint;
        this.socket = socket;
        this.log = log;
    }

    /** Thrown with the child's own message when it could not mount. */
    public static final class MountFailedException extends Exception {
        private final int exitCode;
        private final OptionalInt silentExit;

        MountFailedException(int exitCode, String message, OptionalInt silentExit) {
            super(message);
            this.exitCode = exitCode;
            this.silentExit = silentExit;
        }

        /** The exit code of the command: the child's own, or 1 when it said nothing. */
        public int exitCode() {
            return exitCode;
        }

        /** The child's exit value when it ended without saying why (no "error" line): its log tells. */
        public OptionalInt silentExit() {
            return silentExit;
        }
    }

    /** Where the child's stderr goes: appended to a run's log, or a file of its own, written afresh. */
    public record ChildLog(Path file, boolean append) {
        public static ChildLog appendingTo(Path file) {
            return new ChildLog(file, true);
        }

        public static ChildLog fresh(Path file) {
            return new ChildLog(file, false);
        }

        ProcessBuilder.Redirect redirect() {
            return append ? ProcessBuilder.Redirect.appendTo(file.toFile()) : ProcessBuilder.Redirect.to(file.toFile());
        }
    }

    /**
     * Starts the child and waits until it reports the mount ready: the parent's half of the
     * handshake of {@code mount --daemon-child}. The child's half is in {@code MountCommand}.
     *
     * @param javaCommand how to start this program again
     * @param secret      the password or master key line (zeroed here)
     * @param trace       start-up milestones, for {@code REVCRYPT_TRACE}
     */
    public static MountProcess start(List<String> javaCommand, MountSpec spec, byte[] secret, ChildLog log,
                                     Consumer<String> trace) throws IOException, MountFailedException {
        List<String> argv = new ArrayList<>(javaCommand);
        argv.addAll(spec.childArguments());
        Process p = new ProcessBuilder(argv).redirectError(log.redirect()).start();
        trace.accept("mount process started");
        OutputStream in = p.getOutputStream();
        try {
            in.write(secret);
            in.write('\n');
            in.flush();
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        if (!spec.endsWithParent()) {
            in.close(); // a child that outlives this process reads its secret and nothing more
        }
        String line = awaitHandshake(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
        if (READY.equals(line)) {
            trace.accept("mount process ready");
            return new MountProcess(p, in, spec.mountPoint(), spec.controlSocket(), log.file());
        }
        in.close();
        awaitEnd(p);
        if (line != null && line.startsWith(ERROR)) {
            String rest = line.substring(ERROR.length());
            int sp = rest.indexOf(' ');
            throw new MountFailedException(Integer.parseInt(rest.substring(0, sp)), rest.substring(sp + 1), OptionalInt.empty());
        }
        throw new MountFailedException(1, "the mount process ended without mounting (see " + log.file() + ")",
                p.isAlive() ? OptionalInt.empty() : OptionalInt.of(p.exitValue()));
    }

    /** A child that failed ends by itself at once; one that hangs is not waited for long. */
    private static void awaitEnd(Process p) {
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    /**
     * The child's "ready" or "error …" line. Anything the JVM itself prints on stdout before it
     * (a JFR notice, say) is not part of the handshake and is skipped.
     */
    static String awaitHandshake(BufferedReader childOut) throws IOException {
        String line;
        while ((line = childOut.readLine()) != null) {
            if (READY.equals(line) || line.startsWith(ERROR)) {
                return line;
            }
        }
        return null;
    }

    @Override
    public Path mountPoint() {
        return mountPoint;
    }

    public Path socket() {
        return socket;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Why the child no longer serves the view although this run has not asked it to stop, or
     * empty while it serves. A run that needed the view must then fail: what rsync read from a
     * dead mount is not the source.
     */
    @Override
    public Optional<String> failure() {
        if (closeRequested) {
            return failureAtClose;
        }
        String who = "the mount process (pid " + process.pid() + ")";
        if (process.isAlive()) {
            // aborted through /sys/fs/fuse/connections/N/abort: the child notices a moment later
            return FuseMount.isDeadFuseMount(mountPoint)
                    ? Optional.of("the view's FUSE connection was aborted (" + who + " still runs); its messages are in " + log)
                    : Optional.empty();
        }
        return Optional.of(who + " " + describeExit(process.exitValue(), logSaysAborted()) + "; its messages are in " + log);
    }

    /**
     * How a child that stopped by itself ended. Java reports death by signal N as 128 + N. A
     * child that exits 0 on its own had its FUSE session ended from outside: the connection
     * aborted (it says so in its log, as it detaches the dead mount), or unmounted by someone.
     */
    static String describeExit(int exitValue, boolean logSaysAborted) {
        if (exitValue > 128 && exitValue < 128 + 65) {
            int signal = exitValue - 128;
            return "was killed by signal " + signal + Optional.ofNullable(SIGNALS.get(signal)).map(n -> " (" + n + ")").orElse("");
        }
        if (exitValue == 0) {
            return logSaysAborted ? "stopped: its FUSE connection was aborted"
                    : "stopped by itself: its FUSE connection was aborted, or the view was unmounted from outside";
        }
        return "crashed with exit code " + exitValue;
    }

    private static final Map<Integer, String> SIGNALS = Map.of(1, "SIGHUP", 2, "SIGINT", 6, "SIGABRT",
            7, "SIGBUS", 9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");

    /** The line the child logs when libfuse's session ended while the mount was still there. */
    private boolean logSaysAborted() {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.anyMatch(l -> l.contains("libfuse stopped serving " + mountPoint));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** Runs {@code action} (on another thread) if the child exits before this run asked it to. */
    @Override
    public void onUnexpectedExit(Runnable action) {
        process.onExit().thenRun(() -> {
            if (!closeRequested) {
                action.run();
            }
        });
    }

    /** Asks the child to unmount (closes its stdin) without waiting for it; {@link #close} waits. */
    @Override
    public void beginClose() {
        if (!closeRequested) {
            failureAtClose = failure();
            closeRequested = true;
        }
        try {
            stdin.close();
        } catch (IOException e) {
            // the child sees EOF either way
        }
    }

    /** Asks the child to unmount (closes its stdin) and waits for it; forces it after a timeout. */
    @Override
    public void close() {
        beginClose();
        try {
            if (!process.waitFor(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
