package io.revcrypt.sync.transport;

/** What rsync's exit codes mean, in words a person understands. */
public final class RsyncExit {

    public static final int OK = 0;
    public static final int PARTIAL = 23;
    public static final int VANISHED = 24;

    private RsyncExit() {
    }

    /**
     * An exit after which what rsync wrote counts: all of it copied, or all but files it could not
     * read (23) or that vanished (24), which it names.
     */
    public static boolean copied(int code) {
        return code == OK || someNotCopied(code);
    }

    /** Done, but some entries were not transferred (23) or vanished first (24). */
    public static boolean someNotCopied(int code) {
        return code == PARTIAL || code == VANISHED;
    }

    public static String describe(int code) {
        return switch (code) {
            case 1 -> "rsync rejected an option (syntax or usage error)";
            case 2 -> "rsync versions on the two ends cannot talk to each other";
            case 3 -> "rsync could not select the files to copy";
            case 5 -> "rsync could not start its protocol with the other end";
            case 10, 12 -> "the connection to the other end broke";
            case 11 -> "a file could not be written (is the destination full or read-only?)";
            case 14 -> "rsync could not start its helper process";
            case 20 -> "rsync was interrupted";
            case 22 -> "rsync ran out of memory";
            case 23 -> "some files could not be transferred";
            case 24 -> "some files vanished before they could be copied";
            case 25 -> "rsync stopped deleting at its --max-delete limit";
            case 30, 35 -> "the transfer timed out";
            case 255 -> "ssh failed (see its message above)";
            default -> "rsync failed";
        };
    }
}
