package io.revcrypt.it.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs commands through {@link ProcessRunner} with what it does not do itself: standard input
 * from a file, standard output into a file (for binary output, which {@link CommandResult} would
 * decode as text). Both through {@code sh -c 'exec …'} with the paths as positional parameters,
 * so nothing is ever quoted into a shell string.
 */
public final class Commands {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private Commands() {}

    public static CommandResult run(List<String> argv) throws IOException, InterruptedException {
        return ProcessRunner.run(argv, DEFAULT_TIMEOUT);
    }

    public static CommandResult run(String... argv) throws IOException, InterruptedException {
        return run(List.of(argv));
    }

    /** Runs {@code argv} with standard input read from {@code stdin}. */
    public static CommandResult runWithStdin(Path stdin, List<String> argv, Duration timeout)
            throws IOException, InterruptedException {
        return ProcessRunner.run(withStdin(stdin, argv), timeout);
    }

    /** Runs {@code argv} with standard output written to {@code stdout} (stderr is collected). */
    public static CommandResult runToFile(Path stdout, List<String> argv, Duration timeout)
            throws IOException, InterruptedException {
        List<String> sh = new ArrayList<>(List.of("sh", "-c", "o=$1; shift; exec \"$@\" > \"$o\"", "sh",
                stdout.toAbsolutePath().toString()));
        sh.addAll(argv);
        return ProcessRunner.run(sh, timeout);
    }

    static List<String> withStdin(Path stdin, List<String> argv) {
        List<String> sh = new ArrayList<>(List.of("sh", "-c", "i=$1; shift; exec \"$@\" < \"$i\"", "sh",
                stdin.toAbsolutePath().toString()));
        sh.addAll(argv);
        return sh;
    }

    /** Fails with the command's whole output unless it exited 0. */
    public static CommandResult check(CommandResult r) {
        if (!r.succeeded()) {
            throw new AssertionError("command failed:\n" + r.describe());
        }
        return r;
    }
}
