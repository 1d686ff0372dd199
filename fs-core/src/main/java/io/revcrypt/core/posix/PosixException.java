package io.revcrypt.core.posix;

import java.io.IOException;

/** A failed system call on the plaintext side, with its errno. */
public final class PosixException extends IOException {

    private final int errno;

    public PosixException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
