package io.revcrypt.sync.decode;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
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
 * Streams rsync output through an {@link RsyncOutputDecoder}: bytes in, decoded segments out,
 * either as UTF-8 text ({@code revcrypt decode}) or as {@link DecodedEvent}s with their
 * terminators (a run's output sink). This is the one place rsync's output is split.
 *
 * <p>Input is read as bytes; {@code \n} and {@code \r} both end a segment and are passed on
 * unchanged after it, so progress updates still overwrite each other on a terminal. Output is
 * flushed after every read (a line per flush costs more than decoding it). rsync ends a progress
 * update only by starting the next one, so on a text stream an update that is complete and
 * followed by nothing yet is shown at once rather than one update late; whatever follows it
 * before the terminator (rsync sometimes glues the next item line on) is decoded on its own.
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

    /**
     * Copies {@code in} to {@code out}, decoded, until end of input; neither stream is closed. An
     * update of rsync's progress that is complete and followed by nothing yet is written at once
     * rather than when the next one starts (for {@code revcrypt decode} on a terminal).
     */
    public void run(InputStream in, OutputStream out) throws IOException {
        run(in, new StreamOutput(out), true);
    }

    /**
     * Hands {@code in}'s segments to {@code out}, decoded and classified, until end of input.
     * {@code out} gets each segment whole: it keeps whatever it shows until the terminator comes.
     */
    public void run(InputStream in, DecodedOutput out) throws IOException {
        run(in, out, false);
    }

    private void run(InputStream in, DecodedOutput out, boolean showProgressEarly) throws IOException {
        byte[] buffer = new byte[gatherMillis > 0 ? 65536 : 8192];
        Pending pending = new Pending();
        List<byte[]> segments = new ArrayList<>();
        List<Integer> terminators = new ArrayList<>();
        int n;
        while ((n = readGathered(in, buffer)) != -1) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n' || b == '\r') {
                    segments.add(pending.take(buffer, start, i));
                    terminators.add((int) b);
                    start = i + 1;
                }
            }
            pending.add(buffer, start, n);
            emit(segments, terminators, out);
            if (pending.size() >= MAX_SEGMENT_BYTES) {
                out.accept(decoder.decodeSegment(pending.take(buffer, 0, 0)), DecodedOutput.NO_TERMINATOR);
            } else if (showProgressEarly && pending.size() > 0 && in.available() == 0) {
                byte[] unshown = pending.peek();
                if (RsyncLineParser.isProgressUpdate(RsyncEscapes.rawText(unshown))) {
                    out.accept(decoder.decodeSegment(unshown), DecodedOutput.NO_TERMINATOR);
                    pending.clear();
                }
            }
            out.flush();
        }
        if (pending.size() > 0) {
            out.accept(decoder.decodeSegment(pending.take(buffer, 0, 0)), DecodedOutput.NO_TERMINATOR);
        }
        out.flush();
    }

    /** Decodes the segments of one read together (see {@link #lookAhead}) and passes them on in order. */
    private void emit(List<byte[]> segments, List<Integer> terminators, DecodedOutput out) throws IOException {
        if (segments.isEmpty()) {
            return;
        }
        List<byte[]> nonEmpty = new ArrayList<>(segments.size());
        for (byte[] segment : segments) {
            if (segment.length > 0) {
                nonEmpty.add(segment);
            }
        }
        List<DecodedEvent> decoded = decoder.decodeSegments(nonEmpty, lookAhead);
        int next = 0;
        for (int i = 0; i < segments.size(); i++) {
            DecodedEvent segment = segments.get(i).length > 0 ? decoded.get(next++) : DecodedEvent.EMPTY;
            out.accept(segment, terminators.get(i));
        }
        segments.clear();
        terminators.clear();
    }

    private int readGathered(InputStream in, byte[] buffer) throws IOException {
        if (gatherMillis > 0 && in.available() < GATHER_BYTES) {
            try {
                Thread.sleep(gatherMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for rsync's output");
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

    /** The bytes since the last terminator, not decoded yet. */
    private static final class Pending {
        private byte[] bytes = new byte[256];
        private int size;

        int size() {
            return size;
        }

        void add(byte[] buffer, int from, int to) {
            int length = to - from;
            if (size + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + length));
            }
            System.arraycopy(buffer, from, bytes, size, length);
            size += length;
        }

        /** The pending bytes followed by {@code buffer[from, to)}, as one segment; nothing is pending after. */
        byte[] take(byte[] buffer, int from, int to) {
            byte[] segment;
            if (size == 0) {
                segment = Arrays.copyOfRange(buffer, from, to);
            } else {
                segment = Arrays.copyOf(bytes, size + to - from);
                System.arraycopy(buffer, from, segment, size, to - from);
            }
            size = 0;
            return segment;
        }

        byte[] peek() {
            return Arrays.copyOf(bytes, size);
        }

        void clear() {
            size = 0;
        }
    }

    /** The decoded text as UTF-8 bytes, each segment followed by its terminator, unchanged. */
    private record StreamOutput(OutputStream out) implements DecodedOutput {
        @Override
        public void accept(DecodedEvent segment, int terminator) throws IOException {
            out.write(segment.text().getBytes(StandardCharsets.UTF_8));
            if (terminator != NO_TERMINATOR) {
                out.write(terminator);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
