package io.revcrypt.fuse.ctl;

import io.revcrypt.core.text.Utf8;
import io.revcrypt.core.view.DirectoryListing;
import io.revcrypt.core.view.PathTranslator;
import io.revcrypt.core.view.TranslationException;
import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * Turns the bytes of one request into one response, following gocryptfs's
 * {@code ctlsocksrv.handleConnection}/{@code handleRequest} step by step. Never throws: whatever
 * goes wrong becomes an error answer, so a bad request or a buggy translator cannot take down a
 * connection, let alone the server.
 *
 * <p>revcrypt's own request, {@code {"ListDirectory":"<cipher dir>"}} ({@code ""} or {@code "."}
 * for the root), answers with the directory's plaintext path as {@code Result} and all its
 * entries under {@code Entries} (see {@link ControlResponse}): the sync runner decodes a
 * directory's worth of rsync lines with one request instead of one per entry.
 */
final class ControlRequestHandler {

    private static final System.Logger LOG = System.getLogger(ControlRequestHandler.class.getName());
    /** Bounds one answer (about 100 bytes an entry); a client lists a bigger directory otherwise. */
    static final int MAX_LISTED_ENTRIES = 250_000;
    private static final int E2BIG = 7;

    private final PathTranslator translator;

    ControlRequestHandler(PathTranslator translator) {
        this.translator = Objects.requireNonNull(translator, "translator");
    }

    ControlResponse handle(byte[] requestBytes) {
        try {
            return handleRequest(ControlRequestParser.parse(requestBytes));
        } catch (MalformedRequestException e) {
            return ControlResponse.failure("JSON Unmarshal error: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ctlsock: internal error while answering a request", e);
            return ControlResponse.failure("internal error");
        } catch (StackOverflowError e) {
            // PathLimits should make this unreachable; if a translator still recurses too deep,
            // this request fails and the connection lives on.
            LOG.log(Level.WARNING, "ctlsock: stack overflow while answering a request", e);
            return ControlResponse.failure(PathLimits.ENAMETOOLONG, "file name too long: the path is too deep to resolve", "");
        }
    }

    private ControlResponse handleRequest(ControlRequest in) {
        if (in.listDirectory() != null) {
            if (!in.encryptPath().isEmpty() || !in.decryptPath().isEmpty()) {
                return ControlResponse.failure("Ambiguous");
            }
            return list(in.listDirectory());
        }
        boolean encrypt = !in.encryptPath().isEmpty();
        boolean decrypt = !in.decryptPath().isEmpty();
        if (encrypt && decrypt) {
            return ControlResponse.failure("Ambiguous");
        }
        if (!encrypt && !decrypt) {
            return ControlResponse.failure("Empty input");
        }
        String input = encrypt ? in.encryptPath() : in.decryptPath();
        String clean = PathSanitizer.sanitize(input);
        String warnText = PathSanitizer.warning(input, clean);
        if (clean.isEmpty()) {
            return ControlResponse.failure(-1, "Empty input after canonicalization", warnText);
        }
        String tooLong = PathLimits.violation(clean);
        if (tooLong != null) {
            return PathLimits.refusal(tooLong, warnText);
        }
        try {
            byte[] result = encrypt
                    ? Utf8.encode(Objects.requireNonNull(translator.encryptPath(Utf8.encode(clean)),
                            "translator returned null"))
                    : Objects.requireNonNull(translator.decryptPath(clean), "translator returned null");
            return ControlResponse.success(result, warnText);
        } catch (TranslationException e) {
            LOG.log(Level.DEBUG, () -> "ctlsock: cannot translate '" + clean + "': " + e.errText());
            return ControlResponse.failure(e.errNo(), Objects.toString(e.errText(), ""), warnText);
        }
    }

    private ControlResponse list(String input) {
        boolean root = input.isEmpty() || input.equals(".");
        String clean = root ? "" : PathSanitizer.sanitize(input);
        String warnText = root ? "" : PathSanitizer.warning(input, clean);
        if (clean.isEmpty() && !root) {
            return ControlResponse.failure(-1, "Empty input after canonicalization", warnText);
        }
        String tooLong = PathLimits.violation(clean);
        if (tooLong != null) {
            return PathLimits.refusal(tooLong, warnText);
        }
        try {
            DirectoryListing listing = Objects.requireNonNull(translator.listDirectory(clean), "translator returned null");
            if (listing.entries().size() > MAX_LISTED_ENTRIES) {
                return ControlResponse.failure(E2BIG, "directory has more than " + MAX_LISTED_ENTRIES + " entries",
                        warnText);
            }
            return ControlResponse.listing(listing.plainDir(), listing.entries(), warnText);
        } catch (TranslationException e) {
            LOG.log(Level.DEBUG, () -> "ctlsock: cannot list '" + clean + "': " + e.errText());
            return ControlResponse.failure(e.errNo(), Objects.toString(e.errText(), ""), warnText);
        }
    }
}
