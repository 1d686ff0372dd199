package io.revcrypt.sync.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The layout of a snapshot destination (design §6):
 * <pre>
 * DEST/2026-11-23T004512Z/        one complete gocryptfs-format copy per run (a stamp in UTC)
 * DEST/latest -> 2026-11-23T004512Z   the newest complete snapshot
 * DEST/.inprogress/               the run being written; renamed to its stamp only when it succeeded
 * DEST/.revcrypt/snapshots/*.json what each run did (see {@link SnapshotRecord})
 * </pre>
 */
public final class SnapshotLayout {

    public static final String LATEST = "latest";
    public static final String IN_PROGRESS = ".inprogress";
    public static final String META = ".revcrypt";
    public static final String RECORDS = META + "/snapshots";
    /** The config every snapshot holds at its top (the view's own), from which {@link KeyFingerprint} is taken. */
    public static final String CONFIG = "gocryptfs.conf";

    private SnapshotLayout() {
    }

    /** Whether a name in DEST's top level belongs to the layout (anything else makes DEST foreign). */
    public static boolean belongs(String name) {
        return name.equals(LATEST) || name.equals(IN_PROGRESS) || name.equals(META) || name.equals(".~tmp~")
                || SnapshotStamp.tryParse(name).isPresent();
    }

    public static String recordPath(String stamp) {
        return RECORDS + "/" + stamp + ".json";
    }

    /**
     * The {@link #CONFIG} of each of {@code stamps} below {@code root} (DEST itself, or where a
     * remote DEST's configs were fetched to); a stamp without one is left out.
     */
    static Map<String, byte[]> readConfigs(Path root, Collection<String> stamps) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        for (String stamp : stamps) {
            Path conf = root.resolve(stamp).resolve(CONFIG);
            if (Files.isRegularFile(conf, LinkOption.NOFOLLOW_LINKS)) {
                out.put(stamp, Files.readAllBytes(conf));
            }
        }
        return out;
    }
}
