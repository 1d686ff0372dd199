package io.revcrypt.sync.restore;

import io.revcrypt.core.view.PlainPath;
import io.revcrypt.sync.copy.Progress;
import io.revcrypt.sync.decode.RsyncEscapes;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The problems of one restore or verify: printed as they are found, one line each, with the
 * plaintext path where it is known (escaped the way rsync prints names, so one problem is one
 * line) and the cipher path; counted for the summary and the exit code. Thread-safe.
 */
public final class Report {

    /** What kind of problem; the label starts the printed line. */
    public enum Kind {
        DAMAGED("damaged"),
        NAME("undecryptable name"),
        METADATA("damaged metadata"),
        EXISTS("not restored, already exists"),
        MISSING("not in the copy"),
        ERROR("error");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One problem as it was printed. */
    public record Problem(Kind kind, String plainPath, String cipherPath, String message) {
    }

    /** Problems kept in memory for {@link #problems()}; beyond that only counted. */
    static final int KEPT = 10_000;

    private final PrintStream err;
    private final Progress progress;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<Kind, Long> counts = new EnumMap<>(Kind.class);
    private volatile Consumer<Problem> listener = problem -> { };

    public Report(PrintStream err, Progress progress) {
        this.err = err;
        this.progress = progress;
    }

    /**
     * @param plainPath  the plaintext path, or null if it cannot be known
     * @param cipherPath the path in the copy, or null
     */
    public void add(Kind kind, PlainPath plainPath, String cipherPath, String message) {
        String plain = plainPath == null ? null : show(plainPath);
        StringBuilder line = new StringBuilder("revcrypt: ").append(kind.label()).append(": ");
        if (plain != null) {
            line.append(plain);
            if (cipherPath != null && (kind == Kind.DAMAGED || kind == Kind.METADATA)) {
                line.append(" (in the copy: ").append(cipherPath.isEmpty() ? "./" : cipherPath).append(')');
            }
        } else {
            line.append("cipher path ").append(cipherPath == null || cipherPath.isEmpty() ? "./" : cipherPath);
        }
        line.append(": ").append(message);
        synchronized (this) {
            counts.merge(kind, 1L, Long::sum);
            if (problems.size() < KEPT) {
                problems.add(new Problem(kind, plain, cipherPath, message));
            }
        }
        progress.println(err, line.toString());
        listener.accept(new Problem(kind, plain, cipherPath, message));
    }

    /** Also hands each problem, as it is found, to {@code listener} (machine-readable output). */
    public Report onProblem(Consumer<Problem> listener) {
        this.listener = listener;
        return this;
    }

    /** A note that is not a problem (does not change the exit code). */
    public void note(String text) {
        progress.println(err, "revcrypt: " + text);
    }

    public synchronized long count() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public synchronized long count(Kind kind) {
        return counts.getOrDefault(kind, 0L);
    }

    public synchronized List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** "2 damaged, 1 not restored, already exists". */
    public synchronized String describeCounts() {
        List<String> parts = new ArrayList<>();
        counts.forEach((k, n) -> parts.add(n + " " + k.label()));
        return String.join(", ", parts);
    }

    /** The end of a restore's or verify's summary line: "; 2 problems (2 damaged), listed above", or empty when clean. */
    public synchronized String summaryTail() {
        long n = count();
        if (n == 0) {
            return "";
        }
        return "; " + n + (n == 1 ? " problem (" : " problems (") + describeCounts() + "), listed above";
    }

    /** A plaintext path for a person: rsync's escaping, "./" for the top. */
    public static String show(PlainPath path) {
        return path.isRoot() ? "./" : RsyncEscapes.escape(path.toBytes());
    }
}
