package io.revcrypt.sync.run;

import io.revcrypt.sync.decode.RsyncEvent;
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

    /**
     * Whether a message of rsync's says a write failed for want of space: the reason follows the
     * path in a message that names one, so a file named like the reason is not taken for it.
     */
    static boolean inMessage(RsyncEvent event) {
        if (event instanceof RsyncEvent.PathMessage message) {
            return inText(message.after());
        }
        if (event instanceof RsyncEvent.ExitMessage exit) {
            return inText(exit.text());
        }
        return event instanceof RsyncEvent.Other other && inText(other.text());
    }

    /** The words for a destination that is full. */
    static String onDestination(Destination dest) {
        return "no space left on " + dest + " (the destination is full, or its quota is used up)";
    }
}
