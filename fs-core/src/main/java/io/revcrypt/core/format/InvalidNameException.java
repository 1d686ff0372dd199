package io.revcrypt.core.format;

/** A cipher name that does not decode, decrypt or unpad to a valid plaintext name. */
public class InvalidNameException extends Exception {

    public InvalidNameException(String message) {
        super(message);
    }
}
