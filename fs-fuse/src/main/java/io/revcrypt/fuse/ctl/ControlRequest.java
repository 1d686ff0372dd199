package io.revcrypt.fuse.ctl;

import java.util.Objects;

/**
 * A decoded request, gocryptfs's {@code ctlsock.RequestStruct}: at most one of the two paths is
 * meant to be non-empty. Absent keys (and JSON {@code null}) are "".
 */
record ControlRequest(String encryptPath, String decryptPath) {

    ControlRequest {
        Objects.requireNonNull(encryptPath, "encryptPath");
        Objects.requireNonNull(decryptPath, "decryptPath");
    }
}
