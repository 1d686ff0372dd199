package io.revcrypt.sync.restore;

import io.revcrypt.sync.copy.EntryCounts;
import io.revcrypt.core.view.PlainPath;
import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.copy.CopySession;
import io.revcrypt.sync.copy.Progress;
import io.revcrypt.sync.common.Units;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One {@code revcrypt restore}: open the copy (fetching a remote one piece by piece), decrypt
 * into DEST, and end with a summary and the exit code: 0 all restored, 3 partial (something was
 * damaged, already existed or is not in the copy; each is listed), 1 failed (the copy cannot be
 * reached), 2 usage or key problems.
 */
public final class RestoreRun extends CopyReadingRun<RestoreRun> {

    /**
     * How it ended: the exit code, the summary line, what was fetched from a remote copy, the
     * problems and the counts.
     *
     * @param bytes        plaintext bytes restored
     * @param fetchedBytes what was fetched from a remote copy, or -1 for a local one
     * @param problemCount all problems found ({@code problems} keeps the first of them)
     */
    public record Outcome(int exitCode, String summary, List<String> fetched, List<Report.Problem> problems,
                          EntryCounts counts, long bytes, long fetchedBytes, long problemCount) {
    }

    private final Path dest;
    private final List<PlainPath> selections;
    private final boolean force;

    public RestoreRun(CopySession.Settings copy, Path dest, List<PlainPath> selections, boolean force, PrintStream out,
                      PrintStream err, boolean terminal) {
        super(copy, out, err, terminal);
        this.dest = dest.toAbsolutePath().normalize();
        this.selections = List.copyOf(selections);
        this.force = force;
    }

    @Override
    protected RestoreRun self() {
        return this;
    }

    /** Runs; {@code password} is asked only if the config needs one. */
    public Outcome run(Supplier<byte[]> password) throws IOException {
        Progress progress = progress("restored");
        Report report = report(progress);
        long started = System.nanoTime();
        List<String> fetched = new ArrayList<>();
        try (CopySession session = CopySession.open(copy, password, progress)) {
            warnIfUnfinished(session, progress);
            if (!session.remote() && isInside(dest, session.tree().root().toAbsolutePath().normalize())) {
                throw UserException.usage("the destination " + dest + " is inside the copy; restore somewhere else");
            }
            progress.start();
            try (Restorer restorer = new Restorer(dest, session.decryptor(), report, progress, force, threads)) {
                Thread hook = new Thread(restorer::abort, "restore-abort");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    session.reader().read(selections, restorer);
                    restorer.finish();
                } catch (IOException e) {
                    restorer.awaitFiles();
                    progress.close();
                    throw session.readFailed(e, " (" + restorer.counts().files() + " files were restored before)");
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook runs
                    }
                }
                progress.close();
                if (restorer.staleTemporariesRemoved() > 0) {
                    report.note("removed " + restorer.staleTemporariesRemoved() + " temporary file(s) (.revcrypt-PID-N.tmp) "
                            + "left in " + dest + " by an earlier restore that was killed");
                }
                fetched.addAll(session.fetched());
                String summary = summary(restorer, session, report, progress.bytes(), System.nanoTime() - started);
                int code = report.count() > 0 ? ExitCode.PARTIAL : ExitCode.OK;
                return new Outcome(code, summary, fetched, report.problems(), restorer.counts(), progress.bytes(),
                        session.remote() ? session.fetchedBytes() : -1, report.count());
            }
        } finally {
            progress.close();
        }
    }

    private String summary(Restorer restorer, CopySession session, Report report, long bytes, long nanos) {
        EntryCounts r = restorer.counts();
        StringBuilder sb = new StringBuilder(report.count() == 0 ? "done: " : "partial: ");
        sb.append("restored ").append(r.files()).append(r.files() == 1 ? " file" : " files");
        List<String> more = new ArrayList<>();
        if (r.directories() > 0) {
            more.add(r.directories() + (r.directories() == 1 ? " directory" : " directories"));
        }
        if (r.symlinks() > 0) {
            more.add(r.symlinks() + (r.symlinks() == 1 ? " symlink" : " symlinks"));
        }
        if (r.specialFiles() > 0) {
            more.add(r.specialFiles() + (r.specialFiles() == 1 ? " special file" : " special files"));
        }
        for (String m : more) {
            sb.append(", ").append(m);
        }
        sb.append(", ").append(Progress.amount(bytes, nanos));
        if (session.remote()) {
            sb.append("; fetched ").append(session.fetched().size()).append(" entries, ")
                    .append(Units.bytes(session.fetchedBytes()));
        }
        sb.append(report.summaryTail());
        return sb.toString();
    }

    static boolean isInside(Path p, Path dir) {
        return p.startsWith(dir);
    }
}
