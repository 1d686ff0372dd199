package io.revcrypt.sync.session;

import io.revcrypt.sync.decode.DecodedEvent;
import io.revcrypt.sync.decode.DecodedOutput;
import io.revcrypt.sync.decode.RsyncEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Where one decoded rsync stream goes: to the person (a terminal gets rsync's live progress line;
 * anything else gets a plain progress line every {@code progressEvery}), and line by line to the
 * run log. Also hands every complete line, as its typed event, to an observer (for the summary
 * and the counts). Progress and lines are told apart by the event's type, not by its text.
 */
public final class OutputSink implements DecodedOutput, AutoCloseable {

    private static final String CLEAR_TO_END = "\033[K";

    private final PrintStream screen;
    private final boolean terminal;
    private final RunLog log;
    private final Consumer<DecodedEvent> observer;
    private final long progressEveryNanos;
    /** Lines that only go to the log (DEST's bookkeeping, see {@link CreatedTargetLine}). */
    private Predicate<DecodedEvent> logOnly = event -> false;

    /** The pieces of a segment whose terminator has not come yet (rarely any: see DecodedOutput.NO_TERMINATOR). */
    private final StringBuilder pieces = new StringBuilder();
    /** The one piece with text among them, or null if none or several. */
    private DecodedEvent onlyPiece;
    private int piecesWithText;
    private final StringBuilder unshownLines = new StringBuilder();
    private String lastProgress;
    private long lastProgressShown = System.nanoTime();

    public OutputSink(PrintStream screen, boolean terminal, RunLog log, Consumer<DecodedEvent> observer,
                      Duration progressEvery) {
        this.screen = screen;
        this.terminal = terminal;
        this.log = log;
        this.observer = observer;
        this.progressEveryNanos = progressEvery.toNanos();
    }

    /** Lines that {@code logOnly} accepts are written to the log only: not shown, not observed. */
    public OutputSink logOnly(Predicate<DecodedEvent> logOnly) {
        this.logOnly = logOnly;
        return this;
    }

    @Override
    public synchronized void accept(DecodedEvent segment, int terminator) {
        if (terminator == NO_TERMINATOR) {
            addPiece(segment);
            return;
        }
        DecodedEvent whole = segment;
        if (piecesWithText > 0) {
            addPiece(segment);
            whole = piecesWithText == 1 ? onlyPiece
                    : new DecodedEvent(new RsyncEvent.Other(pieces.toString()), pieces.toString());
            clearPieces();
        } else if (pieces.length() > 0) {
            clearPieces(); // pieces without text (empty segments) add nothing
        }
        String text = whole.text();
        if (text.isBlank()) {
            return;
        }
        // rsync ends a progress update with \r, and with \n before other output; either way it is progress
        if (terminator == '\r' || whole.isProgressUpdate()) {
            progress(text.strip());
        } else {
            line(whole);
        }
    }

    private void addPiece(DecodedEvent piece) {
        if (!piece.text().isEmpty()) {
            piecesWithText++;
            onlyPiece = piecesWithText == 1 ? piece : null;
        }
        pieces.append(piece.text());
    }

    private void clearPieces() {
        pieces.setLength(0);
        onlyPiece = null;
        piecesWithText = 0;
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

    private void line(DecodedEvent event) {
        String text = event.text();
        if (logOnly.test(event)) {
            log.lineBuffered(text);
            return;
        }
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
        observer.accept(event);
    }

    /** A stream that broke off: whatever of a segment came so far is ended as if by a line break. */
    public void endLine() {
        accept(DecodedEvent.EMPTY, '\n');
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
        if (pieces.length() > 0) {
            endLine();
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
}
