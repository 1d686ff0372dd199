package io.revcrypt.sync.decode;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What the decoded output said, counted while it streams by: changes per kind (real entries
 * only — gocryptfs's virtual files are not the person's files) and the plaintext paths named
 * by rsync's messages, which the sync command needs for its exit status (3 = published but
 * some files unreadable, listed). Paths are shown as the decoder prints them.
 *
 * <p>Thread-safe: fed from the stdout and the stderr pump at once.
 */
public final class DecodeSummary {

    /** Paths kept per list; beyond it only the count grows (a run with a million errors must not exhaust memory). */
    public static final int MAX_PATHS_PER_LIST = 10_000;

    private final Map<ItemChange, Long> changes = new EnumMap<>(ItemChange.class);
    private final Map<RsyncEvent.MessageKind, PathList.Builder> messages = new EnumMap<>(RsyncEvent.MessageKind.class);
    /** Attribute-only changes a person made (a mode, an owner, a file's time), counted as changed. */
    private long metadataChanged;
    /** Directories rsync created in this run (cipher paths): one that then vanished may lack its IV. */
    private final java.util.Set<String> createdDirectories = new java.util.HashSet<>();
    /** Vanished entries (cipher path → shown path) that may be such directories. */
    private final Map<String, String> vanishedEntries = new java.util.LinkedHashMap<>();
    private long vanishedEntriesNotKept;
    /** Directories whose IV, and entries whose {@code .name} file, vanished while rsync copied them. */
    private final PathList.Builder lostMetadata = new PathList.Builder();
    private long listed;
    private long undecodedLines;
    private Integer exitCode;

    synchronized void countChange(ItemChange change) {
        changes.merge(change, 1L, Long::sum);
    }

    synchronized void countMetadataChange() {
        metadataChanged++;
    }

    synchronized void directoryCreated(String cipherPath) {
        createdDirectories.add(cipherPath);
    }

    /**
     * An entry that vanished after rsync listed it. If it is a directory's {@code gocryptfs.diriv}
     * or a long name's {@code .name} file, the copy of what it belongs to cannot be read
     * ({@code metadata}); if it is a directory that rsync created, the new directory has no IV.
     */
    synchronized void vanished(String cipherPath, String shown, boolean metadata) {
        if (metadata) {
            lostMetadata.add(shown);
        } else if (vanishedEntries.size() < MAX_PATHS_PER_LIST * 10) {
            vanishedEntries.putIfAbsent(cipherPath, shown);
        } else {
            vanishedEntriesNotKept++;
        }
    }

    synchronized void countListed() {
        listed++;
    }

    synchronized void countUndecoded() {
        undecodedLines++;
    }

    synchronized void addMessagePath(RsyncEvent.MessageKind kind, String displayedPath) {
        messages.computeIfAbsent(kind, k -> new PathList.Builder()).add(displayedPath);
    }

    synchronized void exitMessage(int code) {
        exitCode = code;
    }

    /** A consistent copy of the counts so far. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(
                changes.getOrDefault(ItemChange.CREATED, 0L),
                changes.getOrDefault(ItemChange.UPDATED, 0L),
                changes.getOrDefault(ItemChange.ATTRIBUTES, 0L),
                changes.getOrDefault(ItemChange.DELETED, 0L),
                listed,
                undecodedLines,
                paths(RsyncEvent.MessageKind.ERROR),
                paths(RsyncEvent.MessageKind.VANISHED),
                paths(RsyncEvent.MessageKind.SKIPPED_NON_REGULAR),
                paths(RsyncEvent.MessageKind.NOT_DELETED),
                paths(RsyncEvent.MessageKind.DESTINATION_ERROR),
                exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode),
                metadataChanged,
                incompleteDirectories());
    }

    /**
     * What vanished and leaves the copy unreadable in part: directories without their IV (rsync
     * created the directory, then it or its IV was gone before it was sent) and long names without
     * their {@code .name} file. Beyond the vanished entries kept, each is counted as one (so the
     * run is never called complete for want of a check).
     */
    private PathList incompleteDirectories() {
        PathList metadata = lostMetadata.build();
        List<String> shown = new ArrayList<>(metadata.paths());
        long total = metadata.total() + vanishedEntriesNotKept;
        for (Map.Entry<String, String> e : vanishedEntries.entrySet()) {
            if (createdDirectories.contains(e.getKey())) {
                total++;
                if (shown.size() < MAX_PATHS_PER_LIST) {
                    shown.add(e.getValue());
                }
            }
        }
        return new PathList(shown, total);
    }

    private PathList paths(RsyncEvent.MessageKind kind) {
        PathList.Builder builder = messages.get(kind);
        return builder == null ? PathList.EMPTY : builder.build();
    }

    /**
     * @param created        entries that did not exist on the destination
     * @param updated        entries whose data or type changed
     * @param attributesOnly entries whose attributes alone changed
     * @param deleted        entries deleted from the destination
     * @param listed         bare {@code -v} names (rsync does not say what kind of change)
     * @param undecodedLines lines printed as they came, marked {@code [not decoded: …]}
     * @param errorPaths     paths in {@code rsync: …} error lines (unreadable and the like)
     * @param vanishedPaths  paths that vanished between listing and sending
     * @param skippedPaths   non-regular files skipped
     * @param notDeletedPaths directories rsync could not delete
     * @param rsyncExitCode  the code in rsync's own {@code rsync error/warning: … (code N)} line, if any
     * @param metadataChanged of {@code attributesOnly}, those the person made: a mode, owner or group
     *                       of anything, a time of anything but a directory (a directory's time
     *                       changes with its content, which is counted already)
     * @param incompleteDirectories directories that vanished while rsync copied them and whose copy
     *                       has no {@code gocryptfs.diriv}, and long names whose {@code .name} file
     *                       vanished: the copy of these cannot be read
     */
    public record Snapshot(long created, long updated, long attributesOnly, long deleted, long listed,
                           long undecodedLines, PathList errorPaths, PathList vanishedPaths,
                           PathList skippedPaths, PathList notDeletedPaths, PathList destinationErrorPaths,
                           OptionalInt rsyncExitCode, long metadataChanged, PathList incompleteDirectories) {

        /** Changed entries as a person counts them: data, type or their own attributes. */
        public long changed() {
            return updated + metadataChanged;
        }
    }

    /** The first {@link #MAX_PATHS_PER_LIST} paths of a kind, and how many there were in all. */
    public record PathList(List<String> paths, long total) {

        static final PathList EMPTY = new PathList(List.of(), 0);

        public PathList {
            paths = List.copyOf(paths);
        }

        static final class Builder {
            private final List<String> paths = new ArrayList<>();
            private long total;

            void add(String path) {
                total++;
                if (paths.size() < MAX_PATHS_PER_LIST) {
                    paths.add(path);
                }
            }

            PathList build() {
                return new PathList(paths, total);
            }
        }
    }
}
