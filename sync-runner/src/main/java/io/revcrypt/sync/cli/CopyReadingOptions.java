package io.revcrypt.sync.cli;

import io.revcrypt.sync.copy.CopySession;
import io.revcrypt.sync.json.JsonLines;
import io.revcrypt.sync.json.ProblemEvent;
import io.revcrypt.sync.restore.CopyReadingRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of the commands that read a whole copy ({@code restore}, {@code verify}): how a
 * remote copy is reached and fetched, and {@code --json}. A picocli mixin: the commands declare it
 * where these options stand in their help.
 */
final class CopyReadingOptions {

    @Option(names = "--ssh-option", paramLabel = "OPT", description = "An ssh option for a remote COPY, as for ssh -o (for example Port=23).")
    List<String> sshOptions = new ArrayList<>();

    @Option(names = "--staging", paramLabel = "DIR",
            description = "Where parts of a remote copy are kept while they are read (default: revcrypt's runtime directory).")
    Path staging;

    @Option(names = "--batch-size", paramLabel = "SIZE", defaultValue = "256M",
            description = "How much of a remote copy is fetched at a time (default: ${DEFAULT-VALUE}).")
    String batchSize;

    /** Fetch a local COPY with rsync as if it were remote (tests, benchmarks). */
    @Option(names = "--via-rsync", hidden = true)
    boolean viaRsync;

    @Option(names = "--json", description = "Print one JSON object per problem on stdout as it is found, then a summary "
            + "(docs/json.md). Problems still go to stderr as well.")
    boolean json;

    /** The JSON lines on stdout with {@code --json}, else null. */
    JsonLines jsonLines() {
        return json ? new JsonLines(Console.out()) : null;
    }

    /** Where the progress display goes: with {@code --json} stdout carries only the JSON lines, so nowhere. */
    PrintStream progressOut() {
        return json ? CopyJson.nowhere() : Console.out();
    }

    /** Whether the progress display may redraw its line: on a terminal, without {@code --json}. */
    boolean terminal() {
        return System.console() != null && !json;
    }

    /** {@code run}, which with {@code --json} also writes each problem to {@code lines} as it is found. */
    <R extends CopyReadingRun<R>> R reportingTo(JsonLines lines, R run) {
        return lines == null ? run : run.onProblem(p -> lines.write(ProblemEvent.of(p)));
    }

    /** How {@code copy} is opened, with the command's {@code --config} and master key. */
    CopySession.Settings settings(String copy, Path config, String masterKey) {
        return new CopySession.Settings(copy, config, masterKey, sshOptions, staging, RestoreCommand.parseSize(batchSize),
                viaRsync);
    }
}
