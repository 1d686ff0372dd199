package io.revcrypt.sync.cli;

import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.json.CopySummary;
import io.revcrypt.sync.run.RunReport;
import java.io.OutputStream;
import java.io.PrintStream;

/** What verify's and restore's {@code --json} share: the summary of a command an error ended, and a silent stdout. */
final class CopyJson {

    private CopyJson() {
    }

    /** The summary of {@code command} ended by {@code e}: nothing counted, the error named. */
    static CopySummary failed(String command, UserException e, long startedNanos) {
        String status = RunReport.statusOf(e.exitCode());
        return new CopySummary(command, e.exitCode(), status, status + ": " + e.getMessage(), e.getMessage(), 0, 0, 0, 0, 0,
                null, 0, millisSince(startedNanos));
    }

    static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** Where the progress display goes when stdout carries JSON. */
    static PrintStream nowhere() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
