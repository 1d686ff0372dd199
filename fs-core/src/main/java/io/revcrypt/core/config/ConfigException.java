package io.revcrypt.core.config;

/**
 * A config file that cannot be used, with a message meant for a person (no stack trace needed)
 * and the kind of problem, so a command line can tell them apart.
 */
public final class ConfigException extends Exception {

    public enum Kind {
        /** the file does not exist */
        MISSING,
        /** the file exists but cannot be read (permissions, I/O) */
        UNREADABLE,
        /** not valid JSON, a field missing or malformed, impossible parameters */
        DAMAGED,
        /** a valid gocryptfs config this tool cannot use (unknown flag, FIDO2, other version) */
        UNSUPPORTED,
        /** the password does not unwrap the master key */
        WRONG_PASSWORD,
        /** the file already exists (init) */
        EXISTS
    }

    private final Kind kind;

    public ConfigException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ConfigException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
