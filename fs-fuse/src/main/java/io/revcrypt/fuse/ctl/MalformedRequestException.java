package io.revcrypt.fuse.ctl;

/**
 * A request that Go's {@code json.Unmarshal} would reject. The message is Go's error text, e.g.
 * {@code invalid character 'g' looking for beginning of value}; gocryptfs prefixes it with
 * {@code "JSON Unmarshal error: "}.
 */
final class MalformedRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    MalformedRequestException(String goErrorText) {
        super(goErrorText, null, false, false);
    }
}
