package io.revcrypt.sync.verify;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.copy.CopySession;
import io.revcrypt.sync.copy.EntryCounts;
import io.revcrypt.sync.copy.Progress;
import io.revcrypt.sync.restore.CopyReadingRun;
import io.revcrypt.sync.restore.Report;
import io.revcrypt.sync.common.Units;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One {@code revcrypt verify COPY}: every name and every block of the copy decrypted, nothing
 * written but (for a remote copy) the staged batch being checked, deleted as it goes. Exit 0
 * clean, 3 problems found (each listed), 1 the copy cannot be reached, 2 usage or key problems.
 */
public final class VerifyRun extends CopyReadingRun<VerifyRun> {

    /**
     * How it ended.
     *
     * @param bytes        plaintext bytes checked
     * @param fetchedBytes what was fetched from a remote copy, or -1 for a local one
     * @param problemCount all problems found ({@code problems} keeps the first of them)
     */
    public record Outcome(int exitCode, String summary, List<Report.Problem> problems, List<String> fetched,
                          EntryCounts counts, long bytes, long fetchedBytes, long problemCount) {
    }

    public VerifyRun(CopySession.Settings copy, PrintStream out, PrintStream err, boolean terminal) {
        super(copy, out, err, terminal);
    }

    @Override
    protected VerifyRun self() {
        return this;
    }

    public Outcome run(Supplier<byte[]> password) throws IOException {
        Progress progress = progress("verified");
        Report report = report(progress);
        long started = System.nanoTime();
        try (CopySession session = CopySession.open(copy, password, progress);
             Verifier verifier = new Verifier(session.decryptor(), report, progress, threads)) {
            warnIfUnfinished(session, progress);
            progress.start();
            try {
                session.reader().read(List.of(), verifier);
                verifier.awaitFiles();
            } catch (IOException e) {
                verifier.awaitFiles();
                progress.close();
                throw session.readFailed(e, "");
            }
            progress.close();
            if (!session.hasConfig() && copy.config() == null) {
                report.note("note: the copy has no gocryptfs.conf");
            } else if (!session.hasConfig()) {
                report.note("note: the copy has no gocryptfs.conf of its own; stock gocryptfs needs -config to mount it");
            }
            StringBuilder sb = new StringBuilder(report.count() == 0 ? "clean: " : "problems found: ");
            sb.append("verified ").append(verifier.counts().files()).append(verifier.counts().files() == 1 ? " file" : " files");
            List<String> more = new ArrayList<>();
            more.add(verifier.counts().directories() + (verifier.counts().directories() == 1 ? " directory" : " directories"));
            if (verifier.counts().symlinks() > 0) {
                more.add(verifier.counts().symlinks() + (verifier.counts().symlinks() == 1 ? " symlink" : " symlinks"));
            }
            if (verifier.counts().specialFiles() > 0) {
                more.add(verifier.counts().specialFiles() + " special");
            }
            if (verifier.rsyncLeftovers() > 0) {
                more.add(verifier.rsyncLeftovers() + " left by an interrupted rsync (not counted, see the notes)");
            }
            more.forEach(m -> sb.append(", ").append(m));
            sb.append(", ").append(Progress.amount(progress.bytes(), System.nanoTime() - started));
            if (session.remote()) {
                sb.append("; fetched ").append(Units.bytes(session.fetchedBytes())).append(" in batches");
            }
            sb.append(report.summaryTail());
            return new Outcome(report.count() > 0 ? ExitCode.PARTIAL : ExitCode.OK, sb.toString(), report.problems(),
                    session.fetched(), verifier.counts(), progress.bytes(), session.remote() ? session.fetchedBytes() : -1,
                    report.count());
        } finally {
            progress.close();
        }
    }
}
