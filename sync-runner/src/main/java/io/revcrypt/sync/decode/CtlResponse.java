package io.revcrypt.sync.decode;

import java.nio.charset.StandardCharsets;

/**
 * One answer of the control socket: gocryptfs's {@code Result}, {@code ErrNo},
 * {@code ErrText}, {@code WarnText}, plus revcrypt's optional {@code ResultRaw} (standard
 * base64 of the exact plaintext bytes, sent when they are not valid UTF-8; {@code null} when
 * absent).
 */
public record CtlResponse(String result, byte[] resultRaw, int errNo, String errText, String warnText) {

    public boolean ok() {
        return errNo == 0;
    }

    /** The translated path as bytes: {@code ResultRaw} when present, else {@code Result} as UTF-8. */
    public byte[] resultBytes() {
        return resultRaw != null ? resultRaw.clone() : result.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether {@link #resultBytes()} are the real name. gocryptfs's JSON encoder turns bytes
     * that are not UTF-8 into U+FFFD, so a {@code Result} containing U+FFFD without
     * {@code ResultRaw} may be an approximation.
     */
    public boolean exact() {
        return resultRaw != null || result.indexOf('\uFFFD') < 0;
    }

    @Override
    public String toString() {
        return "CtlResponse[result=" + result + ", resultRaw=" + (resultRaw == null ? "none" : resultRaw.length + " bytes")
                + ", errNo=" + errNo + ", errText=" + errText + ", warnText=" + warnText + "]";
    }
}
