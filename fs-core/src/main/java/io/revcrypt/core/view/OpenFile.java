package io.revcrypt.core.view;

/**
 * An open file of the view. Reads are positional and may run concurrently from several threads;
 * the attributes are those seen when the file was opened (for {@code fstat}).
 */
public interface OpenFile extends AutoCloseable {

    /**
     * Reads up to {@code len} bytes at {@code offset} of the view's file into {@code dst}; returns
     * the number of bytes read, 0 at or past the end.
     */
    int read(long offset, byte[] dst, int dstOff, int len) throws FsException;

    NodeAttributes attributes();

    @Override
    void close();
}
