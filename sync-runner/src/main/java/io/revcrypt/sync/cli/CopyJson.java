package io.revcrypt.sync.cli;

import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.copy.EntryCounts;
import io.revcrypt.sync.json.CopySummary;
import io.revcrypt.sync.json.JsonLines;
import io.revcrypt.sync.run.RunReport;
import java.io.OutputStream;
import java.io.PrintStream;

/** What verify's and restore's {@code --json} share: their summary (also of a command an error ended) and a silent stdout. */
final class CopyJson {

    private CopyJson() {
    }

    /** The summary of {@code command} ended by {@code e}: nothing counted, the error named. */
    static CopySummary failed(String command, UserException e, long startedNanos) {
        String status = RunReport.statusOf(e.exitCode());
        return new CopySummary(command, e.exitCode(), status, status + ": " + e.getMessage(), e.getMessage(), 0, 0, 0, 0, 0,
                null, 0, millisSince(startedNanos));
    }

    /**
     * The end of a verify or restore that ran: with {@code --json} ({@code lines} given) its summary
     * object, else the summary line a person reads.
     */
    static void finished(JsonLines lines, String command, int exitCode, String summary, EntryCounts counts, long bytes,
                         long fetchedBytes, long problemCount, long startedNanos) {
        if (lines == null) {
            Console.out().println("revcrypt: " + summary);
            return;
        }
        lines.write(new CopySummary(command, exitCode, RunReport.statusOf(exitCode), summary, null, counts.files(),
                counts.directories(), counts.symlinks(), counts.specialFiles(), bytes,
                fetchedBytes < 0 ? null : fetchedBytes, problemCount, millisSince(startedNanos)));
    }

    /** A verify's or restore's work, which may end in a {@link UserException}. */
    interface Body {
        int run() throws Exception;
    }

    /**
     * Runs {@code body}; an error that ends it is, with {@code --json}, also a summary object on
     * stdout (then thrown on, for the message on stderr and the exit code).
     */
    static int summarizingFailure(boolean json, String command, Body body) throws Exception {
        long started = System.nanoTime();
        try {
            return body.run();
        } catch (UserException e) {
            if (json) {
                new JsonLines(Console.out()).write(failed(command, e, started));
            }
            throw e;
        }
    }

    static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** Where the progress display goes when stdout carries JSON. */
    static PrintStream nowhere() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
