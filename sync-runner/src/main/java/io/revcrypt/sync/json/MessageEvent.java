package io.revcrypt.sync.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * {@code "type": "warning" | "error" | "notice"}: a message of rsync's or of revcrypt's own.
 * Each is also printed on stderr as without {@code --json} (rsync's lines decoded, revcrypt's as
 * {@code revcrypt: …}), except rsync's notices on stdout.
 *
 * @param type          {@code warning}, {@code error} or {@code notice}
 * @param source        {@code rsync} or {@code revcrypt}
 * @param kind          what rsync said, for the messages revcrypt tells apart: {@code vanished},
 *                      {@code skipped-non-regular}, {@code not-deleted}, {@code path-error},
 *                      {@code destination-error}, {@code rsync-exit}; absent otherwise
 * @param path          the plaintext path the message names, as it names it (rsync's error
 *                      messages name it under SRC); absent when it names none
 * @param rsyncExitCode the exit code rsync's closing {@code rsync error:}/{@code rsync warning:} gives
 * @param message       the message as a person sees it (plaintext; revcrypt's without the
 *                      {@code revcrypt: } prefix)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "source", "kind", "path", "rsyncExitCode", "message"})
public record MessageEvent(String type, String source, String kind, String path, Integer rsyncExitCode, String message) {

    public static final String WARNING = "warning";
    public static final String ERROR = "error";
    public static final String NOTICE = "notice";
}
