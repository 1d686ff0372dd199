package io.revcrypt.sync.run;

import io.revcrypt.sync.transport.Destination;
import java.nio.file.FileSystemException;

/**
 * Tells a full disk (or an exceeded quota) from other write errors, in an exception of ours or in a
 * line of rsync's, so that the one line a person reads names the cause and the place that is full
 * instead of "a file could not be written".
 */
final class NoSpace {

    /** strerror(ENOSPC) and strerror(EDQUOT), as rsync and the JDK print them. */
    private static final String[] REASONS = {"No space left on device", "Disk quota exceeded"};

    private NoSpace() {
    }

    static boolean in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = t instanceof FileSystemException fse ? fse.getReason() : t.getMessage();
            if (text == null && t instanceof FileSystemException) {
                text = t.getMessage();
            }
            if (inText(text)) {
                return true;
            }
        }
        return false;
    }

    static boolean inText(String text) {
        if (text == null) {
            return false;
        }
        for (String reason : REASONS) {
            if (text.contains(reason)) {
                return true;
            }
        }
        return false;
    }

    /** The words for a destination that is full. */
    static String onDestination(Destination dest) {
        return "no space left on " + dest + " (the destination is full, or its quota is used up)";
    }
}
