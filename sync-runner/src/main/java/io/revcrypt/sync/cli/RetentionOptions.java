package io.revcrypt.sync.cli;

import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.snapshot.RetentionPolicy;
import picocli.CommandLine.Option;

/** {@code --keep-last/-hourly/-daily/-weekly/-monthly/-yearly N}, with BorgBackup's meaning. */
final class RetentionOptions {

    @Option(names = "--keep-last", paramLabel = "N", description = "Keep the N newest snapshots.")
    int last;

    @Option(names = "--keep-hourly", paramLabel = "N", description = "Keep the newest snapshot of each of the last N hours that have one.")
    int hourly;

    @Option(names = "--keep-daily", paramLabel = "N", description = "… of each of the last N days (UTC).")
    int daily;

    @Option(names = "--keep-weekly", paramLabel = "N", description = "… of each of the last N ISO weeks.")
    int weekly;

    @Option(names = "--keep-monthly", paramLabel = "N", description = "… of each of the last N months.")
    int monthly;

    @Option(names = "--keep-yearly", paramLabel = "N", description = "… of each of the last N years.")
    int yearly;

    RetentionPolicy policy() {
        try {
            return new RetentionPolicy(last, hourly, daily, weekly, monthly, yearly);
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        }
    }
}
