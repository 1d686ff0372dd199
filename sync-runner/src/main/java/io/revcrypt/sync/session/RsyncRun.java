package io.revcrypt.sync.session;

import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.decode.DecodeFilter;
import io.revcrypt.sync.decode.RsyncOutputDecoder;
import io.revcrypt.sync.transport.DiesWithUs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One rsync whose output is decoded live: started so that it dies with us, its stdin closed (it
 * must never wait for a question), stdout and stderr each pumped through a {@link DecodeFilter}
 * into an {@link OutputSink} of typed events, and its exit code once both streams have ended.
 * sync and verify --against both run theirs this way; the sinks (where the lines go, who counts
 * them) are theirs.
 */
public final class RsyncRun {

    private final RsyncOutputDecoder decoder;
    private final OutputSink stdout;
    private final OutputSink stderr;
    private boolean lookAhead;
    private Duration gatherStdout = Duration.ZERO;
    private Consumer<Process> running = process -> { };

    /** Both pumps share {@code decoder} (its summary counts both streams); the sinks are closed at the end. */
    public RsyncRun(RsyncOutputDecoder decoder, OutputSink stdout, OutputSink stderr) {
        this.decoder = decoder;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Asks for the paths of a read's lines in one go (for the run's own control socket, which batches). */
    public RsyncRun lookAhead() {
        this.lookAhead = true;
        return this;
    }

    /**
     * Off a terminal, gathers stdout for {@code pause} per read (see {@link DecodeFilter}) and
     * pumps it at the lowest priority: nobody waits for the lines, rsync and the mount go first.
     */
    public RsyncRun gatherStdout(Duration pause) {
        this.gatherStdout = pause;
        return this;
    }

    /** Told the process once it runs, and null once it has ended (to stop it from elsewhere). */
    public RsyncRun whileRunning(Consumer<Process> running) {
        this.running = running;
        return this;
    }

    /** Runs rsync to the end; its exit code. A failure to start it, or an interruption, is the run's failure. */
    public int run(List<String> argv) throws IOException {
        requireInstalled(argv.get(0));
        Process rsync;
        try {
            rsync = new ProcessBuilder(DiesWithUs.wrap(argv)).start();
        } catch (IOException e) {
            throw UserException.failed("cannot run rsync (is it installed?): " + e.getMessage());
        }
        running.accept(rsync);
        try {
            rsync.getOutputStream().close();
            Thread outPump = pump("rsync-stdout", rsync.getInputStream(), stdout, gatherStdout);
            Thread errPump = pump("rsync-stderr", rsync.getErrorStream(), stderr, Duration.ZERO);
            int code = rsync.waitFor();
            outPump.join();
            errPump.join();
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rsync.destroy();
            throw UserException.failed("interrupted");
        } catch (IOException e) {
            rsync.destroy(); // its stdin would not close: it is not one we can run
            throw e;
        } finally {
            running.accept(null);
            stdout.close();
            stderr.close();
        }
    }

    /**
     * Through setpriv (DiesWithUs) a missing rsync would start setpriv and end with its exit 127,
     * which rsync itself uses for a missing rsync at the remote end: the local one is looked for
     * first, and its absence said as the JDK says it when rsync is started directly.
     */
    private static void requireInstalled(String program) {
        boolean found = program.contains("/") ? Files.isExecutable(Path.of(program))
                : Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
        if (!found) {
            throw UserException.failed("cannot run rsync (is it installed?): Cannot run program \"" + program
                    + "\": error=2, No such file or directory");
        }
    }

    private Thread pump(String name, InputStream in, OutputSink sink, Duration gather) {
        Thread t = new Thread(() -> {
            try {
                new DecodeFilter(decoder, lookAhead, gather).run(in, sink);
            } catch (IOException e) {
                sink.endLine();
            }
        }, name);
        if (!gather.isZero()) {
            // the JVM maps this to a nice value only with -XX:ThreadPriorityPolicy=1, see bin/revcrypt
            t.setPriority(Thread.MIN_PRIORITY);
        }
        t.start();
        return t;
    }
}
