package io.revcrypt.sync.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.revcrypt.sync.common.ExitCode;
import java.io.IOException;
import java.util.List;

/**
 * One run, as the notifier receives it on stdin and as {@code revcrypt status} remembers it.
 * The paths in {@code problems} are plaintext: this stays on the machine that made the backup.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunReport(String job, String source, String destination, int exitCode, String status, String summary,
                        String started, String finished, long created, long changed, long deleted, long notCopied,
                        long bytesSent, List<String> problems, String snapshot, String log, boolean dryRun) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public RunReport {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /** The word for an exit code: ok, partial, failed, usage-error, locked. */
    public static String statusOf(int exitCode) {
        return switch (exitCode) {
            case ExitCode.OK -> "ok";
            case ExitCode.PARTIAL -> "partial";
            case ExitCode.USAGE -> "usage-error";
            case ExitCode.LOCKED -> "locked";
            default -> "failed";
        };
    }

    /** Whether the run published a copy (complete or partial). */
    public boolean published() {
        return !dryRun && (exitCode == ExitCode.OK || exitCode == ExitCode.PARTIAL);
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RunReport parse(byte[] json) throws IOException {
        return JSON.readValue(json, RunReport.class);
    }
}
