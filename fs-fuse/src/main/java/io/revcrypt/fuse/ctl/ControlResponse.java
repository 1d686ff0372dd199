package io.revcrypt.fuse.ctl;

import io.revcrypt.core.text.Utf8;
import io.revcrypt.core.view.DirEntryPlus;
import io.revcrypt.core.view.NodeAttributes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * One answer on the control socket: gocryptfs's {@code ctlsock.ResponseStruct}.
 *
 * <p>{@link #toJsonLine()} produces exactly what Go's {@code json.Marshal} plus gocryptfs's
 * trailing newline produce: {@code {"Result":…,"ErrNo":…,"ErrText":…,"WarnText":…}\n}, keys in
 * that order, no spaces, Go's string escaping (see {@link GoJson}).
 *
 * <p><b>Extension:</b> when {@code Result} is not valid UTF-8 (a plaintext name made of arbitrary
 * bytes), Go's encoding is lossy: each bad byte becomes <code>&#92;ufffd</code>. Only in that case we append
 * {@code ,"ResultRaw":"<standard base64 of the raw bytes>"} after {@code WarnText}, so our own
 * clients can recover the exact name; Go clients such as gocryptfs-xray ignore unknown keys. For
 * every valid UTF-8 result the line is byte-identical to gocryptfs's.
 *
 * <p><b>Extension:</b> the answer to a {@code ListDirectory} request ends with
 * {@code ,"Entries":[…]}, one array per entry in listing order:
 * {@code [cipherName, mode, uid, gid, plainName]} for a real entry — plus the base64 of the exact
 * bytes as a sixth element when the plaintext name is not UTF-8 — and
 * {@code [cipherName, mode, uid, gid]} for a virtual one ({@code gocryptfs.diriv}, {@code .name},
 * {@code gocryptfs.conf}). {@code mode} is {@code st_mode} with the type bits as the mount shows it;
 * 0 means the entry vanished while it was listed.
 */
final class ControlResponse {

    private static final byte[] EMPTY = new byte[0];

    private final byte[] result;
    private final int errNo;
    private final String errText;
    private final String warnText;
    /** A listing's entries, or null for the answers gocryptfs also gives. */
    private final List<DirEntryPlus> entries;

    private ControlResponse(byte[] result, int errNo, String errText, String warnText, List<DirEntryPlus> entries) {
        this.result = Objects.requireNonNull(result, "result");
        this.errNo = errNo;
        this.errText = Objects.requireNonNull(errText, "errText");
        this.warnText = Objects.requireNonNull(warnText, "warnText");
        this.entries = entries;
    }

    /** A successful translation; {@code result} is the raw path (bytes, possibly not UTF-8). */
    static ControlResponse success(byte[] result, String warnText) {
        return new ControlResponse(result.clone(), 0, "", warnText, null);
    }

    /** A directory listed: its plaintext path as the result, and its entries. */
    static ControlResponse listing(byte[] plainDir, List<DirEntryPlus> entries, String warnText) {
        return new ControlResponse(plainDir.clone(), 0, "", warnText, List.copyOf(entries));
    }

    /** A failed request with gocryptfs's {@code ErrNo} (-1 for "other") and text. */
    static ControlResponse failure(int errNo, String errText, String warnText) {
        return new ControlResponse(EMPTY, errNo, errText, warnText, null);
    }

    /** A failed request with ErrNo -1 and no warning, like gocryptfs's {@code errors.New(...)}. */
    static ControlResponse failure(String errText) {
        return failure(-1, errText, "");
    }

    byte[] result() {
        return result.clone();
    }

    int errNo() {
        return errNo;
    }

    String errText() {
        return errText;
    }

    String warnText() {
        return warnText;
    }

    /** The wire form, newline included. */
    byte[] toJsonLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96 + result.length + warnText.length());
        GoJson.writeAsciiText(out, "{\"Result\":");
        GoJson.writeString(out, result);
        GoJson.writeAsciiText(out, ",\"ErrNo\":" + errNo + ",\"ErrText\":");
        GoJson.writeString(out, errText);
        GoJson.writeAsciiText(out, ",\"WarnText\":");
        GoJson.writeString(out, warnText);
        if (!Utf8.isValid(result)) {
            GoJson.writeAsciiText(out, ",\"ResultRaw\":\"" + Base64.getEncoder().encodeToString(result) + "\"");
        }
        if (entries != null) {
            writeEntries(out);
        }
        GoJson.writeAsciiText(out, "}\n");
        return out.toByteArray();
    }

    private void writeEntries(ByteArrayOutputStream out) {
        GoJson.writeAsciiText(out, ",\"Entries\":[");
        for (int i = 0; i < entries.size(); i++) {
            DirEntryPlus e = entries.get(i);
            NodeAttributes a = e.attributes();
            GoJson.writeAsciiText(out, i == 0 ? "[" : ",[");
            GoJson.writeString(out, e.cipherName());
            GoJson.writeAsciiText(out, a == null ? ",0,0,0" : "," + a.mode() + "," + Integer.toUnsignedString(a.uid()) + ","
                    + Integer.toUnsignedString(a.gid()));
            byte[] plain = e.plainName();
            if (plain != null) {
                out.write(',');
                GoJson.writeString(out, plain);
                if (!Utf8.isValid(plain)) {
                    GoJson.writeAsciiText(out, ",\"" + Base64.getEncoder().encodeToString(plain) + "\"");
                }
            }
            out.write(']');
        }
        out.write(']');
    }

    @Override
    public String toString() {
        return new String(toJsonLine(), StandardCharsets.UTF_8).stripTrailing();
    }
}
