package io.revcrypt.sync.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * {@code "type": "summary"}: the last line of {@code verify --json} and {@code restore --json},
 * written also when the command ended with an error ({@code error} then says which; the counts
 * are what was done before it, or 0).
 *
 * @param command        {@code verify} or {@code restore}
 * @param exitCode       the command's exit code (0 clean/all restored, 1 failed, 2 usage or key, 3 problems)
 * @param status         {@code ok}, {@code partial} (problems found), {@code failed}, {@code usage-error}
 * @param summary        the summary line a person sees, without {@code revcrypt: }
 * @param error          the error that ended the command, or absent
 * @param files          regular files verified or restored (not those with problems)
 * @param directories    directories verified, or made by restore (not one that was there); not the top
 * @param symlinks       symlinks
 * @param specialFiles   FIFOs, sockets, devices
 * @param bytes          plaintext bytes verified or restored
 * @param fetchedBytes   bytes fetched from a remote copy; absent for a local one
 * @param problems       how many problems were found (each was a {@code problem} line)
 * @param durationMillis how long the command ran
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "command", "exitCode", "status", "summary", "error"})
public record CopySummary(String command, int exitCode, String status, String summary, String error, long files,
                          long directories, long symlinks, long specialFiles, long bytes, Long fetchedBytes,
                          long problems, long durationMillis) {

    public static final String TYPE = "summary";

    @JsonProperty("type")
    public String type() {
        return TYPE;
    }
}
