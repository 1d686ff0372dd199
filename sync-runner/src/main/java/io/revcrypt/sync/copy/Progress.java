package io.revcrypt.sync.copy;

import io.revcrypt.sync.common.Units;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a person sees while a restore or verify runs: on a terminal one live line (rewritten with
 * {@code \r}) with files, bytes, rate and time left; elsewhere a plain {@code progress:} line now
 * and then. Problem lines go to their own stream and never tangle with the live line.
 * Thread-safe: workers add bytes and files from any thread.
 */
public final class Progress implements AutoCloseable {

    private static final String CLEAR_TO_END = "\033[K";

    private final PrintStream out;
    private final boolean terminal;
    private final String verb;
    private final long plainEveryNanos;
    private final long started = System.nanoTime();
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile long totalFiles = -1;
    private volatile long totalBytes = -1;
    private volatile String phase;
    private ScheduledExecutorService ticker;
    private long lastPlainLine = System.nanoTime();
    private boolean liveShown;

    /**
     * @param verb        what is being done, as a past participle ("restored", "verified")
     * @param plainEvery  how often a plain progress line is printed when not on a terminal
     */
    public Progress(PrintStream out, boolean terminal, String verb, Duration plainEvery) {
        this.out = out;
        this.terminal = terminal;
        this.verb = verb;
        this.plainEveryNanos = plainEvery.toNanos();
    }

    /** Starts the live display (a terminal redraws four times a second). */
    public synchronized Progress start() {
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "progress");
                t.setDaemon(true);
                return t;
            });
            long period = terminal ? 250 : Math.min(1000, Math.max(10, plainEveryNanos / 1_000_000));
            ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** What there is to do in all, when known (files, plaintext bytes). */
    public void total(long files, long plainBytes) {
        this.totalFiles = files;
        this.totalBytes = plainBytes;
    }

    /** A word on what is happening besides decrypting ("fetching batch 2 of 5"); null for none. */
    public void phase(String text) {
        this.phase = text;
    }

    /** Takes something out of what there is to do (a file that is skipped). */
    public void skip(long plainBytes) {
        if (totalFiles > 0) {
            totalFiles--;
        }
        if (totalBytes > 0) {
            totalBytes = Math.max(0, totalBytes - plainBytes);
        }
    }

    public void addBytes(long plainBytes) {
        bytes.addAndGet(plainBytes);
    }

    public void fileDone() {
        files.incrementAndGet();
    }

    public long files() {
        return files.get();
    }

    public long bytes() {
        return bytes.get();
    }

    /** Prints a line (a problem, a note) on {@code stream} without tangling it with the live line. */
    public synchronized void println(PrintStream stream, String line) {
        if (liveShown) {
            out.print("\r" + CLEAR_TO_END);
            out.flush();
        }
        stream.println(line);
        stream.flush();
        if (liveShown) {
            out.print(render() + "\r");
            out.flush();
        }
    }

    private synchronized void tick() {
        try {
            if (terminal) {
                out.print("\r" + render() + CLEAR_TO_END);
                out.flush();
                liveShown = true;
            } else if (System.nanoTime() - lastPlainLine >= plainEveryNanos) {
                out.println("progress: " + render());
                out.flush();
                lastPlainLine = System.nanoTime();
            }
        } catch (RuntimeException e) {
            // the display must never stop the work
        }
    }

    /** The state in words: files, bytes, rate, time left, phase. */
    public String render() {
        long f = files.get();
        long b = bytes.get();
        long tf = totalFiles;
        long tb = totalBytes;
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        double rate = b / seconds;
        StringBuilder sb = new StringBuilder();
        sb.append(verb).append(' ').append(f).append(tf >= 0 ? " of " + tf : "").append(f == 1 && tf < 0 ? " file" : " files");
        sb.append(", ").append(Units.bytes(b));
        if (tb > 0) {
            sb.append(" of ").append(Units.bytes(tb)).append(String.format(" (%d%%)", Math.min(100, b * 100 / tb)));
        }
        sb.append(", ").append(Units.bytes((long) rate)).append("/s");
        if (tb > 0 && rate > 0 && b < tb && seconds >= 1) {
            sb.append(", ").append(duration((long) ((tb - b) / rate))).append(" left");
        }
        String p = phase;
        if (p != null) {
            sb.append(" (").append(p).append(')');
        }
        return sb.toString();
    }

    /** Stops the live display and leaves the last state on its own line (on a terminal). */
    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
        if (liveShown) {
            out.print("\r" + CLEAR_TO_END);
            out.flush();
            liveShown = false;
        }
    }

    /** 75 s → "1 min 15 s". */
    public static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }

    /** "1.2 GB in 4.1 s (300 MB/s)". */
    public static String amount(long bytes, long nanos) {
        double s = Math.max(1e-3, nanos / 1e9);
        return Units.bytes(bytes) + " in " + String.format("%.1f s", s) + " (" + Units.bytes((long) (bytes / s)) + "/s)";
    }
}
