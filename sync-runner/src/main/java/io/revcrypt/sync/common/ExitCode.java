package io.revcrypt.sync.common;

/** The exit codes of every revcrypt command (design §6, README). */
public final class ExitCode {

    /** Everything done. */
    public static final int OK = 0;
    /** Failed; nothing was published. */
    public static final int FAILED = 1;
    /** Bad usage or configuration (wrong password, damaged config, bad option). */
    public static final int USAGE = 2;
    /** Done and published, but some files could not be read or restored; they are listed. */
    public static final int PARTIAL = 3;
    /** Another run holds the lock on this destination. */
    public static final int LOCKED = 4;

    private ExitCode() {
    }
}
