package io.revcrypt.sync.job;

/** A job file that cannot be used: the message names the file, the line and the problem. */
public final class JobFileException extends Exception {

    public JobFileException(String message) {
        super(message);
    }
}
