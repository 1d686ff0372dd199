package io.revcrypt.fuse;

/** A mount that could not be made or unmade, with a message for a person. */
public final class MountException extends Exception {

    public MountException(String message) {
        super(message);
    }

    public MountException(String message, Throwable cause) {
        super(message, cause);
    }
}
