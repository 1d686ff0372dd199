package io.revcrypt.sync.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * {@code "type": "summary"}: the last line of {@code sync --json}, written also when the run
 * ended with an error (then {@code error} says which, as stderr did).
 *
 * @param exitCode       the command's exit code (README's table)
 * @param status         {@code ok}, {@code partial}, {@code failed}, {@code usage-error}, {@code locked}
 * @param summary        the summary line a person sees, without {@code revcrypt: }
 * @param error          the error that ended the run, or absent
 * @param created        entries created (gocryptfs's own files not counted)
 * @param changed        entries changed (contents, or the person's own attribute change)
 * @param deleted        entries deleted (for a snapshot: since the snapshot before it)
 * @param notCopied      files that could not be read or changed while they were read
 * @param bytesSent      what rsync sent, bytes
 * @param durationMillis how long the command ran
 * @param started        when it started, ISO-8601 UTC
 * @param finished       when it ended, ISO-8601 UTC
 * @param snapshot       the published snapshot's name (UTC stamp), absent for a mirror or dry run
 * @param log            the run's log file, absent if there is none
 * @param dryRun         whether this was {@code --dry-run}
 * @param problems       the first (up to 20) problem paths, plaintext, each followed by its reason in parentheses where it is not "could not be read", e.g. {@code docs/a.txt (vanished)}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "exitCode", "status", "summary", "error"})
public record SyncSummary(int exitCode, String status, String summary, String error, long created, long changed,
                          long deleted, long notCopied, long bytesSent, long durationMillis, String started,
                          String finished, String snapshot, String log, boolean dryRun, List<String> problems) {

    public static final String TYPE = "summary";

    @JsonProperty("type")
    public String type() {
        return TYPE;
    }
}
