package io.revcrypt.sync.snapshot;

import java.io.IOException;
import java.util.Collection;
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

    /** Deletes the run record of {@code stamp} alone (its directory was renamed away). */
    void deleteRecord(String stamp) throws IOException;

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

    /**
     * {@code DEST/<stamp>/gocryptfs.conf} of each of {@code stamps} that has one, by stamp (read in one
     * go on a remote). Used to judge snapshots whose record predates {@link KeyFingerprint}.
     */
    Map<String, byte[]> configs(Collection<String> stamps) throws IOException;

    /**
     * The published snapshots of this destination's key, oldest first, complete or partial as their
     * completion records say; incomplete ones and ones not ours are left out ({@link SnapshotCatalog}).
     */
    default List<SnapshotInfo> snapshots() throws IOException {
        return SnapshotCatalog.read(this, null).published();
    }
}
