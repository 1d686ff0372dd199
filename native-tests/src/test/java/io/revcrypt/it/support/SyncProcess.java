package io.revcrypt.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code revcrypt} process started by {@link SyncEnv}, running in the background: its output
 * so far can be read at any time (to wait for a moment in the run), and it can be waited for with
 * a time limit or killed. Output is kept as bytes and read as UTF-8 (revcrypt prints UTF-8 only).
 */
public final class SyncProcess {

    private static final Duration DRAIN = Duration.ofSeconds(10);

    private final List<String> argv;
    private final Process process;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread outPump;
    private final Thread errPump;

    SyncProcess(List<String> argv, Process process, byte[] stdin) throws IOException {
        this.argv = List.copyOf(argv);
        this.process = process;
        this.outPump = pump(process.getInputStream(), out, "stdout");
        this.errPump = pump(process.getErrorStream(), err, "stderr");
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        } catch (IOException exitedEarly) {
            // the process did not read its input; what it printed says why
        }
    }

    private Thread pump(InputStream in, ByteArrayOutputStream sink, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) != -1) {
                    synchronized (sink) {
                        sink.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // the pipe is gone with the process
            }
        }, name + " of revcrypt " + process.pid());
        t.setDaemon(true);
        t.start();
        return t;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public List<String> argv() {
        return argv;
    }

    /** Standard output so far. */
    public String stdout() {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** Standard error so far. */
    public String stderr() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * Waits until {@code condition} holds (checked every 100 ms). Fails with the output so far if
     * the process ends first or the time runs out.
     */
    public void awaitCondition(String what, Duration timeout, Check condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (!process.isAlive()) {
                throw new AssertionError("revcrypt ended before " + what + ":\n" + result(process.exitValue()).describe());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout + "; revcrypt so far:\n"
                        + new CommandResult(argv, -1, stdout(), stderr()).describe());
            }
            Thread.sleep(100);
        }
    }

    /** Waits until standard output has a line matching {@code line}. */
    public void awaitStdoutLine(Duration timeout, Predicate<String> line) throws Exception {
        awaitCondition("such a line on stdout", timeout, () -> stdout().lines().anyMatch(line));
    }

    /**
     * Waits for the process to end and returns what it did. If it does not end in time it is
     * killed with everything it started, and the test fails with its output.
     */
    public CommandResult await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            killTree();
            throw new AssertionError("revcrypt did not end within " + timeout + ", killed:\n"
                    + new CommandResult(argv, -1, stdout(), stderr()).describe());
        }
        return result(process.exitValue());
    }

    private CommandResult result(int exitCode) throws InterruptedException {
        outPump.join(DRAIN.toMillis());
        errPump.join(DRAIN.toMillis());
        return new CommandResult(argv, exitCode, stdout(), stderr());
    }

    /** SIGKILL to this process alone (its children live on, as after a real kill -9); waits for it. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("revcrypt " + pid() + " survived SIGKILL for 30 s");
        }
    }

    /** The process and everything below it, killed; used when cleaning up. */
    void killTree() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.toHandle().descendants().forEach(all::add);
        Procs.killTree(all.stream().filter(ProcessHandle::isAlive).toList(), Duration.ofSeconds(15));
    }

    /** A condition polled by {@link #awaitCondition}. */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }
}
