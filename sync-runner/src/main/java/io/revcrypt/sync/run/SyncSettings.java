package io.revcrypt.sync.run;

import io.revcrypt.sync.transport.Destination;
import java.nio.file.Path;
import io.revcrypt.sync.snapshot.RetentionPolicy;
import java.util.List;

/**
 * Everything a sync run needs besides the secret, from the command line or a job file.
 *
 * @param name        what logs and the name journal are filed under (a job's name, or derived)
 * @param config      the config file, or null for {@code SRC/.gocryptfs.reverse.conf}
 * @param logFile     an extra transcript file the person asked for, or null
 * @param snapshots   null for a mirror; else one snapshot per run, pruned by this policy (empty: keep all)
 * @param mustBeMounted a mount point that must be mounted (the backup disk), or null
 */
public record SyncSettings(String name, Path source, Destination destination, Path config, List<String> excludes,
                           List<String> excludeWildcards, List<Path> excludeFrom, List<String> sshOptions,
                           boolean dryRun, Path logFile, List<String> rsyncArgs, RetentionPolicy snapshots,
                           Path mustBeMounted) {

    /** A mirror: DEST is the copy itself, updated in place. */
    public static final RetentionPolicy MIRROR = null;

    public SyncSettings {
        excludes = List.copyOf(excludes);
        excludeWildcards = List.copyOf(excludeWildcards);
        excludeFrom = List.copyOf(excludeFrom);
        sshOptions = List.copyOf(sshOptions);
        rsyncArgs = List.copyOf(rsyncArgs);
    }

    public boolean snapshotMode() {
        return snapshots != null;
    }
}
