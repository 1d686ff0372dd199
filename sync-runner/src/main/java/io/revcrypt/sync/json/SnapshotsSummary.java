package io.revcrypt.sync.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * {@code "type": "summary"}: the last line of {@code snapshots list --json}.
 *
 * @param exitCode      the command's exit code
 * @param status        {@code ok}, {@code failed}, {@code usage-error}
 * @param error         the error that ended the command (e.g. DEST does not exist), or absent
 * @param snapshots     how many {@code snapshot} lines came before
 * @param latest        the name DEST/latest points to, or absent
 * @param latestMissing true when DEST/latest points to a snapshot that no longer exists
 * @param inProgress    {@code running} (a run is writing DEST/.inprogress now) or {@code interrupted}
 *                      (an interrupted run's, the next sync resumes it); absent when there is none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "exitCode", "status", "error"})
public record SnapshotsSummary(int exitCode, String status, String error, int snapshots, String latest,
                               boolean latestMissing, String inProgress) {

    public static final String TYPE = "summary";

    @JsonProperty("type")
    public String type() {
        return TYPE;
    }
}
