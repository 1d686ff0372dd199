package io.revcrypt.sync.decode;

import java.util.Optional;

/**
 * One segment of rsync's output, classified once: what rsync printed ({@code event}, raw text
 * with cipher paths) and what the decoder prints for it ({@code text}, plaintext, no line
 * terminator). Whoever shows, logs or counts the output reads the event's type and fields
 * instead of matching the text again; {@code plain} is the decoded path of the segment, as parts
 * (empty when it names none or it could not be decoded).
 */
public record DecodedEvent(RsyncEvent event, String text, Optional<PlainNames> plain) {

    /** A segment with no decoded path (none in it, or it could not be decoded). */
    public DecodedEvent(RsyncEvent event, String text) {
        this(event, text, Optional.empty());
    }

    /** An empty segment: two terminators in a row, or the end of a stream cut short. */
    public static final DecodedEvent EMPTY = new DecodedEvent(new RsyncEvent.Other(""), "");

    /**
     * A whole progress update and nothing else: shown in place of the last one rather than as a
     * line (an update with an item glued to it is a line).
     */
    public boolean isProgressUpdate() {
        return event instanceof RsyncEvent.Progress progress && progress.then().isEmpty();
    }
}
