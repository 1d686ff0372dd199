package io.revcrypt.fuse.ctl;

import java.util.Arrays;

/**
 * A byte-at-a-time JSON syntax checker that mirrors Go's {@code encoding/json} scanner
 * ({@code scanner.go}) state for state.
 *
 * <p>It exists for two reasons. First, gocryptfs answers a malformed request with
 * {@code "JSON Unmarshal error: " + err}, where {@code err} is the scanner's message, e.g.
 * {@code invalid character 'g' looking for beginning of value}; copying the state machine is the
 * only way to produce the same text for every input. Second, the framer needs to know, byte by
 * byte, whether the bytes so far are a complete JSON value, a valid prefix of one, or already
 * invalid; the scanner answers that without buffering or backtracking.
 *
 * <p>Not thread-safe; one instance per connection (or per check).
 */
final class GoJsonScanner {

    /** Go's {@code maxNestingDepth}: deeper input is rejected with "exceeded max depth". */
    static final int MAX_NESTING_DEPTH = 10000;

    // Parse states of the enclosing containers (Go's parseObjectKey, ...).
    private static final int PARSE_OBJECT_KEY = 0;
    private static final int PARSE_OBJECT_VALUE = 1;
    private static final int PARSE_ARRAY_VALUE = 2;

    // Step functions of Go's scanner, as constants.
    private static final int BEGIN_VALUE = 0;
    private static final int BEGIN_VALUE_OR_EMPTY = 1;
    private static final int BEGIN_STRING_OR_EMPTY = 2;
    private static final int BEGIN_STRING = 3;
    private static final int END_VALUE = 4;
    private static final int END_TOP = 5;
    private static final int IN_STRING = 6;
    private static final int IN_STRING_ESC = 7;
    private static final int IN_STRING_ESC_U = 8;
    private static final int IN_STRING_ESC_U1 = 9;
    private static final int IN_STRING_ESC_U12 = 10;
    private static final int IN_STRING_ESC_U123 = 11;
    private static final int NEG = 12;
    private static final int ONE = 13; // Go's state1: inside a number starting 1-9
    private static final int ZERO = 14; // Go's state0
    private static final int DOT = 15;
    private static final int DOT0 = 16;
    private static final int E = 17;
    private static final int E_SIGN = 18;
    private static final int E0 = 19;
    private static final int T = 20;
    private static final int TR = 21;
    private static final int TRU = 22;
    private static final int F = 23;
    private static final int FA = 24;
    private static final int FAL = 25;
    private static final int FALS = 26;
    private static final int N = 27;
    private static final int NU = 28;
    private static final int NUL = 29;
    private static final int ERROR = 30;

    private int step = BEGIN_VALUE;
    private int[] parseState = new int[16];
    private int depth;
    private boolean endTop;
    private String error;

    /**
     * Go's {@code checkValid}: the error message Go's {@code json.Unmarshal} gives for a syntax
     * error in {@code data}, or {@code null} if {@code data} is exactly one JSON value surrounded
     * by optional whitespace.
     */
    static String syntaxError(byte[] data) {
        GoJsonScanner scanner = new GoJsonScanner();
        for (byte b : data) {
            scanner.step(b);
            if (scanner.error != null) {
                // Go stops at the first error too (for "after top-level value" one byte later,
                // with the same message).
                break;
            }
        }
        scanner.eof();
        return scanner.error;
    }

    void reset() {
        step = BEGIN_VALUE;
        depth = 0;
        endTop = false;
        error = null;
    }

    /** True once an error has been seen; the message is {@link #error()}. */
    boolean hasError() {
        return error != null;
    }

    String error() {
        return error;
    }

    /** True once a complete top-level value has been followed by at least one more byte, or closed. */
    boolean endTop() {
        return endTop;
    }

    /**
     * Whether Go would accept the bytes seen so far as one complete document if the input ended
     * here (its {@code eof()} would succeed). Does not change this scanner.
     */
    boolean completeAtEof() {
        if (error != null) {
            return false;
        }
        if (endTop) {
            return true;
        }
        GoJsonScanner copy = copy();
        copy.eof();
        return copy.error == null;
    }

    private GoJsonScanner copy() {
        GoJsonScanner c = new GoJsonScanner();
        c.step = step;
        c.parseState = Arrays.copyOf(parseState, Math.max(depth, 1));
        c.depth = depth;
        c.endTop = endTop;
        c.error = error;
        return c;
    }

    /** Go's {@code scanner.eof()}: call once after the last byte. */
    void eof() {
        if (error != null || endTop) {
            return;
        }
        step((byte) ' ');
        if (endTop) {
            return;
        }
        if (error == null) {
            error = "unexpected end of JSON input";
        }
    }

    /** Feeds one byte. */
    void step(byte b) {
        if (step == ERROR) {
            return;
        }
        dispatch(b & 0xFF);
    }

    private void dispatch(int c) {
        switch (step) {
            case BEGIN_VALUE -> beginValue(c);
            case BEGIN_VALUE_OR_EMPTY -> {
                if (isSpace(c)) {
                    return;
                }
                if (c == ']') {
                    endValue(c);
                } else {
                    beginValue(c);
                }
            }
            case BEGIN_STRING_OR_EMPTY -> {
                if (isSpace(c)) {
                    return;
                }
                if (c == '}') {
                    parseState[depth - 1] = PARSE_OBJECT_VALUE;
                    endValue(c);
                } else {
                    beginString(c);
                }
            }
            case BEGIN_STRING -> beginString(c);
            case END_VALUE -> endValue(c);
            case END_TOP -> endTopState(c);
            case IN_STRING -> {
                if (c == '"') {
                    step = END_VALUE;
                } else if (c == '\\') {
                    step = IN_STRING_ESC;
                } else if (c < 0x20) {
                    fail(c, "in string literal");
                }
            }
            case IN_STRING_ESC -> {
                switch (c) {
                    case 'b', 'f', 'n', 'r', 't', '\\', '/', '"' -> step = IN_STRING;
                    case 'u' -> step = IN_STRING_ESC_U;
                    default -> fail(c, "in string escape code");
                }
            }
            case IN_STRING_ESC_U -> hexDigit(c, IN_STRING_ESC_U1);
            case IN_STRING_ESC_U1 -> hexDigit(c, IN_STRING_ESC_U12);
            case IN_STRING_ESC_U12 -> hexDigit(c, IN_STRING_ESC_U123);
            case IN_STRING_ESC_U123 -> hexDigit(c, IN_STRING);
            case NEG -> {
                if (c == '0') {
                    step = ZERO;
                } else if (c >= '1' && c <= '9') {
                    step = ONE;
                } else {
                    fail(c, "in numeric literal");
                }
            }
            case ONE -> {
                if (c >= '0' && c <= '9') {
                    return;
                }
                zero(c);
            }
            case ZERO -> zero(c);
            case DOT -> {
                if (c >= '0' && c <= '9') {
                    step = DOT0;
                } else {
                    fail(c, "after decimal point in numeric literal");
                }
            }
            case DOT0 -> {
                if (c >= '0' && c <= '9') {
                    return;
                }
                if (c == 'e' || c == 'E') {
                    step = E;
                } else {
                    endValue(c);
                }
            }
            case E -> {
                if (c == '+' || c == '-') {
                    step = E_SIGN;
                } else {
                    exponentSign(c);
                }
            }
            case E_SIGN -> exponentSign(c);
            case E0 -> {
                if (c < '0' || c > '9') {
                    endValue(c);
                }
            }
            case T -> literal(c, 'r', TR, "in literal true (expecting 'r')");
            case TR -> literal(c, 'u', TRU, "in literal true (expecting 'u')");
            case TRU -> literal(c, 'e', END_VALUE, "in literal true (expecting 'e')");
            case F -> literal(c, 'a', FA, "in literal false (expecting 'a')");
            case FA -> literal(c, 'l', FAL, "in literal false (expecting 'l')");
            case FAL -> literal(c, 's', FALS, "in literal false (expecting 's')");
            case FALS -> literal(c, 'e', END_VALUE, "in literal false (expecting 'e')");
            case N -> literal(c, 'u', NU, "in literal null (expecting 'u')");
            case NU -> literal(c, 'l', NUL, "in literal null (expecting 'l')");
            case NUL -> literal(c, 'l', END_VALUE, "in literal null (expecting 'l')");
            default -> throw new IllegalStateException("scanner state " + step);
        }
    }

    private void beginValue(int c) {
        if (isSpace(c)) {
            return;
        }
        switch (c) {
            case '{' -> {
                step = BEGIN_STRING_OR_EMPTY;
                push(c, PARSE_OBJECT_KEY);
            }
            case '[' -> {
                step = BEGIN_VALUE_OR_EMPTY;
                push(c, PARSE_ARRAY_VALUE);
            }
            case '"' -> step = IN_STRING;
            case '-' -> step = NEG;
            case '0' -> step = ZERO;
            case 't' -> step = T;
            case 'f' -> step = F;
            case 'n' -> step = N;
            default -> {
                if (c >= '1' && c <= '9') {
                    step = ONE;
                } else {
                    fail(c, "looking for beginning of value");
                }
            }
        }
    }

    private void beginString(int c) {
        if (isSpace(c)) {
            return;
        }
        if (c == '"') {
            step = IN_STRING;
        } else {
            fail(c, "looking for beginning of object key string");
        }
    }

    private void endValue(int c) {
        if (depth == 0) {
            // Completed top-level value before the current byte.
            step = END_TOP;
            endTop = true;
            endTopState(c);
            return;
        }
        if (isSpace(c)) {
            step = END_VALUE;
            return;
        }
        switch (parseState[depth - 1]) {
            case PARSE_OBJECT_KEY -> {
                if (c == ':') {
                    parseState[depth - 1] = PARSE_OBJECT_VALUE;
                    step = BEGIN_VALUE;
                } else {
                    fail(c, "after object key");
                }
            }
            case PARSE_OBJECT_VALUE -> {
                if (c == ',') {
                    parseState[depth - 1] = PARSE_OBJECT_KEY;
                    step = BEGIN_STRING;
                } else if (c == '}') {
                    pop();
                } else {
                    fail(c, "after object key:value pair");
                }
            }
            default -> {
                if (c == ',') {
                    step = BEGIN_VALUE;
                } else if (c == ']') {
                    pop();
                } else {
                    fail(c, "after array element");
                }
            }
        }
    }

    private void endTopState(int c) {
        if (!isSpace(c)) {
            fail(c, "after top-level value");
        }
    }

    private void zero(int c) {
        if (c == '.') {
            step = DOT;
        } else if (c == 'e' || c == 'E') {
            step = E;
        } else {
            endValue(c);
        }
    }

    private void exponentSign(int c) {
        if (c >= '0' && c <= '9') {
            step = E0;
        } else {
            fail(c, "in exponent of numeric literal");
        }
    }

    private void hexDigit(int c, int next) {
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
            step = next;
        } else {
            fail(c, "in \\u hexadecimal character escape");
        }
    }

    private void literal(int c, char expected, int next, String context) {
        if (c == expected) {
            step = next;
        } else {
            fail(c, context);
        }
    }

    private void push(int c, int newParseState) {
        if (depth == parseState.length) {
            parseState = Arrays.copyOf(parseState, depth * 2);
        }
        parseState[depth++] = newParseState;
        if (depth > MAX_NESTING_DEPTH) {
            fail(c, "exceeded max depth");
        }
    }

    private void pop() {
        depth--;
        if (depth == 0) {
            step = END_TOP;
            endTop = true;
        } else {
            step = END_VALUE;
        }
    }

    private void fail(int c, String context) {
        step = ERROR;
        error = "invalid character " + quoteChar(c) + " " + context;
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /**
     * Go's {@code quoteChar}: the byte as Go's {@code strconv.Quote(string(rune(c)))} shows it, in
     * single quotes. A byte is taken as the code point U+0000..U+00FF, exactly as Go's
     * {@code string(c)} conversion does, so byte 0xFF prints as 'ÿ'.
     */
    static String quoteChar(int c) {
        if (c == '\'') {
            return "'\\''";
        }
        if (c == '"') {
            return "'\"'";
        }
        String body = switch (c) {
            case 0x07 -> "\\a";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case 0x0B -> "\\v";
            case '\\' -> "\\\\";
            default -> {
                if (isGoPrintable(c)) {
                    yield String.valueOf((char) c);
                } else if (c < 0x20 || c == 0x7F) {
                    yield String.format("\\x%02x", c);
                } else {
                    yield String.format("\\u%04x", c);
                }
            }
        };
        return "'" + body + "'";
    }

    /** Go's {@code strconv.IsPrint}, restricted to U+0000..U+00FF (all a byte can become here). */
    private static boolean isGoPrintable(int c) {
        if (c >= 0x20 && c < 0x7F) {
            return true;
        }
        // U+00A0 (no-break space) is a space separator and U+00AD (soft hyphen) a format
        // character; neither counts as printable in Go. U+0080..U+009F are controls.
        return c >= 0xA1 && c <= 0xFF && c != 0xAD;
    }
}
