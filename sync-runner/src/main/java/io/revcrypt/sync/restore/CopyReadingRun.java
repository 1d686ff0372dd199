package io.revcrypt.sync.restore;

import io.revcrypt.sync.copy.CopySession;
import io.revcrypt.sync.copy.FilePool;
import io.revcrypt.sync.copy.Progress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What a command that reads a whole copy ({@code restore}, {@code verify}) is given besides its
 * own arguments: the copy, where its progress and problems go, how many file workers it uses.
 * The command itself is the subclass; the setters return it, so a caller chains them.
 *
 * @param <R> the command's own run, returned by the setters
 */
public abstract class CopyReadingRun<R extends CopyReadingRun<R>> {

    protected final CopySession.Settings copy;
    private final PrintStream err;
    private final PrintStream out;
    private final boolean terminal;
    protected int threads = FilePool.defaultThreads();
    private Duration plainProgressEvery = Duration.ofSeconds(30);
    private Consumer<Report.Problem> problemListener = problem -> { };

    protected CopyReadingRun(CopySession.Settings copy, PrintStream out, PrintStream err, boolean terminal) {
        this.copy = copy;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** This run, for the setters. */
    protected abstract R self();

    /** File workers (0: the walking thread does each file's work). */
    public R threads(int n) {
        this.threads = n;
        return self();
    }

    /** How often a display that is not a terminal gets a progress line. */
    public R plainProgressEvery(Duration every) {
        this.plainProgressEvery = every;
        return self();
    }

    /** Each problem, as it is found, also goes to {@code listener}. */
    public R onProblem(Consumer<Report.Problem> listener) {
        this.problemListener = listener;
        return self();
    }

    /** The progress display of this run; {@code verb} names what is done ("restored", "verified"). */
    protected Progress progress(String verb) {
        return new Progress(out, terminal, verb, plainProgressEvery);
    }

    /** Warns, before the first entry, that the copy is a snapshot whose run did not finish. */
    protected void warnIfUnfinished(CopySession session, Progress progress) {
        session.unfinishedSnapshot().ifPresent(w -> progress.println(err, "revcrypt: warning: " + w));
    }

    /** Where this run's problems are printed and counted. */
    protected Report report(Progress progress) {
        return new Report(err, progress).onProblem(problemListener);
    }
}
