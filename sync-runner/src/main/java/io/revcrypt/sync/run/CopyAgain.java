package io.revcrypt.sync.run;

import io.revcrypt.sync.session.RunLog;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The files the mount saw written while rsync read them (design §6): their copies may hold blocks
 * of two versions, or a block that does not authenticate. They are copied again, alone, by
 * further rsync passes — up to {@link #TRIES}, each after the kernel's attribute cache has let go
 * of what the last pass saw and its page cache of those files is dropped ({@link ViewPages}) —
 * until a pass reads them unchanged. What still changed in the last
 * pass is the run's to report: exit 3, each file named ("changed while it was read"), as Borg does.
 * The check itself costs one {@code statx} per read in the mount and nothing here when no file changed.
 *
 * @param report  what the mount reported written while read
 * @param workDir where the list of files for a pass is written
 * @param log     the run's log
 * @param pages   the kernel's cached pages of the view's files
 */
record CopyAgain(ChangedWhileRead report, Path workDir, RunLog log, ViewPages pages) {

    static final int TRIES = 3;
    /** A little over the kernel's attribute timeout (1 s), so rsync's next lstat sees the file as it is now. */
    private static final Duration SETTLE = Duration.ofMillis(1100);

    /** One rsync pass over just the files listed (cipher paths, one a line) in {@code filesFrom}; its exit code. */
    @FunctionalInterface
    interface Pass {
        int copy(Path filesFrom) throws IOException;
    }

    /**
     * @param stillChanging cipher paths that changed during every pass, the last included (empty: all repaired)
     * @param copiedAgain   how many distinct files were copied again
     * @param passes        the passes made after the run's own
     */
    record Result(Set<String> stillChanging, int copiedAgain, int passes) {
        static final Result NONE = new Result(Set.of(), 0, 0);
    }

    /** Copies again what changed while read after {@code mark} (where the report stood when the run's rsync began). */
    Result repair(long mark, Pass pass) throws IOException {
        Set<String> changed = report.since(mark);
        if (changed.isEmpty()) {
            return Result.NONE;
        }
        Set<String> everCopiedAgain = new HashSet<>();
        int passes = 0;
        while (!changed.isEmpty() && passes < TRIES) {
            passes++;
            log.line(changed.size() + " file(s) changed while rsync read them; copying them again (pass " + passes
                    + " of " + TRIES + ")");
            everCopiedAgain.addAll(changed);
            sleep(SETTLE);
            pages.drop(changed);
            Path list = workDir.resolve("copy-again-" + passes + ".list");
            Files.write(list, (String.join("\n", changed) + "\n").getBytes(StandardCharsets.UTF_8));
            long passMark = report.mark();
            int code = pass.copy(list);
            log.line("copy-again pass " + passes + ": rsync exited with " + code);
            Set<String> again = report.since(passMark);
            again.retainAll(changed); // a file first read in this pass is not one rsync was asked for
            changed = again;
            Files.deleteIfExists(list);
        }
        return new Result(Set.copyOf(changed), everCopiedAgain.size(), passes);
    }

    private static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }
}
