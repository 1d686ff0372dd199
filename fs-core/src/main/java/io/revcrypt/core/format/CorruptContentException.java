package io.revcrypt.core.format;

/** Ciphertext that cannot be decrypted: damaged, truncated, tampered with, or not ours. */
public class CorruptContentException extends Exception {

    public CorruptContentException(String message) {
        super(message);
    }
}
