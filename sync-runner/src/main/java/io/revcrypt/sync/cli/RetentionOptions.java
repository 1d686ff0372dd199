package io.revcrypt.sync.cli;

import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.snapshot.RetentionPolicy;
import picocli.CommandLine.Option;

/**
 * {@code --keep-last/-hourly/-daily/-weekly/-monthly/-yearly N}, with BorgBackup's meaning. An
 * argument group with its own heading, declared in this order: each line below the first reads on
 * from the one above it, so the help must not sort them.
 */
final class RetentionOptions {

    static final String HEADING = "%nSnapshot retention (BorgBackup's rules):%n";

    @Option(names = "--keep-last", paramLabel = "N", order = 1, description = "Keep the N newest snapshots.")
    int last;

    @Option(names = "--keep-hourly", paramLabel = "N", order = 2,
            description = "Keep the newest snapshot of each of the last N hours that have one.")
    int hourly;

    @Option(names = "--keep-daily", paramLabel = "N", order = 3, description = "… of each of the last N days (UTC).")
    int daily;

    @Option(names = "--keep-weekly", paramLabel = "N", order = 4, description = "… of each of the last N ISO weeks.")
    int weekly;

    @Option(names = "--keep-monthly", paramLabel = "N", order = 5, description = "… of each of the last N months.")
    int monthly;

    @Option(names = "--keep-yearly", paramLabel = "N", order = 6, description = "… of each of the last N years.")
    int yearly;

    RetentionPolicy policy() {
        try {
            return new RetentionPolicy(last, hourly, daily, weekly, monthly, yearly);
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        }
    }
}
