package io.revcrypt.sync.decode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Streams rsync output through an {@link RsyncOutputDecoder}: bytes in, decoded UTF-8 out.
 *
 * <p>Input is read as bytes; {@code \n} and {@code \r} both end a segment and are written back
 * unchanged after it, so progress updates still overwrite each other on a terminal. Output is
 * flushed after every read (a line per flush costs more than decoding it). rsync ends a progress
 * update only by starting the next one, so an update that is complete and followed by nothing yet
 * is shown at once rather than one update late; whatever follows it before the terminator (rsync sometimes glues the next item
 * line on) is decoded on its own.
 *
 * <p>One instance per stream; several filters may share one decoder (stdout and stderr pumps).
 */
public final class DecodeFilter {

    /** How long the {@code decode} command waits for one answer of the control socket. */
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

    /** A "line" longer than this is not rsync talking; it is passed on in pieces. */
    static final int MAX_SEGMENT_BYTES = 1 << 20;

    /** With a gathering pause, a read waits for at least this much input unless the pause is over. */
    static final int GATHER_BYTES = 4096;

    private final RsyncOutputDecoder decoder;
    private final boolean lookAhead;
    private final long gatherMillis;

    public DecodeFilter(RsyncOutputDecoder decoder) {
        this(decoder, false, Duration.ZERO);
    }

    /**
     * @param lookAhead ask for the paths of every complete line of a read in one go before
     *                  decoding them (for a control socket that takes many requests per round trip)
     * @param gather    when less than {@link #GATHER_BYTES} are waiting, pause this long before
     *                  reading: rsync writes a line (and off a terminal a progress update) per
     *                  file, and reading them one at a time costs a read, a round trip to the
     *                  socket and a write per line. For output nobody watches live (measured for
     *                  20,000 files: 40,000 reads become a few hundred, and a read's names come
     *                  a directory at a time). {@link Duration#ZERO} reads as soon as there is input
     */
    public DecodeFilter(RsyncOutputDecoder decoder, boolean lookAhead, Duration gather) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.lookAhead = lookAhead;
        this.gatherMillis = gather.toMillis();
    }

    /** The lines this read completes: the pending segment's bytes joined with the first line, then the rest. */
    private static List<byte[]> completeLines(Segment pending, byte[] buffer, int n) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n' || buffer[i] == '\r') {
                if (start == 0 && pending.size() > 0) {
                    byte[] head = pending.unshown();
                    byte[] line = Arrays.copyOf(head, head.length + i);
                    System.arraycopy(buffer, 0, line, head.length, i);
                    lines.add(line);
                } else if (i > start) {
                    lines.add(Arrays.copyOfRange(buffer, start, i));
                }
                start = i + 1;
            }
        }
        return lines;
    }

    /** Copies {@code in} to {@code out}, decoded, until end of input. Neither stream is closed. */
    public void run(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[gatherMillis > 0 ? 65536 : 8192];
        Segment segment = new Segment();
        int n;
        while ((n = readGathered(in, buffer)) != -1) {
            if (lookAhead) {
                decoder.prefetch(completeLines(segment, buffer, n));
            }
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n' || b == '\r') {
                    segment.finish(out);
                    out.write(b);
                } else {
                    segment.add(b);
                    if (segment.size() >= MAX_SEGMENT_BYTES) {
                        segment.finish(out);
                        out.flush();
                    }
                }
            }
            if (in.available() == 0) {
                segment.showIfProgress(out);
            }
            out.flush();
        }
        segment.finish(out);
        out.flush();
    }

    private int readGathered(InputStream in, byte[] buffer) throws IOException {
        if (gatherMillis > 0 && in.available() < GATHER_BYTES) {
            try {
                Thread.sleep(gatherMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for rsync's output");
            }
        }
        return in.read(buffer);
    }

    /**
     * The {@code revcrypt decode} command: decodes stdin to stdout against a control socket.
     *
     * @param mountPoint   stripped from paths in rsync's error lines; may be null
     * @param journalFile  name journal to use and update; may be null for none
     * @param warnings     where to say that the journal was damaged
     */
    public static DecodeSummary.Snapshot runCommand(Path socket, Path mountPoint, Path journalFile,
                                                    InputStream in, OutputStream out,
                                                    Consumer<String> warnings) throws IOException {
        NameJournal journal = journalFile == null ? NameJournal.inMemory() : NameJournal.load(journalFile, warnings);
        try (CtlClient client = new CtlClient(socket, SOCKET_TIMEOUT)) {
            RsyncOutputDecoder decoder = RsyncOutputDecoder.builder(
                            new PathDecoder(PathDecryptor.overSocket(client), journal))
                    .mountPoint(mountPoint)
                    .build();
            try {
                new DecodeFilter(decoder).run(in, out);
            } finally {
                journal.save();
            }
            return decoder.summary().snapshot();
        }
    }

    /** The bytes since the last terminator, and how many of them are already on screen. */
    private final class Segment {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        private int shown;

        void add(byte b) {
            bytes.write(b);
        }

        int size() {
            return bytes.size() - shown;
        }

        void showIfProgress(OutputStream out) throws IOException {
            if (size() == 0) {
                return;
            }
            byte[] unshown = unshown();
            if (RsyncLineParser.isProgressUpdate(RsyncEscapes.rawText(unshown))) {
                out.write(decoder.decodeLine(unshown).getBytes(StandardCharsets.UTF_8));
                out.flush();
                shown = bytes.size();
            }
        }

        void finish(OutputStream out) throws IOException {
            if (size() > 0) {
                out.write(decoder.decodeLine(unshown()).getBytes(StandardCharsets.UTF_8));
            }
            bytes.reset();
            shown = 0;
        }

        private byte[] unshown() {
            byte[] all = bytes.toByteArray();
            return shown == 0 ? all : Arrays.copyOfRange(all, shown, all.length);
        }
    }
}
