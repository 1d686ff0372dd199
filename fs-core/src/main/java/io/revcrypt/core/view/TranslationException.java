package io.revcrypt.core.view;

import io.revcrypt.core.posix.Errno;

/**
 * A path that cannot be translated, carrying the error number and text that gocryptfs's control
 * socket would answer with: {@code 2} / "no such file or directory" for a name that does not
 * decode or does not exist, {@code -1} for anything else, or the errno of a failed system call.
 */
public final class TranslationException extends Exception {

    public static final int ENOENT = Errno.ENOENT;
    public static final int ENOTSUP = Errno.ENOTSUP;
    /** Not an errno: gocryptfs answers -1 for an error that did not come from a system call. */
    public static final int OTHER = -1;

    private final int errNo;

    public TranslationException(int errNo, String errText) {
        super(errText);
        this.errNo = errNo;
    }

    public static TranslationException noSuchFile() {
        return new TranslationException(ENOENT, "no such file or directory");
    }

    public static TranslationException invalidArgument() {
        return new TranslationException(OTHER, "invalid argument");
    }

    public int errNo() {
        return errNo;
    }

    public String errText() {
        return getMessage();
    }
}
