package io.revcrypt.sync.run;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.Units;
import io.revcrypt.sync.decode.DecodeSummary;
import io.revcrypt.sync.decode.PathDecoder;
import io.revcrypt.sync.decode.PathDecoding;
import io.revcrypt.sync.session.RunLog;
import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.transport.RsyncExit;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
/**
 * What a finished run amounts to (the README's exit code table): rsync's exit code and the
 * decoder's counts become the exit code, the summary line and the problems named, and what a
 * person must know at once (vanished files, unreadable ones, a destination that could not be
 * written, files that changed while they were read) is said on stderr as well. Kept apart from
 * {@link SyncRun}, which only orchestrates, so that each rule can be tested from its inputs.
 *
 * @param destination named in the summary of a full destination
 * @param dryRun      the counts say that nothing changed
 * @param err         where what a person must know at once is said
 */
record RunVerdict(Destination destination, boolean dryRun, PrintStream err) {

    /**
     * The outcome of rsync's exit code and what the decoder counted: exit code, summary, the
     * problems named; what a person must know now is said on stderr as well.
     *
     * @param bytesSent rsync's "sent N bytes", or -1 where it said none
     * @param totalSize rsync's "total size is N", or -1
     * @param destinationFull rsync said a write failed for want of space, in any pass
     */
    SyncOutcome of(int rsyncCode, DecodeSummary.Snapshot s, long deletedSinceBase, long bytesSent, long totalSize,
                   boolean destinationFull) {
        String counts = s.created() + " created, " + s.changed() + " changed, " + deletedSinceBase + " deleted"
                + (bytesSent >= 0 ? ", " + Units.bytes(bytesSent) + " sent" : "")
                + (totalSize >= 0 ? " (source " + Units.bytes(totalSize) + ")" : "")
                + (dryRun ? " [dry run: nothing changed]" : "");
        List<String> problems = new ArrayList<>();
        s.errorPaths().paths().stream().limit(20).forEach(problems::add);
        s.vanishedPaths().paths().stream().limit(20 - problems.size()).forEach(p -> problems.add(p + " (vanished)"));
        int code;
        String line;
        switch (rsyncCode) {
            case RsyncExit.OK -> {
                code = ExitCode.OK;
                line = "done: " + counts;
            }
            case RsyncExit.VANISHED -> {
                err.println("revcrypt: warning: " + s.vanishedPaths().total()
                        + " file(s) vanished during the run and were not copied: " + list(s.vanishedPaths()));
                code = ExitCode.OK;
                line = "done with a warning: " + counts + ", " + s.vanishedPaths().total() + " vanished";
            }
            case RsyncExit.PARTIAL -> {
                if (s.destinationErrorPaths().total() > 0) {
                    err.println("revcrypt: " + s.destinationErrorPaths().total() + " path(s) could not be written on the "
                            + "destination: " + list(s.destinationErrorPaths()));
                    code = ExitCode.FAILED;
                    line = "failed: " + (destinationFull ? NoSpace.onDestination(destination)
                            : "the destination could not be written") + " (rsync exit 23); " + counts;
                    break;
                }
                long n = Math.max(s.errorPaths().total(), 1);
                err.println("revcrypt: " + s.errorPaths().total() + " file(s) could not be read and were not copied: "
                        + list(s.errorPaths()));
                code = ExitCode.PARTIAL;
                line = "partial: " + counts + ", " + n + " not copied";
            }
            default -> {
                String why = destinationFull ? NoSpace.onDestination(destination) + "; nothing was published"
                        : RsyncExit.describe(rsyncCode);
                err.println("revcrypt: " + why + " (rsync exit code " + rsyncCode + ")");
                code = ExitCode.FAILED;
                line = "failed: " + why + " (rsync exit " + rsyncCode + "); " + counts;
            }
        }
        if (s.incompleteDirectories().total() > 0 && code != ExitCode.FAILED && !dryRun) {
            // rsync calls a vanished entry a warning; a directory of the copy without its IV is not readable
            err.println("revcrypt: " + s.incompleteDirectories().total() + " directory(ies) vanished while they were "
                    + "copied and their copy has no gocryptfs.diriv (or a long name lost its .name file); the next run "
                    + "copies or removes them: " + list(s.incompleteDirectories()));
            s.incompleteDirectories().paths().stream().limit(20).forEach(p -> problems.add(0, p + " (incomplete: vanished)"));
            if (code == ExitCode.OK) {
                code = ExitCode.PARTIAL;
                line = "partial: " + counts + ", " + s.incompleteDirectories().total() + " incomplete (vanished)";
            }
        }
        return new SyncOutcome(code, line, s.created(), s.changed(), deletedSinceBase, s.errorPaths().total(),
                Math.max(bytesSent, 0), problems, null, null);
    }

    /**
     * Files that changed every time they were read (design §6): their copies may mix versions, so a
     * run that was otherwise ok is partial (exit 3), and each is named, in plaintext, in the output,
     * the log, the summary's problems and so in {@code status} and the notify report.
     */
    SyncOutcome withChangedWhileRead(SyncOutcome outcome, CopyAgain.Result again, PathDecoder paths,
                                             Path source, RunLog log) {
        if (again.stillChanging().isEmpty()) {
            return outcome;
        }
        List<String> names = new ArrayList<>();
        for (String cipherPath : again.stillChanging()) {
            PathDecoding d = paths.decode(cipherPath.getBytes(StandardCharsets.UTF_8));
            names.add(d instanceof PathDecoding.Decoded decoded ? source + "/" + decoded.display()
                    : cipherPath + " (encrypted name)");
        }
        String note = names.size() + " file(s) changed while they were read, in each of " + (again.passes() + 1)
                + " copies; their copies in this backup may mix old and new contents, the next run copies them again: "
                + String.join(", ", names.subList(0, Math.min(20, names.size())))
                + (names.size() > 20 ? ", … (" + names.size() + " in all, see the log)" : "");
        err.println("revcrypt: " + note);
        log.line(note);
        names.forEach(n -> log.line("changed while it was read: " + n));
        List<String> problems = new ArrayList<>(outcome.problems());
        names.stream().limit(Math.max(0, 20 - problems.size())).forEach(n -> problems.add(n + " (changed while it was read)"));
        int code = outcome.exitCode() == ExitCode.OK ? ExitCode.PARTIAL : outcome.exitCode();
        String summary = outcome.summary().replaceFirst("^done(?: with a warning)?: ", "partial: ")
                + ", " + names.size() + " changed while read";
        return new SyncOutcome(code, summary, outcome.created(), outcome.changed(), outcome.deleted(),
                outcome.notCopied() + names.size(), outcome.bytesSent(), problems, outcome.snapshot(), outcome.log());
    }

    private static String list(DecodeSummary.PathList paths) {
        List<String> shown = paths.paths().subList(0, (int) Math.min(20, paths.paths().size()));
        return String.join(", ", shown) + (paths.total() > shown.size() ? ", … (" + paths.total() + " in all, see the log)" : "");
    }
}
