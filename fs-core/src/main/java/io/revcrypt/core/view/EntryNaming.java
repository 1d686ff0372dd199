package io.revcrypt.core.view;

import io.revcrypt.core.format.NameTransform;
import io.revcrypt.core.posix.DirEntryName;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The one rule for what a plaintext entry is called in the view, and whether it shows at all
 * (gocryptfs {@code Readdir} of the reverse frontend): the root's {@code .gocryptfs.reverse.conf}
 * as {@code gocryptfs.conf} (if shown), excluded entries not at all, with PlaintextNames a name as
 * it is (unless it is not UTF-8), else encrypted with the directory's IV and hashed when too long.
 * {@code list}, {@code listWithAttributes} and the {@link ListingCache} all take their names from
 * here; {@link CipherPathResolver} asks the same two questions (config? excluded?) going the
 * other way, so a name that a listing hides cannot be looked up either.
 */
final class EntryNaming {

    private static final System.Logger LOG = System.getLogger(EntryNaming.class.getName());
    private static final byte[] REVERSE_CONFIG =
            NameTransform.REVERSE_CONFIG_NAME.getBytes(StandardCharsets.US_ASCII);

    private final ViewOptions options;
    private final NameTransform names;

    EntryNaming(ViewOptions options, NameTransform names) {
        this.options = options;
        this.names = names;
    }

    /** The root's {@code .gocryptfs.reverse.conf}, which the view shows as {@code gocryptfs.conf}. */
    static PlainPath reverseConfig() {
        return PlainPath.root().child(REVERSE_CONFIG);
    }

    /** Whether this entry is the config the view shows as {@code gocryptfs.conf}, never under its own name. */
    boolean isShownAsConfig(PlainPath plainDir, byte[] plainName) {
        return plainDir.isRoot() && options.showConfig() && Arrays.equals(plainName, REVERSE_CONFIG);
    }

    boolean isExcluded(PlainPath plain) {
        return !options.exclusions().isEmpty() && options.exclusions().isExcluded(plain.toBytes());
    }

    /** The names of a directory's entries, index for index; null where an entry does not show. */
    ViewName[] nameAll(PlainPath plainDir, List<DirEntryName> entries, byte[] dirIv) {
        ViewName[] out = new ViewName[entries.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = name(plainDir, entries.get(i).name(), dirIv);
        }
        return out;
    }

    /**
     * How the entry {@code plainName} of {@code plainDir} shows in the view, or null if it does
     * not (excluded, or a PlaintextNames name that is not UTF-8). {@code dirIv} is the IV of the
     * directory's cipher path (unused with PlaintextNames).
     */
    ViewName name(PlainPath plainDir, byte[] plainName, byte[] dirIv) {
        if (isShownAsConfig(plainDir, plainName)) {
            // before the exclusions: the config shows even if a rule matches it, as resolve finds it
            return ViewName.CONFIG;
        }
        // without exclusions, no path needs to be built for the check (the common case)
        if (!options.exclusions().isEmpty() && isExcluded(plainDir.child(plainName))) {
            return null;
        }
        if (options.format().plaintextNames()) {
            String shown = utf8(plainName);
            if (shown == null) {
                LOG.log(System.Logger.Level.WARNING,
                        "skipping {0}: not valid UTF-8, which plaintext-names mode cannot show", plainDir.child(plainName));
                return null;
            }
            return ViewName.shown(shown);
        }
        String encrypted = names.encryptName(plainName, dirIv);
        if (!names.isTooLong(encrypted)) {
            return ViewName.shown(encrypted);
        }
        return ViewName.hashed(NameTransform.longNameHash(encrypted), encrypted.length());
    }

    /** A name as it is, if it is valid UTF-8 (the only names a PlaintextNames view can show); else null. */
    private static String utf8(byte[] plainName) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plainName)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
