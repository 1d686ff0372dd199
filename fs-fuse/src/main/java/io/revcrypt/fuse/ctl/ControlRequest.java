package io.revcrypt.fuse.ctl;

import java.util.Objects;

/**
 * A decoded request, gocryptfs's {@code ctlsock.RequestStruct}: at most one of the two paths is
 * meant to be non-empty. Absent keys (and JSON {@code null}) are "".
 *
 * @param listDirectory revcrypt's own {@code ListDirectory} key: the cipher directory to list
 *                      ({@code ""} or {@code "."} for the root), or {@code null} when absent
 */
record ControlRequest(String encryptPath, String decryptPath, String listDirectory) {

    ControlRequest {
        Objects.requireNonNull(encryptPath, "encryptPath");
        Objects.requireNonNull(decryptPath, "decryptPath");
    }

    ControlRequest(String encryptPath, String decryptPath) {
        this(encryptPath, decryptPath, null);
    }
}
