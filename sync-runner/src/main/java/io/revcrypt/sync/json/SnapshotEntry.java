package io.revcrypt.sync.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.revcrypt.sync.snapshot.SnapshotCatalog;
import io.revcrypt.sync.snapshot.SnapshotRecord;
import io.revcrypt.sync.snapshot.SnapshotUsage;
import java.util.Locale;

/**
 * {@code "type": "snapshot"}: one stamp-named directory of {@code snapshots list --json}, oldest
 * first. The counts are those of the run that made it, from its record; absent where the store
 * knows none (an incomplete snapshot, one that is not ours).
 *
 * @param name      the directory's name, the UTC stamp ({@code 2026-12-07T154117Z})
 * @param time      the same instant, ISO-8601 UTC
 * @param status    {@code complete}, {@code partial} (published, some files could not be read),
 *                  {@code incomplete} (a run stopped while publishing it) or {@code not-ours} (no
 *                  revcrypt record, or another key's); prune touches only the first two
 * @param latest    whether DEST/latest points at it
 * @param started   when its run started, ISO-8601 UTC
 * @param finished  when its run published it, ISO-8601 UTC
 * @param created   entries its run created
 * @param changed   entries its run changed
 * @param deleted   entries deleted since the snapshot before it
 * @param bytesSent what its run sent, bytes: roughly what the snapshot added
 * @param notCopied files its run could not read (a partial snapshot)
 * @param linkedTo  the snapshot its unchanged files are hard-linked to; absent for a full copy
 * @param why       for {@code incomplete} and {@code not-ours}: why
 * @param files       with {@code --usage}: the plaintext files it holds
 * @param bytes       with {@code --usage}: their plaintext size, what a restore of it gives
 * @param storedBytes with {@code --usage}: what it takes on the destination's disk
 * @param uniqueBytes with {@code --usage}: what no other snapshot shares, what deleting it frees
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "name", "time", "status", "latest"})
public record SnapshotEntry(String name, String time, String status, boolean latest, String started, String finished,
                            Long created, Long changed, Long deleted, Long bytesSent, Long notCopied, String linkedTo,
                            String why, Long files, Long bytes, Long storedBytes, Long uniqueBytes) {

    public static final String TYPE = "snapshot";

    @JsonProperty("type")
    public String type() {
        return TYPE;
    }

    public static SnapshotEntry of(SnapshotCatalog.Entry e, boolean latest) {
        return of(e, latest, null);
    }

    /** @param usage what the snapshot holds on disk ({@code --usage}), or null */
    public static SnapshotEntry of(SnapshotCatalog.Entry e, boolean latest, SnapshotUsage usage) {
        Long files = usage == null ? null : usage.files();
        Long bytes = usage == null ? null : usage.plainBytes();
        Long stored = usage == null ? null : usage.storedBytes();
        Long unique = usage == null ? null : usage.uniqueBytes();
        String status = e.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
        SnapshotRecord r = e.record();
        boolean published = e.kind() == SnapshotCatalog.Kind.COMPLETE || e.kind() == SnapshotCatalog.Kind.PARTIAL;
        if (!published || r == null) {
            return new SnapshotEntry(e.name(), e.stamp().instant().toString(), status, latest, null, null, null, null,
                    null, null, null, null, e.why(), files, bytes, stored,
                    unique);
        }
        return new SnapshotEntry(e.name(), e.stamp().instant().toString(), status, latest, r.started(), r.finished(),
                r.created(), r.changed(), r.deleted(), r.bytesSent(), r.notCopied(), r.linkedTo(), e.why(), files, bytes,
                stored, unique);
    }
}
