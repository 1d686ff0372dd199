package io.revcrypt.sync.session;

import io.revcrypt.sync.common.IoReason;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The decoded transcript of one run, each line with a UTC timestamp; rsync's progress appears as a
 * plain line now and then instead of every update; the last line is the run's summary. Writing
 * never fails the run: a full disk loses log lines, not the backup.
 */
public final class RunLog implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RunLog.class.getName());

    private final Path file;
    private BufferedWriter out;
    private volatile Consumer<String> onLost = text -> { };
    private volatile String lost;

    private RunLog(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /** Where the one line goes that says the log stops (a full state dir): the person's stderr. */
    public RunLog onLost(Consumer<String> warn) {
        this.onLost = warn;
        return this;
    }

    /** Why the log stopped before the run ended, or null: for the status and the notify report. */
    public String lost() {
        return lost;
    }

    /** Appends to {@code file}, creating it (0600) and its directory. */
    public static RunLog open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        }
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), StandardCharsets.UTF_8));
        return new RunLog(file, w);
    }

    /** A log that keeps nothing. */
    public static RunLog none() {
        return new RunLog(null, null);
    }

    public Path file() {
        return file;
    }

    /** Appends a line and writes it out at once. */
    public synchronized void line(String text) {
        lineBuffered(text);
        flush();
    }

    /**
     * Appends a line that reaches the file with the next {@link #flush()} (or {@link #line}): for
     * rsync's transcript, written a read's worth at a time instead of one system call per line.
     */
    public synchronized void lineBuffered(String text) {
        if (out == null) {
            return;
        }
        try {
            out.write(Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
            out.write("  ");
            out.write(text);
            out.write('\n');
        } catch (IOException e) {
            stopLogging(e);
        }
    }

    public synchronized void flush() {
        if (out == null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            stopLogging(e);
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    /** A full disk loses log lines, not the backup; the person is told once, and the status says so. */
    private void stopLogging(IOException e) {
        lost = "cannot write the log " + file + " (" + IoReason.of(e)
                + "): the rest of this run's log is lost";
        closeQuietly(); // its flush fails again; the file is closed all the same
        onLost.accept(lost);
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing more to lose
            }
            out = null;
        }
    }

    /** Deletes the oldest {@code *.log} files of {@code dir} beyond {@code keep}. */
    public static void rotate(Path dir, int keep) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> logs = files.filter(p -> p.getFileName().toString().endsWith(".log"))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
            for (Path old : logs.subList(Math.min(keep, logs.size()), logs.size())) {
                Files.deleteIfExists(old);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot rotate logs in {0}: {1}", dir, e.getMessage());
        }
    }
}
