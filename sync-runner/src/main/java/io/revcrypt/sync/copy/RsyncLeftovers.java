package io.revcrypt.sync.copy;

import io.revcrypt.sync.transport.RsyncInvocation;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an interrupted rsync leaves in a copy: its {@code --delay-updates} staging directory
 * {@code .~tmp~} (the mirror's changed files, waiting to be renamed in at the end) and its
 * temporary files {@code .NAME.XXXXXX} (a file it was writing). They are rsync's, not part of the
 * copy: the next sync finishes or removes them. No gocryptfs name starts with a dot (encrypted
 * names are base64url, the format's own files start with {@code gocryptfs.}), so a name that does
 * is never mistaken for a damaged one of the copy.
 */
public final class RsyncLeftovers {

    /** rsync's --delay-updates staging directory, in every directory it updated. */
    public static final String DELAY_UPDATES_DIR = ".~tmp~";

    /**
     * A sync's lock file at the top of a mirror ({@code .revcrypt-lock.<startms>.<pid>.<nonce>.<host>},
     * see the runner's LockAtDestination): there while a sync runs, and after one was killed.
     */
    public static final String SYNC_LOCK_PREFIX = RsyncInvocation.LOCK_FILE_PREFIX;

    /** {@code .} + the file's name (shortened to fit) + {@code .} + mkstemp's six characters. */
    private static final Pattern TEMP_FILE = Pattern.compile("\\..+\\.[A-Za-z0-9]{6}");

    private RsyncLeftovers() {
    }

    /**
     * What the entry at {@code cipherPath} is if an interrupted rsync left it, in words for the
     * person; empty for anything else.
     */
    public static Optional<String> describe(String cipherPath) {
        if (cipherPath == null) {
            return Optional.empty();
        }
        String name = cipherPath.substring(cipherPath.lastIndexOf('/') + 1);
        if (name.equals(DELAY_UPDATES_DIR)) {
            return Optional.of("rsync's staging directory (--delay-updates) left by an interrupted sync; not part of "
                    + "the copy, the next sync empties and removes it");
        }
        if (name.startsWith(SYNC_LOCK_PREFIX)) {
            return Optional.of("the lock file of a revcrypt sync to this copy (one running now, or one that was killed: "
                    + "the next sync removes it when stale); not part of the copy");
        }
        if (TEMP_FILE.matcher(name).matches()) {
            return Optional.of("a temporary file left by an interrupted rsync; not part of the copy, the next sync "
                    + "removes it");
        }
        return Optional.empty();
    }
}
