package io.revcrypt.core.crypto;

/** Ciphertext whose tag does not match: tampered, corrupted, or encrypted with another key. */
public class AuthenticationException extends CryptoException {

    public AuthenticationException(String message) {
        super(message);
    }
}
