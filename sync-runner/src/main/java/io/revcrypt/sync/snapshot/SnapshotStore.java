package io.revcrypt.sync.snapshot;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Operations on a snapshot destination that need no key: listing, the {@code latest} pointer,
 * the run records, deleting snapshots. Implemented for a local directory and for a remote
 * reached with rsync alone (no shell on the remote).
 */
public interface SnapshotStore {

    /** DEST's top-level names, or null if DEST does not exist. */
    List<String> names() throws IOException;

    /** Creates DEST itself (its parent must exist). */
    default void createTop() throws IOException {
    }

    /** What {@code DEST/latest} points to, if it exists. */
    Optional<String> latestTarget() throws IOException;

    /** The run records, by stamp; damaged ones are left out. */
    Map<String, SnapshotRecord> records() throws IOException;

    void putRecord(SnapshotRecord record) throws IOException;

    /** Points {@code DEST/latest} at {@code stamp}. */
    void pointLatest(String stamp) throws IOException;

    /** Deletes top-level entries (snapshots, {@code .inprogress}) and their records. */
    void delete(List<String> names) throws IOException;

    /**
     * How rsync's {@code --link-dest} names the top-level entry {@code name} from a sibling
     * directory of DEST: {@code ../name} where the receiving end allows it.
     */
    default String linkDest(String name) throws IOException {
        return "../" + name;
    }

    /** Whether {@link #rename} works here (a local directory: one atomic rename). */
    boolean canRename();

    void rename(String from, String to) throws IOException;

    /** The published snapshots, oldest first, complete or partial as their records say. */
    default List<SnapshotInfo> snapshots() throws IOException {
        List<String> names = names();
        if (names == null) {
            return List.of();
        }
        Map<String, SnapshotRecord> records = records();
        return names.stream()
                .map(SnapshotStamp::tryParse)
                .flatMap(Optional::stream)
                .sorted()
                .map(s -> {
                    SnapshotRecord r = records.get(s.name());
                    return r != null && r.isPartial() ? SnapshotInfo.partial(s) : SnapshotInfo.complete(s);
                })
                .toList();
    }
}
