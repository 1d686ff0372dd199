package io.revcrypt.sync.common;

/** A failure with a message for a person and the exit code it ends with; printed without a stack trace. */
public final class UserException extends RuntimeException {

    private final int exitCode;

    public UserException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static UserException usage(String message) {
        return new UserException(ExitCode.USAGE, message);
    }

    public static UserException failed(String message) {
        return new UserException(ExitCode.FAILED, message);
    }
}
