package io.revcrypt.fuse.ctl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.revcrypt.core.text.Utf8;
import java.io.IOException;

/**
 * Decodes one request the way Go's {@code json.Unmarshal(data, &ctlsock.RequestStruct{})} does.
 *
 * <p>Go's behaviour, which this copies (each point checked against a live gocryptfs 2.3):
 * <ul>
 *   <li>syntax is checked first over the whole input, with Go's messages ({@link GoJsonScanner});</li>
 *   <li>keys match {@code EncryptPath}/{@code DecryptPath} ASCII-case-insensitively, unknown keys
 *       are skipped whatever their value, and a repeated key overwrites the earlier value;</li>
 *   <li>{@code null}, at the top or as a field value, changes nothing;</li>
 *   <li>a value of the wrong type is an error naming the field, but only the first one counts;</li>
 *   <li>bytes that are not UTF-8 inside strings, and unpaired <code>&#92;ud800</code>-style escapes, become
 *       U+FFFD.</li>
 * </ul>
 *
 * <p>One key is revcrypt's own: {@code ListDirectory} (see {@link ControlRequestHandler}). gocryptfs
 * skips it as unknown and answers "Empty input", which tells a client the socket cannot list.
 *
 * <p>Jackson does the tokenizing once the input is known to be valid; its limits are lifted
 * because the Go scanner (and the request size cap) already bound the input.
 */
final class ControlRequestParser {

    private static final System.Logger LOG = System.getLogger(ControlRequestParser.class.getName());
    private static final String STRUCT = "RequestStruct";
    private static final String GO_TYPE = "ctlsock." + STRUCT;
    private static final String ENCRYPT_PATH = "EncryptPath";
    private static final String DECRYPT_PATH = "DecryptPath";
    private static final String LIST_DIRECTORY = "ListDirectory";

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(GoJsonScanner.MAX_NESTING_DEPTH + 1)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .build())
            .build();

    private ControlRequestParser() {
    }

    static ControlRequest parse(byte[] data) throws MalformedRequestException {
        String syntaxError = GoJsonScanner.syntaxError(data);
        if (syntaxError != null) {
            throw new MalformedRequestException(syntaxError);
        }
        // Valid JSON is ASCII outside strings, so decoding up front only affects string contents,
        // which is exactly where Go substitutes U+FFFD.
        String text = Utf8.decode(data, 0, data.length);
        try (JsonParser p = JSON.createParser(text)) {
            return decode(p);
        } catch (IOException e) {
            // Cannot happen for input the Go scanner accepted; answer rather than crash.
            LOG.log(System.Logger.Level.WARNING, "ctlsock: Jackson rejected input the Go scanner accepted", e);
            throw new MalformedRequestException(String.valueOf(e.getMessage()));
        }
    }

    private static ControlRequest decode(JsonParser p) throws IOException, MalformedRequestException {
        JsonToken top = p.nextToken();
        if (top == JsonToken.VALUE_NULL) {
            return new ControlRequest("", "", null);
        }
        if (top != JsonToken.START_OBJECT) {
            throw new MalformedRequestException(
                    "json: cannot unmarshal " + goKind(top) + " into Go value of type " + GO_TYPE);
        }
        String encryptPath = "";
        String decryptPath = "";
        String listDirectory = null;
        String firstTypeError = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = goFieldFor(p.currentName());
            JsonToken value = p.nextToken();
            if (field == null || value == JsonToken.VALUE_NULL) {
                p.skipChildren();
                continue;
            }
            if (value != JsonToken.VALUE_STRING) {
                if (firstTypeError == null) {
                    firstTypeError = "json: cannot unmarshal " + goKind(value) + " into Go struct field "
                            + STRUCT + "." + field + " of type string";
                }
                p.skipChildren();
                continue;
            }
            String s = Utf8.repairSurrogates(p.getText());
            if (field.equals(ENCRYPT_PATH)) {
                encryptPath = s;
            } else if (field.equals(DECRYPT_PATH)) {
                decryptPath = s;
            } else {
                listDirectory = s;
            }
        }
        if (firstTypeError != null) {
            throw new MalformedRequestException(firstTypeError);
        }
        return new ControlRequest(encryptPath, decryptPath, listDirectory);
    }

    /** The Go struct field a JSON key selects, or null. Go folds ASCII case only for these names. */
    private static String goFieldFor(String key) {
        if (asciiEqualsIgnoreCase(key, ENCRYPT_PATH)) {
            return ENCRYPT_PATH;
        }
        if (asciiEqualsIgnoreCase(key, DECRYPT_PATH)) {
            return DECRYPT_PATH;
        }
        if (asciiEqualsIgnoreCase(key, LIST_DIRECTORY)) {
            return LIST_DIRECTORY;
        }
        return null;
    }

    private static boolean asciiEqualsIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x >= 0x80 || toLowerAscii(x) != toLowerAscii(y)) {
                return false;
            }
        }
        return true;
    }

    private static char toLowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** The JSON kind word Go's {@code UnmarshalTypeError} uses. */
    private static String goKind(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "bool";
            default -> t.name();
        };
    }
}
