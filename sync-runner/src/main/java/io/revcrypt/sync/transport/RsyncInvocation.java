package io.revcrypt.sync.transport;

import java.util.ArrayList;
import java.util.List;

/**
 * rsync's command line for a run, always an argv (never a shell string), with the defaults of
 * design §6. The output format is pinned so the decoder can split a line at its first TAB:
 * {@code %i} (the item flags), TAB, {@code %n%L} (the name and a symlink's target).
 */
public final class RsyncInvocation {

    public static final String OUT_FORMAT = "%i\t%n%L";

    /**
     * How the lock files a run puts at the top of DEST are named (run.LockAtDestination): every
     * rsync that writes or lists there must know them, and transport sits below the lock.
     */
    public static final String LOCK_FILE_PREFIX = ".revcrypt-lock.";

    private RsyncInvocation() {
    }

    /**
     * @param sshShell  the {@code -e} command for a remote destination, or null
     * @param linkDests {@code --link-dest} directories (relative to the target, as rsync takes them)
     * @param extra     the person's own rsync arguments, last so they can override ours
     * @param live      someone watches a terminal: every line as soon as rsync has it. Otherwise
     *                  rsync's default block buffering: a line per write costs more than the
     *                  copy of a small file, and a log loses nothing by getting them in chunks
     */
    public static List<String> build(String source, String target, String sshShell, boolean dryRun,
                                     List<String> linkDests, boolean delayUpdates, List<String> extra, boolean live) {
        List<String> argv = new ArrayList<>(List.of("rsync",
                "--archive",
                "--delete",
                "--no-specials",
                "--no-devices",
                "--itemize-changes",
                "--out-format=" + OUT_FORMAT,
                "--info=progress2,stats1"));
        if (live) {
            argv.add("--outbuf=L");
        }
        // a run's lock file at the top of DEST (LockAtDestination) is neither deleted nor copied,
        // also not another machine's; anchored, so it matches only at the top of the transfer
        argv.add("--filter=P /" + LOCK_FILE_PREFIX + "*");
        argv.add("--exclude=/" + LOCK_FILE_PREFIX + "*");
        if (delayUpdates) {
            // a mirror: changed files are renamed into place together at the end, and deletions
            // wait until they are all in place. With --delete alone rsync deletes while it copies,
            // so a file moved in the source (a delete and a create of another ciphertext path)
            // would be gone from its old place before its new one is renamed in, and a kill in
            // between would leave it in neither. --delete-delay decides the deletions while it
            // copies (no second walk of DEST, unlike --delete-after) and makes them only after
            // the delayed renames.
            argv.add("--delay-updates");
            argv.add("--delete-delay");
        }
        for (String linkDest : linkDests) {
            argv.add("--link-dest=" + linkDest);
        }
        if (sshShell != null) {
            argv.add("--rsh=" + sshShell);
        }
        if (dryRun) {
            argv.add("--dry-run");
        }
        argv.addAll(extra);
        argv.add(source);
        argv.add(target);
        return argv;
    }
}
