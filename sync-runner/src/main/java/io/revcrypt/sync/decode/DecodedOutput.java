package io.revcrypt.sync.decode;

import java.io.IOException;

/**
 * Where a {@link DecodeFilter} puts the decoded segments of one stream, each with the terminator
 * rsync ended it with, so that nobody downstream splits the text into lines again.
 */
public interface DecodedOutput {

    /**
     * The segment is not complete yet: a piece of an endless line, an update shown before its
     * terminator arrived, or the last one of a stream that ended without a terminator.
     */
    int NO_TERMINATOR = -1;

    /** @param terminator {@code '\n'}, {@code '\r'}, or {@link #NO_TERMINATOR} */
    void accept(DecodedEvent segment, int terminator) throws IOException;

    /** What has come so far may be shown: called after each read of rsync's output. */
    void flush() throws IOException;
}
