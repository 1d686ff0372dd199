package io.revcrypt.sync.snapshot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each stamp-named directory of a snapshot destination is (issue 15, points 2 and 5), judged
 * by its run record alone, never by its name:
 * <ul>
 *   <li><b>complete</b> / <b>partial</b>: its completion record says so and carries this
 *       destination's {@link KeyFingerprint}. Only these are snapshots: {@code list}'s snapshots,
 *       the base of the next run, {@code latest}, retention.
 *   <li><b>incomplete</b>: our record says {@code publishing}: a run was stopped while it published
 *       it, so files, directory IVs or listings may be missing. Never a base, never pruned, never
 *       {@code latest}; the next sync resumes or removes it.
 *   <li><b>not ours</b>: no record, an unreadable one, or another key's fingerprint. Left alone
 *       by everything, prune included.
 * </ul>
 *
 * <h2>Records from before the fingerprint (legacy)</h2>
 * A complete or partial record without a fingerprint was written by an earlier revcrypt. It counts
 * as ours only if the directory's own {@code gocryptfs.conf} has this destination's fingerprint, i.e.
 * the directory really is a copy under this key; otherwise it is not ours. (A killed run of an earlier
 * revcrypt left no record at all, so such a directory is not ours either: it is kept, not deleted.)
 *
 * <h2>This destination's key</h2>
 * A sync knows it: the fingerprint of its view's config. The commands that have no key
 * ({@code snapshots list}, {@code prune}) take the key of the snapshot {@code latest} points to, the
 * one the last successful run made: its record's fingerprint, or for a legacy record its config's.
 * Without a usable {@code latest}, the one fingerprint all completion records share; if they
 * disagree, or there is none, nothing is ours and prune deletes nothing.
 */
public final class SnapshotCatalog {

    public enum Kind {
        COMPLETE("complete"), PARTIAL("partial"), INCOMPLETE("incomplete"), NOT_OURS("not ours");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** As {@code snapshots list} shows it. */
        public String word() {
            return word;
        }
    }

    /** One stamp-named directory; {@code record} may be null; {@code why} says why for the last two kinds. */
    public record Entry(SnapshotStamp stamp, Kind kind, SnapshotRecord record, String why) {
        public String name() {
            return stamp.name();
        }
    }

    private final List<Entry> entries;
    private final String fingerprint;
    private final List<String> strayPublishingRecords;

    private SnapshotCatalog(List<Entry> entries, String fingerprint, List<String> strayPublishingRecords) {
        this.entries = entries;
        this.fingerprint = fingerprint;
        this.strayPublishingRecords = strayPublishingRecords;
    }

    /**
     * Reads {@code store}; {@code fingerprint} is this destination's key, or null to take it from
     * {@code latest} (see the class comment). An empty catalog if DEST does not exist.
     */
    public static SnapshotCatalog read(SnapshotStore store, String fingerprint) throws IOException {
        List<String> names = store.names();
        if (names == null) {
            return new SnapshotCatalog(List.of(), fingerprint, List.of());
        }
        TreeSet<SnapshotStamp> stamps = new TreeSet<>();
        names.forEach(n -> SnapshotStamp.tryParse(n).ifPresent(stamps::add));
        Map<String, SnapshotRecord> records = store.records();
        Optional<String> latest = store.latestTarget().filter(names::contains);

        // the configs needed: of legacy records, and of latest when the key is to be taken from it
        Set<String> needConfig = new HashSet<>();
        for (SnapshotStamp s : stamps) {
            SnapshotRecord r = records.get(s.name());
            if (r != null && r.hasCompletionStatus() && r.keyFingerprint() == null) {
                needConfig.add(s.name());
            }
        }
        Map<String, byte[]> configs = needConfig.isEmpty() ? Map.of() : store.configs(needConfig);

        String key = fingerprint != null ? fingerprint : destinationKey(stamps, records, latest, configs);
        List<Entry> out = new ArrayList<>();
        for (SnapshotStamp s : stamps) {
            out.add(judge(s, records.get(s.name()), key, configs.get(s.name())));
        }
        Set<String> dirs = new HashSet<>();
        stamps.forEach(st -> dirs.add(st.name()));
        String ours = key;
        List<String> stray = records.values().stream()
                .filter(r -> SnapshotRecord.PUBLISHING.equals(r.status()) && ours != null && ours.equals(r.keyFingerprint()))
                .map(SnapshotRecord::stamp).filter(st -> !dirs.contains(st)).sorted().toList();
        return new SnapshotCatalog(List.copyOf(out), key, stray);
    }

    private static String destinationKey(Set<SnapshotStamp> stamps, Map<String, SnapshotRecord> records,
                                         Optional<String> latest, Map<String, byte[]> configs) {
        if (latest.isPresent()) {
            SnapshotRecord r = records.get(latest.get());
            if (r != null && r.hasCompletionStatus()) {
                return r.keyFingerprint() != null ? r.keyFingerprint() : KeyFingerprint.of(configs.get(latest.get()));
            }
        }
        Set<String> seen = new HashSet<>();
        for (SnapshotStamp s : stamps) {
            SnapshotRecord r = records.get(s.name());
            if (r != null && r.hasCompletionStatus()) {
                seen.add(r.keyFingerprint() != null ? r.keyFingerprint() : String.valueOf(KeyFingerprint.of(configs.get(s.name()))));
            }
        }
        seen.remove("null");
        return seen.size() == 1 ? seen.iterator().next() : null;
    }

    private static Entry judge(SnapshotStamp s, SnapshotRecord r, String key, byte[] config) {
        if (r == null) {
            return new Entry(s, Kind.NOT_OURS, null, "no revcrypt record");
        }
        if (key == null) {
            return new Entry(s, Kind.NOT_OURS, r, "this destination's key is unknown (latest names no complete snapshot)");
        }
        boolean finished = r.hasCompletionStatus();
        if (!finished && !SnapshotRecord.PUBLISHING.equals(r.status())) {
            return new Entry(s, Kind.NOT_OURS, r, "its record says \"" + r.status() + "\"");
        }
        String made = r.keyFingerprint();
        if (made == null && finished) {
            // legacy record: ours only if the directory is a copy under this key
            made = KeyFingerprint.of(config);
            if (made == null) {
                return new Entry(s, Kind.NOT_OURS, r, "an old record without key fingerprint, and no readable "
                        + SnapshotLayout.CONFIG);
            }
        }
        if (!key.equals(made)) {
            return new Entry(s, Kind.NOT_OURS, r, "made with another key");
        }
        if (!finished) {
            return new Entry(s, Kind.INCOMPLETE, r, "a run was stopped while publishing it");
        }
        return new Entry(s, r.isPartial() ? Kind.PARTIAL : Kind.COMPLETE, r, null);
    }

    /**
     * Our {@code publishing} records without a directory: a run killed before its rename or its
     * publishing pass made one (what it copied is still in {@code .inprogress}).
     */
    public List<String> strayPublishingRecords() {
        return strayPublishingRecords;
    }

    /** Every stamp-named directory, oldest first. */
    public List<Entry> entries() {
        return entries;
    }

    /** The key judged against, or null if none could be found. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The snapshots (complete and partial), oldest first: what retention and the next run's base see. */
    public List<SnapshotInfo> published() {
        return entries.stream().filter(e -> e.kind() == Kind.COMPLETE || e.kind() == Kind.PARTIAL)
                .map(e -> new SnapshotInfo(e.stamp(), e.kind() == Kind.PARTIAL)).toList();
    }

    public List<Entry> of(Kind kind) {
        return entries.stream().filter(e -> e.kind() == kind).toList();
    }

    /** Whether {@code name} is a complete or partial snapshot of ours. */
    public boolean isPublished(String name) {
        return entries.stream().anyMatch(e -> e.name().equals(name) && (e.kind() == Kind.COMPLETE || e.kind() == Kind.PARTIAL));
    }
}
