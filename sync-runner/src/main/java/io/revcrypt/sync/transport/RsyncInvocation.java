package io.revcrypt.sync.transport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every rsync command line of revcrypt, and only here: always an argv (never a shell string).
 * The sync has the defaults of design §6; the others are short calls (listings, small fetches,
 * the lock files, a restore's fetch, verify's comparison), each a factory that says why it has
 * its options. A remote end is reached with {@code --rsh} (see {@link SshTransport#rsyncShell});
 * null means local. The output format of the runs whose lines are decoded is pinned so the
 * decoder can split a line at its first TAB: {@code %i} (the item flags), TAB, {@code %n%L}
 * (the name and a symlink's target).
 */
public final class RsyncInvocation {

    public static final String OUT_FORMAT = "%i\t%n%L";

    /**
     * How the lock files a run puts at the top of DEST are named (run.LockAtDestination): every
     * rsync that writes or lists there must know them, and transport sits below the lock.
     */
    public static final String LOCK_FILE_PREFIX = ".revcrypt-lock.";

    private static final String RSYNC = "rsync";

    private RsyncInvocation() {
    }

    /**
     * The run's own rsync, from the view to the destination.
     *
     * @param sshShell  the {@code -e} command for a remote destination, or null
     * @param linkDests {@code --link-dest} directories (relative to the target, as rsync takes them)
     * @param extra     the person's own rsync arguments, last so they can override ours
     * @param live      someone watches a terminal: every line as soon as rsync has it. Otherwise
     *                  rsync's default block buffering: a line per write costs more than the
     *                  copy of a small file, and a log loses nothing by getting them in chunks
     */
    public static List<String> build(String source, String target, String sshShell, boolean dryRun,
                                     List<String> linkDests, boolean delayUpdates, List<String> extra, boolean live) {
        List<String> argv = new ArrayList<>(List.of(RSYNC,
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
        addShell(argv, sshShell);
        if (dryRun) {
            argv.add("--dry-run");
        }
        argv.addAll(extra);
        argv.add(source);
        argv.add(target);
        return argv;
    }

    /**
     * A pass that copies again the files of {@code filesFrom} (cipher paths, one a line) that
     * changed while the run's rsync read them: the run's own argv without its deletions (they
     * were the run's, and rsync refuses {@code --delete} without recursion, which
     * {@code --files-from} turns off) or its line buffering (nobody watches this pass), and with
     * {@code --ignore-times}: the copy made may have the very size and time rsync was told.
     */
    public static List<String> copyAgain(List<String> runArgv, Path filesFrom) {
        List<String> argv = new ArrayList<>(runArgv.size() + 2);
        for (int i = 0; i < runArgv.size() - 2; i++) {
            String a = runArgv.get(i);
            if (a.equals("--delete") || a.startsWith("--delete-") || a.equals("--outbuf=L")) {
                continue;
            }
            argv.add(a);
        }
        argv.add("--files-from=" + filesFrom);
        argv.add("--ignore-times");
        argv.add(runArgv.get(runArgv.size() - 2));
        argv.add(runArgv.get(runArgv.size() - 1));
        return argv;
    }

    /**
     * {@code verify --against}: what would change if the view were synced to the copy, without
     * changing anything ({@code --dry-run}). {@code --checksum} because the ciphertext is
     * deterministic, so content that differs shows up even with the same size and time;
     * {@code --delete} to list what only the copy has; specials and devices as the sync skips them;
     * the sync's pinned output format, so the same decoder reads the lines.
     */
    public static List<String> compareAgainst(String source, String copy, String sshShell) {
        List<String> argv = new ArrayList<>(List.of(RSYNC, "--archive", "--checksum", "--dry-run",
                "--itemize-changes", "--out-format=" + OUT_FORMAT, "--delete", "--no-specials", "--no-devices"));
        addShell(argv, sshShell);
        argv.add(source);
        argv.add(copy);
        return argv;
    }

    /**
     * A restore's fetch (or, with {@code --dry-run} among {@code options}, its listing) of a copy:
     * {@code --archive} with {@code --numeric-ids}, because the owners are the copy's, not names
     * on this machine; {@code --no-inc-recursive}: the whole file list of a batch is built before
     * anything is fetched, as the fetcher's listings expect.
     * The caller's {@code options} (its file list and output format) come before source and target.
     */
    public static List<String> fetch(String sshShell, List<String> options, String source, String target) {
        List<String> argv = new ArrayList<>(List.of(RSYNC, "--archive", "--numeric-ids", "--no-inc-recursive"));
        addShell(argv, sshShell);
        argv.addAll(options);
        argv.add(source);
        argv.add(target);
        return argv;
    }

    /**
     * The names in a remote directory, for the destination check and the snapshot store:
     * {@code --list-only} lists without copying; {@code --links} shows a symlink as a link (with
     * its target) instead of what it points to, so {@code latest} reads as the link it is.
     */
    public static List<String> listing(String sshShell, String directoryOrFile) {
        return List.of(RSYNC, "--list-only", "--links", "--rsh=" + sshShell, directoryOrFile);
    }

    /**
     * The lock files ({@link #LOCK_FILE_PREFIX}) in a remote directory: the filters keep rsync
     * from listing anything else, however big the directory.
     */
    public static List<String> lockFiles(String sshShell, String directory) {
        return List.of(RSYNC, "--list-only", "--rsh=" + sshShell,
                "--filter=+ /" + LOCK_FILE_PREFIX + "*", "--filter=- *", directory);
    }

    /**
     * A small file of the remote destination (a config, a record), fetched whole into
     * {@code localTarget}; {@code --max-size} so that something far bigger than expected is not
     * fetched at all (rsync then skips it and the caller finds no file).
     */
    public static List<String> fetchSmallFile(String sshShell, String remoteFile, String localTarget, int maxBytes) {
        return List.of(RSYNC, "--max-size=" + maxBytes, "--rsh=" + sshShell, remoteFile, localTarget);
    }

    /**
     * Uploads a staging directory into the top of a remote destination, making any directory on
     * the way ({@code --recursive}); {@code --ignore-times} because a refreshed lock file may have
     * the same size and second as the one there.
     */
    public static List<String> upload(String sshShell, String stagingDir, String destination) {
        return List.of(RSYNC, "--recursive", "--ignore-times", "--rsh=" + sshShell, stagingDir, destination);
    }

    /**
     * Deletes one file at the top of a remote directory, which rsync alone can do only by
     * syncing an empty directory over it: {@code --delete} with filters that let it see that one
     * name and nothing else.
     */
    public static List<String> deleteOne(String sshShell, String fileName, String emptyDir, String directory) {
        return List.of(RSYNC, "--recursive", "--delete", "--rsh=" + sshShell,
                "--filter=+ /" + fileName, "--filter=- *", emptyDir, directory);
    }

    /**
     * A short rsync of the remote snapshot store (its records, {@code latest}, deleting
     * snapshots): the store's own {@code options} decide what it reads or writes, since over
     * rsync alone every file operation is a small transfer of its own.
     */
    public static List<String> overSsh(String sshShell, List<String> options) {
        List<String> argv = new ArrayList<>(List.of(RSYNC, "--rsh=" + sshShell));
        argv.addAll(options);
        return argv;
    }

    /**
     * The dry run that counts a snapshot's deletions since its base: rsync wrote into a fresh
     * directory and deleted nothing there, so what {@code --delete} would remove from the base is
     * what this run deleted. {@code --existing --ignore-existing} skip every file (nothing is
     * compared or sent); only the deletions are itemized, in the decoder's format.
     *
     * @param sshShell the {@code -e} command for a remote destination, or null
     */
    public static List<String> deletionsSinceBase(String source, String base, String sshShell) {
        List<String> argv = new ArrayList<>(List.of(RSYNC, "--recursive", "--dry-run", "--delete",
                "--existing", "--ignore-existing", "--no-specials", "--no-devices", "--itemize-changes",
                "--out-format=" + OUT_FORMAT));
        addShell(argv, sshShell);
        argv.add(source);
        argv.add(base);
        return argv;
    }

    private static void addShell(List<String> argv, String sshShell) {
        if (sshShell != null) {
            argv.add("--rsh=" + sshShell);
        }
    }
}
