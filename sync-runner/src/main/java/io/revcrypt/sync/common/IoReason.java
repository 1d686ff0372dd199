package io.revcrypt.sync.common;

import java.io.IOException;
import java.nio.file.FileSystemException;

/** The words of an I/O error a person reads: the system's reason ("No space left on device") without the path around it. */
public final class IoReason {

    private IoReason() {
    }

    public static String of(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
