package io.revcrypt.sync.cli;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Standard error when it is the journal: each line gets the syslog priority journald reads from a
 * {@code <N>} prefix ({@code <3>} errors, {@code <4>} warnings, {@code <6>} the rest), so
 * {@code journalctl -p warning} shows a timer's problems. Whether stderr is the journal is
 * systemd's documented test: {@code $JOURNAL_STREAM} ("DEVICE:INODE") names the stream that
 * service's stderr was connected to, and it is ours only if stderr's device and inode match.
 */
final class JournalStream extends FilterOutputStream {

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    JournalStream(OutputStream out) {
        super(out);
    }

    /** Is file descriptor 2 the stream {@code JOURNAL_STREAM} names? False when unset or unreadable. */
    static boolean isStderr(String journalStream) {
        return journalStream != null && journalStream.equals(deviceAndInode(Path.of("/proc/self/fd/2")));
    }

    /** "DEVICE:INODE" of what a path (or an open descriptor's /proc link) is, in decimal as systemd writes them. */
    static String deviceAndInode(Path path) {
        try {
            return Files.getAttribute(path, "unix:dev") + ":" + Files.getAttribute(path, "unix:ino");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The priority of one line of ours (or of rsync's, which passes through us). */
    static String priority(String text) {
        if (text.startsWith("revcrypt: warning:")) {
            return "<4>";
        }
        if (text.startsWith("revcrypt: ") || text.startsWith("rsync: ") || text.startsWith("rsync error: ")) {
            return "<3>";
        }
        return "<6>";
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (b == '\n') {
            // the whole line in one write: the stream below is the unbuffered descriptor
            line.write('\n');
            byte[] prefix = priority(line.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
            byte[] whole = new byte[prefix.length + line.size()];
            System.arraycopy(prefix, 0, whole, 0, prefix.length);
            System.arraycopy(line.toByteArray(), 0, whole, prefix.length, line.size());
            out.write(whole);
            out.flush();
            line.reset();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    /** A line without its newline yet stays here until it has one: journald takes whole lines. */
    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        if (line.size() > 0) {
            write('\n');
        }
        super.close();
    }
}
