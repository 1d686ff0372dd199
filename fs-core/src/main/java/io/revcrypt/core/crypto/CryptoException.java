package io.revcrypt.core.crypto;

/** A cryptographic operation failed: bad input, or data that does not authenticate. */
public class CryptoException extends RuntimeException {

    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
