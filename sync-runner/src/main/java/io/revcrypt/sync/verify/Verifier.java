package io.revcrypt.sync.verify;

import io.revcrypt.sync.copy.EntryCounts;
import io.revcrypt.core.forward.FileDecryptor;

import io.revcrypt.core.format.BlockLayout;
import io.revcrypt.core.forward.CipherTree;
import io.revcrypt.core.forward.DecryptResult;
import io.revcrypt.core.view.PlainPath;
import io.revcrypt.sync.copy.CopyVisitor;
import io.revcrypt.sync.copy.FilePool;
import io.revcrypt.sync.copy.Progress;
import io.revcrypt.sync.restore.Report;
import io.revcrypt.sync.restore.Restorer;
import io.revcrypt.sync.copy.RsyncLeftovers;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks a copy without writing plaintext anywhere: every name decrypts (long names through a
 * {@code .name} file that matches its hash), every directory has its {@code gocryptfs.diriv},
 * every symlink target and every content block authenticates, and every file has a size a
 * gocryptfs file can have. Each problem is reported with the plaintext path where it is known
 * (the cipher path otherwise) and, for content, the block numbers.
 */
public final class Verifier implements CopyVisitor, AutoCloseable {

    private final FileDecryptor decryptor;
    private final Report report;
    private final Progress progress;
    private final FilePool pool;
    private final EntryCounts counts = new EntryCounts();
    private final AtomicLong rsyncLeftovers = new AtomicLong();

    public Verifier(FileDecryptor decryptor, Report report, Progress progress, int threads) {
        this.decryptor = decryptor;
        this.report = report;
        this.progress = progress;
        this.pool = new FilePool(threads);
    }

    @Override
    public boolean directory(CipherTree.Entry dir) {
        if (!dir.plainPath().isRoot()) {
            counts.directory();
        }
        return true;
    }

    @Override
    public void file(CipherTree.Entry e) throws IOException {
        pool.submit(() -> {
            try {
                check(e);
            } finally {
                progress.fileDone();
            }
        }, ex -> report.add(Report.Kind.ERROR, e.plainPath(), e.cipherPath(), "cannot be read: " + ex.getMessage()));
    }

    private void check(CipherTree.Entry e) throws IOException {
        long size = e.size();
        long expected = BlockLayout.plainSize(size);
        DecryptResult r;
        try (CountingStream in = new CountingStream(
                Files.newInputStream(e.file(), LinkOption.NOFOLLOW_LINKS), progress)) {
            r = decryptor.decrypt(in, null);
            in.finish(r.plainBytes());
        }
        if (r.ok() && expected >= 0) {
            counts.file();
            return;
        }
        StringBuilder msg = new StringBuilder(r.ok() ? "" : r.describe());
        long blocks = BlockLayout.blockCount(Math.max(0, r.plainBytes()));
        boolean lastBlockBad = !r.badBlocks().isEmpty() && r.badBlocks().get(r.badBlocks().size() - 1) == blocks - 1
                && r.plainBytes() % BlockLayout.PLAIN_BLOCK != 0;
        if (expected < 0) {
            msg.append(msg.length() == 0 ? "" : "; ").append("truncated: ").append(size)
                    .append(" bytes is not a possible size of a gocryptfs file");
        } else if (lastBlockBad && r.badBlocks().size() == 1) {
            msg.append(" (a short last block: the file may be truncated)");
        }
        report.add(Report.Kind.DAMAGED, e.plainPath(), e.cipherPath(), msg.toString());
    }

    @Override
    public void symlink(CipherTree.Entry link, byte[] plainTarget) {
        counts.symlink();
    }

    @Override
    public void special(CipherTree.Entry entry) {
        counts.specialFile();
    }

    @Override
    public void problem(String cipherPath, PlainPath plainPath, String message) {
        if (plainPath == null) {
            java.util.Optional<String> leftover = RsyncLeftovers.describe(cipherPath);
            if (leftover.isPresent()) {
                rsyncLeftovers.incrementAndGet();
                report.note("not checked: " + cipherPath + ": " + leftover.get());
                return;
            }
        }
        report.add(Restorer.kindOf(plainPath, message), plainPath, cipherPath, message);
    }

    @Override
    public void awaitFiles() throws IOException {
        pool.await();
    }

    @Override
    public void close() {
        pool.close();
    }

    /** What the walk has handled so far: all of it once it is done. */
    public EntryCounts counts() {
        return counts;
    }

    /** Entries an interrupted rsync left ({@link RsyncLeftovers}): named in a note, not problems. */
    public long rsyncLeftovers() {
        return rsyncLeftovers.get();
    }

    /** Counts what is read, as plaintext bytes (4096 of every 4128), for the progress display. */
    private static final class CountingStream extends FilterInputStream {
        private final Progress progress;
        private long cipher;
        private long reported;

        CountingStream(InputStream in, Progress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            cipher += n;
            long plain = cipher * BlockLayout.PLAIN_BLOCK / BlockLayout.CIPHER_BLOCK;
            if (plain - reported >= (1 << 20)) {
                progress.addBytes(plain - reported);
                reported = plain;
            }
        }

        /** Settles the count on the exact plaintext size. */
        void finish(long plainBytes) {
            progress.addBytes(plainBytes - reported);
            reported = plainBytes;
        }
    }
}
