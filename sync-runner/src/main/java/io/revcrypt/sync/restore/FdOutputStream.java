package io.revcrypt.sync.restore;

import io.revcrypt.core.posix.DestFs;
import io.revcrypt.core.posix.PosixException;
import io.revcrypt.sync.copy.Progress;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Writes to a file descriptor through a direct buffer of 1 MiB (one {@code write} per MiB),
 * counting the bytes for the progress display. Does not close the descriptor.
 */
final class FdOutputStream extends OutputStream {

    static final int BUFFER = 1 << 20;
    private static final ThreadLocal<ByteBuffer> BUFFERS = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BUFFER));

    private final DestFs fs;
    private final int fd;
    private final Progress progress;
    private final ByteBuffer buf = BUFFERS.get();

    FdOutputStream(DestFs fs, int fd, Progress progress) {
        this.fs = fs;
        this.fd = fd;
        this.progress = progress;
        buf.clear();
    }

    @Override
    public void write(int b) throws IOException {
        if (!buf.hasRemaining()) {
            drain();
        }
        buf.put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (!buf.hasRemaining()) {
                drain();
            }
            int n = Math.min(len, buf.remaining());
            buf.put(b, off, n);
            off += n;
            len -= n;
        }
    }

    private void drain() throws PosixException {
        int n = buf.position();
        if (n > 0) {
            buf.flip(); // jnr passes the buffer from its position
            fs.writeFully(fd, buf, n);
            progress.addBytes(n);
        }
        buf.clear();
    }

    @Override
    public void flush() throws IOException {
        drain();
    }

    @Override
    public void close() throws IOException {
        drain();
    }
}
