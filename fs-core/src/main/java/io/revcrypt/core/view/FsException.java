package io.revcrypt.core.view;

import io.revcrypt.core.posix.Errno;
import io.revcrypt.core.posix.PosixException;
import java.io.IOException;

/** A view operation that fails with an errno, which the FUSE adapter hands to the kernel. */
public final class FsException extends IOException {

    private final int errno;

    public FsException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    static FsException of(PosixException e) {
        return new FsException(e.errno(), e.getMessage());
    }

    static FsException noEntry(String cipherPath) {
        return new FsException(Errno.ENOENT, "no such entry: " + cipherPath);
    }

    static FsException excluded(String cipherPath) {
        return new FsException(Errno.EPERM, "excluded: " + cipherPath);
    }
}
