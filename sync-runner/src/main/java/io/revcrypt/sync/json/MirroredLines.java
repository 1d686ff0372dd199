package io.revcrypt.sync.json;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A stream that prints everything to {@code target} as it comes and hands each complete line
 * (UTF-8, without its line break) to {@code lines} as well: with {@code --json}, revcrypt's own
 * messages stay on stderr for the person and become events on stdout for the script.
 */
public final class MirroredLines extends OutputStream {

    private final PrintStream target;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private MirroredLines(PrintStream target, Consumer<String> lines) {
        this.target = target;
        this.lines = lines;
    }

    /** A print stream over {@code target} whose lines also go to {@code lines}. */
    public static PrintStream of(PrintStream target, Consumer<String> lines) {
        return new PrintStream(new MirroredLines(target, lines), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        target.write(b);
        if (b == '\n') {
            endLine();
        } else {
            pending.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        target.write(b, off, len);
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                pending.write(b, start, i - start);
                endLine();
                start = i + 1;
            }
        }
        pending.write(b, start, off + len - start);
    }

    private void endLine() {
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        if (!line.isBlank()) {
            lines.accept(line);
        }
    }

    @Override
    public synchronized void flush() {
        target.flush();
    }
}
