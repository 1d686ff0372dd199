package io.revcrypt.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a command to completion with a time limit and collects its output. */
public final class ProcessRunner {

    /** How long to wait for output after the process is gone (a grandchild may hold the pipe). */
    private static final Duration DRAIN = Duration.ofSeconds(5);

    private ProcessRunner() {}

    /**
     * Runs {@code argv} with stdin from /dev/null.
     *
     * @throws IllegalStateException if it did not finish within {@code timeout}; the command and
     *     all its descendants are killed first and whatever it printed is in the message
     */
    public static CommandResult run(List<String> argv, Duration timeout) throws IOException, InterruptedException {
        return run(argv, timeout, true);
    }

    /** As {@link #run}, but on timeout kills only the process itself; used by {@link ProcessTree}. */
    static CommandResult runWithoutTreeKill(List<String> argv, Duration timeout)
            throws IOException, InterruptedException {
        return run(argv, timeout, false);
    }

    private static CommandResult run(List<String> argv, Duration timeout, boolean killTree)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        CompletableFuture<String> stdout = drain(process.getInputStream(), argv, "stdout");
        CompletableFuture<String> stderr = drain(process.getErrorStream(), argv, "stderr");
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            if (killTree) {
                ProcessTree.kill(process.toHandle(), Duration.ofSeconds(10));
            } else {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            throw new IllegalStateException("timed out after " + timeout + ", killed:\n"
                    + new CommandResult(argv, -1, collected(stdout), collected(stderr)).describe());
        }
        return new CommandResult(argv, process.exitValue(), await(stdout, argv), await(stderr, argv));
    }

    private static CompletableFuture<String> drain(InputStream in, List<String> argv, String name) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException("reading " + name + " of " + argv, e));
            }
        }, "drain " + name + " of " + argv.get(0));
        reader.setDaemon(true);
        reader.start();
        return text;
    }

    private static String await(CompletableFuture<String> text, List<String> argv) throws InterruptedException {
        try {
            return text.get(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the output of " + argv, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(argv + " exited but its output stayed open for " + DRAIN
                    + " (a background process holding the pipe?)", e);
        }
    }

    /** What was read so far, for a message about a command that is already in trouble. */
    private static String collected(CompletableFuture<String> text) {
        try {
            return text.get(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted while reading output)";
        } catch (ExecutionException | TimeoutException e) {
            return "(output unavailable: " + e + ")";
        }
    }
}
