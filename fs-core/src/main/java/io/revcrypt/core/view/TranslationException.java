package io.revcrypt.core.view;

/**
 * A path that cannot be translated, carrying the error number and text that gocryptfs's control
 * socket would answer with: {@code 2} / "no such file or directory" for a name that does not
 * decode or does not exist, {@code -1} for anything else, or the errno of a failed system call.
 */
public final class TranslationException extends Exception {

    public static final int ENOENT = 2;
    public static final int ENOTSUP = 95;
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
