package io.revcrypt.core.view;

import io.revcrypt.core.format.ContentCrypto;
import io.revcrypt.core.format.PathIv;
import io.revcrypt.core.posix.Errno;
import io.revcrypt.core.posix.FileVersion;
import io.revcrypt.core.posix.PlainStat;
import io.revcrypt.core.posix.Posix;
import io.revcrypt.core.posix.PosixException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * Opens files of the view for reading (gocryptfs {@code file.go} and {@code virtualfile.go} of
 * the reverse frontend): a regular file as an {@link EncryptedFile} on a descriptor checked to be
 * the file that was stat'ed, the virtual files ({@code gocryptfs.diriv}, {@code .name},
 * {@code gocryptfs.conf}) as their bytes in memory. Only regular and virtual files open.
 */
final class FileOpener {

    /**
     * A file changed this recently may still be being written: a write() stamps mtime and ctime
     * once, when it begins, so a reader that opens during one long write (a 48 MiB rewrite in
     * place, say) sees the same version throughout and could copy a mix of old and new blocks
     * unseen. It also covers a second write in the same tick of the kernel's coarse clock (4 ms at
     * 250 Hz), which moves no timestamp. Kept below the copier's settle time (1.1 s before a
     * copy-again pass, see {@link EncryptedFile#SUSPECT_READS_NANOS}) so that a file written just
     * before a copy and not since is copied again once and then found quiet.
     */
    static final long POSSIBLY_BEING_WRITTEN_NANOS = 500_000_000L;

    private final ContentCrypto content;
    private final PlainTree tree;
    private final CipherPathResolver resolver;
    private final ViewAttributes attributes;
    private volatile ChangeWatch changeWatch = ChangeWatch.NONE;

    FileOpener(ContentCrypto content, PlainTree tree, CipherPathResolver resolver, ViewAttributes attributes) {
        this.content = content;
        this.tree = tree;
        this.resolver = resolver;
        this.attributes = attributes;
    }

    /**
     * From now on, files opened are watched for writes while they are read, and {@code watch} is
     * told of each (see {@link ChangeWatch}); it costs one {@code statx} per read.
     */
    void watchChanges(ChangeWatch watch) {
        this.changeWatch = Objects.requireNonNull(watch, "watch");
    }

    /** {@link ReverseView#open(String, long)}: a real file encrypted as it is read, a virtual one in memory. */
    OpenFile open(String cipherPath, long plainSize) throws FsException {
        Node node = resolver.resolve(cipherPath);
        try {
            if (node instanceof Node.Real real) {
                return openReal(real, plainSize);
            }
            NodeAttributes attrs = attributes.of(node);
            if (node instanceof Node.DirIv d) {
                return new BytesFile(resolver.dirIv(d.cipherDir()), attrs);
            } else if (node instanceof Node.LongNameFile n) {
                return new BytesFile(n.encryptedName().getBytes(StandardCharsets.US_ASCII), attrs);
            } else {
                return new BytesFile(readWhole(((Node.Config) node).plainConfig(), attrs.size()), attrs);
            }
        } catch (PosixException e) {
            throw FsException.of(e);
        }
    }

    private OpenFile openReal(Node.Real real, long servedSize) throws PosixException, FsException {
        PlainStat before = tree.lstat(real.plainPath());
        if (!before.isRegular()) {
            throw new FsException(before.isDirectory() ? Errno.EISDIR : Errno.EACCES,
                    "only regular files can be opened: " + real.cipherPath());
        }
        int fd = tree.openForReading(real.plainPath());
        try {
            PlainStat s = Posix.get().fstat(fd);
            if (!s.isRegular() || s.ino() != before.ino() || s.dev() != before.dev()) {
                throw new FsException(Errno.EAGAIN, "file replaced while being opened: " + real.cipherPath());
            }
            NodeAttributes attrs = attributes.real(real.cipherPath(), real.plainPath(), s);
            String c = real.cipherPath();
            ChangeWatch watch = changeWatch;
            boolean watched = watch != ChangeWatch.NONE;
            boolean notAsTold = watched && servedSize >= 0 && servedSize != s.size();
            boolean possiblyBeingWritten = watched && changedWithin(s, POSSIBLY_BEING_WRITTEN_NANOS);
            EncryptedFile file = new EncryptedFile(content, fd, c, PathIv.derive(c, PathIv.Purpose.FILEID),
                    PathIv.derive(c, PathIv.Purpose.BLOCK0IV), servedSize >= 0 ? servedSize : s.size(), attrs,
                    watched ? FileVersion.of(s) : null, watch, notAsTold, possiblyBeingWritten);
            fd = -1;
            return file;
        } finally {
            Posix.get().close(fd);
        }
    }

    /** Its ctime is less than {@code nanos} old (the kernel's coarse clock only makes it look older). */
    private static boolean changedWithin(PlainStat s, long nanos) {
        Instant now = Instant.now();
        long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return nowNanos - FileVersion.of(s).ctimeNanos() < nanos;
    }

    private byte[] readWhole(PlainPath path, long size) throws PosixException, FsException {
        if (size > 1 << 20) {
            throw new FsException(Errno.EIO, "config file is implausibly large: " + path);
        }
        int fd = tree.openForReading(path);
        try {
            ByteBuffer buf = ByteBuffer.allocateDirect((int) size + 1);
            int n = Posix.get().pread(fd, buf, (int) size + 1, 0);
            byte[] out = new byte[n];
            buf.get(0, out, 0, n);
            return out;
        } finally {
            Posix.get().close(fd);
        }
    }
}
