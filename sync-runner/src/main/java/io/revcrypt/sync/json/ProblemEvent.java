package io.revcrypt.sync.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.revcrypt.sync.restore.Report;
import java.util.Locale;

/**
 * {@code "type": "problem"}: one problem {@code verify} or {@code restore} found, as it is found
 * (also printed on stderr as without {@code --json}).
 *
 * @param kind       {@code damaged} (content that does not authenticate), {@code name} (a name that
 *                   does not decrypt), {@code metadata} (a directory IV, a long name's file),
 *                   {@code exists} (restore: not overwritten), {@code missing} (restore: a PLAINPATH
 *                   not in the copy), {@code error} (could not be read or written)
 * @param path       the plaintext path relative to the backed-up directory ({@code ./} for its top),
 *                   rsync's escaping; absent when it cannot be known
 * @param cipherPath the path in the copy, when known
 * @param message    what is wrong (for content: the block numbers)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "kind", "path", "cipherPath", "message"})
public record ProblemEvent(String kind, String path, String cipherPath, String message) {

    public static final String TYPE = "problem";

    @JsonProperty("type")
    public String type() {
        return TYPE;
    }

    public static ProblemEvent of(Report.Problem problem) {
        return new ProblemEvent(kindOf(problem.kind()), problem.plainPath(), problem.cipherPath(), problem.message());
    }

    static String kindOf(Report.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
