package io.revcrypt.sync.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;

/**
 * What one snapshot run did, kept next to the snapshots in {@code DEST/.revcrypt/snapshots/<stamp>.json}
 * so {@code snapshots list} can say, per snapshot, whether it is complete and how much it added —
 * also on a host that only speaks rsync. Holds no plaintext.
 *
 * @param status      {@code complete}, or {@code partial} (published, but some files could not be read)
 * @param linkedTo    the earlier snapshot unchanged files were hard-linked from, or null for a full copy
 * @param bytesSent   what rsync sent: roughly what the snapshot added
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SnapshotRecord(String stamp, String status, String started, String finished, long created, long changed,
                             long deleted, long bytesSent, long notCopied, String linkedTo) {

    public static final String COMPLETE = "complete";
    public static final String PARTIAL = "partial";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public boolean isPartial() {
        return PARTIAL.equals(status);
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
}
