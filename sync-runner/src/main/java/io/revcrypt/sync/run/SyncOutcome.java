package io.revcrypt.sync.run;

import java.util.List;

/**
 * How a run ended: the exit code of the README's table, the summary line, and what a report
 * needs (counts, the first problems in plaintext, the snapshot, the log).
 *
 * @param problems the first paths rsync could not read or that vanished, in plaintext
 * @param snapshot the published snapshot's name, or null (mirror, dry run, nothing published)
 * @param log      the run's log file, or null
 */
public record SyncOutcome(int exitCode, String summary, long created, long changed, long deleted, long notCopied,
                          long bytesSent, List<String> problems, String snapshot, String log) {

    public SyncOutcome {
        problems = List.copyOf(problems);
    }

    /** An outcome with only a code and a line (a run that stopped before rsync). */
    public static SyncOutcome of(int exitCode, String summary, String log) {
        return new SyncOutcome(exitCode, summary, 0, 0, 0, 0, 0, List.of(), null, log);
    }

    SyncOutcome withSummary(String newSummary) {
        return new SyncOutcome(exitCode, newSummary, created, changed, deleted, notCopied, bytesSent, problems, snapshot, log);
    }

    SyncOutcome withExitCode(int code, String newSummary) {
        return new SyncOutcome(code, newSummary, created, changed, deleted, notCopied, bytesSent, problems, snapshot, log);
    }

    SyncOutcome withSnapshot(String name) {
        return new SyncOutcome(exitCode, summary, created, changed, deleted, notCopied, bytesSent, problems, name, log);
    }

    SyncOutcome withLog(String file) {
        return new SyncOutcome(exitCode, summary, created, changed, deleted, notCopied, bytesSent, problems, snapshot, file);
    }
}
