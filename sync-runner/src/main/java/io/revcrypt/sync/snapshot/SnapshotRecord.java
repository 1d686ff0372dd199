package io.revcrypt.sync.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one snapshot run did, kept next to the snapshots in {@code DEST/.revcrypt/snapshots/<stamp>.json}
 * so {@code snapshots list} can say, per snapshot, whether it is complete and how much it added —
 * also on a host that only speaks rsync. Holds no plaintext.
 *
 * <p>The record is also what makes a directory a snapshot (issue 15): a run writes it twice, first
 * with status {@code publishing} before the snapshot is moved (local) or linked (remote) into place,
 * and again with {@code complete} or {@code partial} as the very last write of the publication, after
 * every file, directory IV and listing is there. A stamp-named directory whose record says
 * {@code publishing} is incomplete (a run was killed while publishing it); one without a record, or
 * with another key's fingerprint, is not ours. See {@link SnapshotCatalog}.
 *
 * @param status         {@code publishing}, {@code complete}, or {@code partial} (published, but some files
 *                       could not be read)
 * @param linkedTo       the earlier snapshot unchanged files were hard-linked from, or null for a full copy
 * @param bytesSent      what rsync sent: roughly what the snapshot added
 * @param keyFingerprint {@link KeyFingerprint} of the config the snapshot was made with; null in records
 *                       written before it existed (see {@link SnapshotCatalog} for how those are judged)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SnapshotRecord(String stamp, String status, String started, String finished, long created, long changed,
                             long deleted, long bytesSent, long notCopied, String linkedTo,
                             String keyFingerprint) {

    public static final String COMPLETE = "complete";
    public static final String PARTIAL = "partial";
    public static final String PUBLISHING = "publishing";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @JsonIgnore
    public boolean isPartial() {
        return PARTIAL.equals(status);
    }

    /** Whether this is a completion record (complete or partial), not one of a publication under way. */
    @JsonIgnore
    public boolean hasCompletionStatus() {
        return COMPLETE.equals(status) || PARTIAL.equals(status);
    }

    /** The same record with another status: the completion record of a publication begun with this one. */
    public SnapshotRecord withStatus(String newStatus, String finishedAt) {
        return new SnapshotRecord(stamp, newStatus, started, finishedAt, created, changed, deleted, bytesSent, notCopied,
                linkedTo, keyFingerprint);
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a record; null if it is damaged (a damaged record must not stop a listing or a prune). */
    public static SnapshotRecord parse(byte[] json) {
        try {
            SnapshotRecord r = JSON.readValue(json, SnapshotRecord.class);
            return r.stamp() == null ? null : r;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Adds the records of a directory of them ({@code <stamp>.json}) to {@code out} by stamp, leaving
     * out damaged ones: the local store reads its own, the rsync store a fetched copy of the remote's.
     */
    static Map<String, SnapshotRecord> readAll(Path dir, Map<String, SnapshotRecord> out) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                SnapshotRecord r = parse(Files.readAllBytes(f));
                if (r != null) {
                    out.put(r.stamp(), r);
                }
            }
        }
        return out;
    }
}
