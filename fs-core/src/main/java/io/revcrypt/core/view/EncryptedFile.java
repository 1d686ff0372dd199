package io.revcrypt.core.view;

import io.revcrypt.core.format.BlockLayout;
import io.revcrypt.core.format.ContentCrypto;
import io.revcrypt.core.format.FileHeader;
import io.revcrypt.core.posix.Errno;
import io.revcrypt.core.posix.FileVersion;
import io.revcrypt.core.posix.Posix;
import io.revcrypt.core.posix.PosixException;
import java.nio.ByteBuffer;

/**
 * A regular file of the view: the plaintext encrypted on the fly (spec §5.5). A read makes one
 * positional read of the plaintext blocks it touches and encrypts them block by block, straight
 * into the caller's buffer where a whole block fits. A block the read serves only in part is
 * served, piece by piece, from one encryption ({@link SplitBlocks}): encrypted twice from a file
 * written in between, its two halves would not authenticate together.
 *
 * <p>The plaintext size is fixed at open — the size the reader was told (through FUSE: the size
 * the kernel holds), else the file's size then — and the view serves exactly that many bytes: a
 * file that grows while it is copied gives a consistent, decryptable copy of its first bytes
 * (gocryptfs would cut its last block short, which does not authenticate). A file that shrinks
 * while read gives EIO for the missing part, never a torn block.
 *
 * <p>A file written while it is read cannot be served as one version: after every read of the
 * plaintext its version (size, mtime, ctime: one {@code statx}, no second read) is compared with
 * the one it was opened at, and from the first difference on every read tells the
 * {@link ChangeWatch}. So does the open of a file whose size is no longer the one the reader was
 * told. So do, for a second after the open, the reads of a file changed so recently that a
 * write may still be under way (a write() stamps the times once, as it begins) or may follow in
 * the same tick of the kernel's coarse clock (which then moves no timestamp).
 */
final class EncryptedFile implements OpenFile {

    /**
     * How long after an open the reads of a file opened while possibly being written are reported:
     * long enough for the copy made right after the open, shorter than the 1.1 s a copier waits
     * before copying such a file again. (Through FUSE's {@code no_open} one open file serves the
     * reads of several copies while its attributes stand; the copy-again pass's reads of a file
     * left alone since must not be reported again for what was true at that open.)
     */
    static final long SUSPECT_READS_NANOS = 1_000_000_000L;

    /**
     * How long such a file's half-served blocks are kept ({@link SplitBlocks#expiringAfter}): long
     * enough for the two pieces of a block, which the kernel asks for together; shorter than the
     * copier's 1.1 s wait, so its copy-again pass never gets a piece encrypted during the first
     * copy, while the write may still have been under way.
     */
    static final long SUSPECT_SPLIT_BLOCK_NANOS = 500_000_000L;

    /** Blocks per plaintext read: covers a 128 KiB FUSE request plus the partial block before it. */
    static final int MAX_BLOCKS_PER_PASS = 33;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final ByteBuffer direct = ByteBuffer.allocateDirect(MAX_BLOCKS_PER_PASS * BlockLayout.PLAIN_BLOCK);
        final byte[] plain = new byte[MAX_BLOCKS_PER_PASS * BlockLayout.PLAIN_BLOCK];
        final byte[] block = new byte[BlockLayout.CIPHER_BLOCK];
    }

    private final Posix posix = Posix.get();
    private final ContentCrypto content;
    private final int fd;
    private final String cipherPath;
    private final byte[] header;
    private final byte[] fileId;
    private final byte[] block0Iv;
    private final long plainSize;
    private final long cipherSize;
    private final NodeAttributes attributes;
    private final FileVersion opened;
    private final ChangeWatch watch;
    private final SplitBlocks splitBlocks;
    /** Set once a read saw another version than the one opened: every later read reports too. */
    private volatile boolean changed;
    /** Opened while a write may have been under way: reads until {@link #SUSPECT_READS_NANOS} after open report. */
    private final boolean openedPossiblyBeingWritten;
    private final long openedAtNanos = System.nanoTime();
    private volatile boolean closed;

    /**
     * @param opened the version of the plaintext at open, or null where the caller watches nothing
     * @param changedAlready the file is known not to be the version its reader was told of
     * @param possiblyBeingWritten the file changed so recently that a write may be under way unseen
     */
    EncryptedFile(ContentCrypto content, int fd, String cipherPath, byte[] fileId, byte[] block0Iv, long plainSize,
                  NodeAttributes attributes, FileVersion opened, ChangeWatch watch, boolean changedAlready,
                  boolean possiblyBeingWritten) {
        this.content = content;
        this.fd = fd;
        this.cipherPath = cipherPath;
        this.fileId = fileId;
        this.block0Iv = block0Iv;
        this.header = new FileHeader(fileId).encode();
        this.plainSize = plainSize;
        this.cipherSize = BlockLayout.cipherSize(plainSize);
        this.attributes = attributes.withSize(cipherSize);
        this.opened = opened;
        this.watch = watch;
        this.changed = changedAlready;
        this.openedPossiblyBeingWritten = possiblyBeingWritten;
        this.splitBlocks = possiblyBeingWritten ? SplitBlocks.expiringAfter(SUSPECT_SPLIT_BLOCK_NANOS)
                : SplitBlocks.keptWhileOpen();
    }

    @Override
    public int read(long offset, byte[] dst, int dstOff, int len) throws FsException {
        if (closed) {
            throw new FsException(Errno.EBADF, "file already closed: " + cipherPath);
        }
        if (offset < 0 || len < 0) {
            throw new FsException(Errno.EINVAL, "negative offset or length");
        }
        if (offset >= cipherSize || len == 0) {
            return 0;
        }
        long end = Math.min(offset + len, cipherSize);
        long pos = offset;
        if (pos < BlockLayout.HEADER_LENGTH) {
            int n = (int) (Math.min(BlockLayout.HEADER_LENGTH, end) - pos);
            System.arraycopy(header, (int) pos, dst, dstOff, n);
            pos += n;
        }
        Scratch s = SCRATCH.get();
        boolean readPlaintext = pos < end;
        while (pos < end) {
            long firstBlock = (pos - BlockLayout.HEADER_LENGTH) / BlockLayout.CIPHER_BLOCK;
            long lastBlock = (end - 1 - BlockLayout.HEADER_LENGTH) / BlockLayout.CIPHER_BLOCK;
            int blocks = (int) Math.min(lastBlock - firstBlock + 1, MAX_BLOCKS_PER_PASS);
            long plainStart = firstBlock * BlockLayout.PLAIN_BLOCK;
            int plainLen = (int) Math.min((long) blocks * BlockLayout.PLAIN_BLOCK, plainSize - plainStart);
            readPlain(s, plainStart, plainLen);
            for (int b = 0; b < blocks; b++) {
                long blockNo = firstBlock + b;
                int pOff = b * BlockLayout.PLAIN_BLOCK;
                int pLen = Math.min(BlockLayout.PLAIN_BLOCK, plainLen - pOff);
                long cStart = BlockLayout.cipherBlockOffset(blockNo);
                long cEnd = cStart + pLen + BlockLayout.OVERHEAD;
                long from = Math.max(pos, cStart);
                long to = Math.min(end, cEnd);
                if (from >= to) {
                    break;
                }
                if (from == cStart && to == cEnd) {
                    content.encryptBlock(s.plain, pOff, pLen, blockNo, fileId, block0Iv, dst,
                            dstOff + (int) (cStart - offset));
                } else {
                    servePiece(s, pOff, pLen, blockNo, (int) (from - cStart), dst, dstOff + (int) (from - offset),
                            (int) (to - from));
                }
                pos = to;
            }
        }
        if (readPlaintext) {
            checkStillTheVersionOpened();
        }
        return (int) (end - offset);
    }

    /**
     * Serves part of a block the request cuts: from the encryption an earlier piece of it was
     * served from, else from a fresh one that is kept for the block's other pieces.
     */
    private void servePiece(Scratch s, int pOff, int pLen, long blockNo, int from, byte[] dst, int dstAt, int n) {
        if (splitBlocks.serveIfHeld(blockNo, from, dst, dstAt, n)) {
            return;
        }
        content.encryptBlock(s.plain, pOff, pLen, blockNo, fileId, block0Iv, s.block, 0);
        splitBlocks.keepAndServe(blockNo, s.block, pLen + BlockLayout.OVERHEAD, from, dst, dstAt, n);
    }

    private void checkStillTheVersionOpened() {
        if (opened == null) {
            return;
        }
        if (!changed) {
            try {
                changed = !posix.version(fd).equals(opened);
            } catch (PosixException e) {
                changed = true; // cannot tell: the reader is told to look again rather than trust it
            }
        }
        if (changed || openedPossiblyBeingWritten && System.nanoTime() - openedAtNanos < SUSPECT_READS_NANOS) {
            watch.changedWhileRead(cipherPath);
        }
    }

    private void readPlain(Scratch s, long plainStart, int plainLen) throws FsException {
        int got;
        try {
            got = posix.pread(fd, s.direct, plainLen, plainStart);
        } catch (PosixException e) {
            throw new FsException(e.errno(), "reading " + cipherPath + ": " + e.getMessage());
        }
        if (got < plainLen) {
            throw new FsException(Errno.EIO, "file shrank while being read: " + cipherPath);
        }
        s.direct.get(0, s.plain, 0, got);
    }

    @Override
    public NodeAttributes attributes() {
        return attributes;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            posix.close(fd);
        }
    }
}
