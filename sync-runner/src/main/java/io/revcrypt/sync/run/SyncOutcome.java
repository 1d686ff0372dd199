package io.revcrypt.sync.run;

/** How a run ended: the exit code of the table in the README, and the summary line. */
public record SyncOutcome(int exitCode, String summary) {
}
