package io.revcrypt.sync.session;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import io.revcrypt.sync.decode.RsyncLineParser;
import java.util.function.Consumer;

/**
 * Where one decoded rsync stream goes: to the person (a terminal gets rsync's live progress line;
 * anything else gets a plain progress line every {@code progressEvery}), and line by line to the
 * run log. Also hands every complete line to an observer (for the summary).
 */
public final class OutputSink extends OutputStream {

    private final PrintStream screen;
    private final boolean terminal;
    private final RunLog log;
    private final Consumer<String> observer;
    private final long progressEveryNanos;
    private static final String CLEAR_TO_END = "\033[K";

    private final ByteArrayOutputStream segment = new ByteArrayOutputStream(256);
    private final StringBuilder unshownLines = new StringBuilder();
    private String lastProgress;
    private long lastProgressShown = System.nanoTime();

    public OutputSink(PrintStream screen, boolean terminal, RunLog log, Consumer<String> observer,
                      java.time.Duration progressEvery) {
        this.screen = screen;
        this.terminal = terminal;
        this.log = log;
        this.observer = observer;
        this.progressEveryNanos = progressEvery.toNanos();
    }

    @Override
    public synchronized void write(int b) {
        if (b != '\n' && b != '\r') {
            segment.write(b);
            return;
        }
        String text = text();
        if (text.isBlank()) {
            return;
        }
        // rsync ends a progress update with \r, and with \n before other output; either way it is progress
        if (b == '\r' || RsyncLineParser.isProgressUpdate(text)) {
            progress(text.strip());
        } else {
            line(text);
        }
    }

    private void progress(String text) {
        lastProgress = text;
        if (terminal) {
            screen.print("\r" + text + CLEAR_TO_END);
            screen.flush();
        } else if (System.nanoTime() - lastProgressShown >= progressEveryNanos) {
            showProgressLine();
        }
    }

    private void line(String text) {
        if (terminal) {
            if (lastProgress != null) {
                screen.print("\r" + CLEAR_TO_END);
            }
            screen.print(text + "\n");
            if (lastProgress != null) {
                // keep the live progress line below the items
                screen.print(lastProgress + "\r");
            }
            screen.flush();
        } else {
            // off a terminal, the lines of one read of rsync's output go out together at flush()
            unshownLines.append(text).append('\n');
        }
        log.lineBuffered(text);
        observer.accept(text);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void flush() {
        showLines();
        screen.flush();
        log.flush();
    }

    private void showLines() {
        if (unshownLines.length() > 0) {
            screen.print(unshownLines);
            unshownLines.setLength(0);
        }
    }

    /** Prints whatever is pending and, off a terminal, the last progress state. */
    @Override
    public synchronized void close() {
        if (segment.size() > 0) {
            write('\n');
        }
        showLines();
        if (lastProgress != null) {
            if (terminal) {
                screen.print("\r" + lastProgress + CLEAR_TO_END + "\n");
                log.line("progress: " + lastProgress);
            } else {
                showProgressLine();
            }
            lastProgress = null;
        }
        screen.flush();
        log.flush();
    }

    private void showProgressLine() {
        showLines();
        String line = "progress: " + lastProgress;
        screen.println(line);
        log.line(line);
        lastProgressShown = System.nanoTime();
    }

    private String text() {
        String s = segment.toString(StandardCharsets.UTF_8);
        segment.reset();
        return s;
    }
}
