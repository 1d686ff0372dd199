package io.revcrypt.sync.restore;

import io.revcrypt.sync.copy.EntryCounts;
import io.revcrypt.core.forward.FileDecryptor;

import io.revcrypt.core.format.BlockLayout;
import io.revcrypt.core.forward.CipherTree;
import io.revcrypt.core.forward.DecryptResult;
import io.revcrypt.core.posix.DestFs;
import io.revcrypt.core.posix.Errno;
import io.revcrypt.core.posix.PlainStat;
import io.revcrypt.core.posix.PosixException;
import io.revcrypt.core.view.PlainPath;
import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.copy.CopyVisitor;
import io.revcrypt.sync.copy.FilePool;
import io.revcrypt.sync.copy.Progress;
import io.revcrypt.sync.copy.RemoteCopyReader;
import io.revcrypt.sync.copy.RsyncLeftovers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the plaintext of a copy into a destination directory.
 *
 * <ul>
 *   <li>Every entry is created relative to its directory's descriptor, exclusively and without
 *       following symlinks (names are bytes: newlines and non-UTF-8 names are written as they are).</li>
 *   <li>A file is decrypted into a temporary name ({@code .revcrypt-<pid>-<n>.tmp}) in its
 *       directory and renamed into place only when complete, so an interrupted restore never
 *       leaves a plausible-looking partial file.</li>
 *   <li>Existing entries are never replaced without {@code force}: each one is reported and
 *       skipped (exit 3 at the end). Existing directories are merged into; their attributes are
 *       left alone. With {@code force}, files, symlinks and special files are replaced
 *       atomically; a directory is never replaced.</li>
 *   <li>A file with blocks that do not authenticate is reported with its plaintext path and the
 *       block numbers. What could be decrypted is kept as {@code NAME.revcrypt-damaged} (bad
 *       blocks are zeros), never under its own name; a file of which nothing could be decrypted
 *       is not kept.</li>
 *   <li>Modes (setuid, setgid and sticky included) and modification times are restored; owners
 *       too when running as root. Directories get theirs at the end, after their content
 *       (only directories this restore created).</li>
 * </ul>
 * Files are decrypted on a {@link FilePool}; the walk itself runs on one thread.
 */
public final class Restorer implements CopyVisitor, AutoCloseable {

    public static final String DAMAGED_SUFFIX = ".revcrypt-damaged";
    private static final byte[] DAMAGED = DAMAGED_SUFFIX.getBytes(StandardCharsets.US_ASCII);
    private static final int NAME_MAX = 255;

    private final DestFs fs = DestFs.get();
    private final FileDecryptor decryptor;
    private final Report report;
    private final Progress progress;
    private final boolean force;
    private final boolean asRoot;
    private final int rootFd;
    private final boolean rootCreated;
    private final DirHandles handles;
    private final FilePool pool;
    private final List<DirAttrs> created = new ArrayList<>();
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong tmpCounter = new AtomicLong();
    private final EntryCounts counts = new EntryCounts();
    private final String tmpPrefix = ".revcrypt-" + ProcessHandle.current().pid() + "-";
    private static final Pattern OUR_TEMPORARY = Pattern.compile("\\.revcrypt-(\\d{1,10})-\\d+\\.tmp");
    private final AtomicLong staleRemoved = new AtomicLong();

    private record DirAttrs(PlainPath path, int mode, int uid, int gid, FileTime mtime) {
    }

    private record InFlight(int dirFd, byte[] name) {
    }

    /**
     * Opens (creating it if needed) the destination directory.
     *
     * @param threads file workers; 0 decrypts on the walking thread
     */
    public Restorer(Path dest, FileDecryptor decryptor, Report report, Progress progress, boolean force, int threads)
            throws IOException {
        this.decryptor = decryptor;
        this.report = report;
        this.progress = progress;
        this.force = force;
        this.asRoot = fs.geteuid() == 0;
        if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(dest)) {
            if (!Files.isDirectory(dest)) {
                throw UserException.usage("the destination " + dest + " exists and is not a directory");
            }
            rootCreated = false;
        } else {
            Files.createDirectories(dest);
            rootCreated = true;
        }
        this.rootFd = fs.openRoot(dest);
        this.handles = new DirHandles(fs, rootFd);
        this.pool = new FilePool(threads);
        if (!rootCreated) {
            removeStaleTemporaries(rootFd);
        }
    }

    /**
     * A restore killed with SIGKILL (no shutdown hook runs) leaves the file it was decrypting
     * under its temporary name. A restore into the same place removes those of a process that no
     * longer runs, in each directory that already existed (a directory this restore created has
     * none), and says so at the end ({@link #staleTemporariesRemoved}).
     */
    private void removeStaleTemporaries(int dirFd) {
        List<String> names = new ArrayList<>();
        // the directory as the descriptor has it (no path to resolve again); the names sought are ASCII
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc/self/fd/" + dirFd))) {
            ds.forEach(child -> names.add(child.getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            return; // nothing to clean is better than a restore that fails for it
        }
        for (String n : names) {
            Matcher m = OUR_TEMPORARY.matcher(n);
            if (m.matches() && !isRunning(Long.parseLong(m.group(1)))) {
                fs.unlinkQuietly(dirFd, n.getBytes(StandardCharsets.US_ASCII));
                staleRemoved.incrementAndGet();
            }
        }
    }

    private static boolean isRunning(long pid) {
        return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Temporary files of interrupted restores removed by this one. */
    public long staleTemporariesRemoved() {
        return staleRemoved.get();
    }

    // ---------------------------------------------------------------- directories

    @Override
    public boolean directory(CipherTree.Entry dir) {
        if (dir.plainPath().isRoot()) {
            if (rootCreated) {
                created.add(attrs(dir));
            }
            return true;
        }
        return makeDirectory(dir, true);
    }

    @Override
    public void ancestor(CipherTree.Entry dir) {
        makeDirectory(dir, false);
    }

    private boolean makeDirectory(CipherTree.Entry e, boolean count) {
        PlainPath p = e.plainPath();
        byte[] name = p.name();
        try {
            int parent = handles.fd(p.parent());
            boolean made = fs.mkdir(parent, name, 0700);
            if (!made) {
                PlainStat st = fs.lstat(parent, name);
                if (st != null && st.isDirectory()) {
                    removeStaleTemporaries(handles.fd(p)); // merged into; its attributes stay as they are
                    return true;
                }
                if (!force) {
                    report.add(Report.Kind.EXISTS, p, e.cipherPath(), "something that is not a directory has that name;"
                            + " nothing below it is restored (--force replaces it)");
                    return false;
                }
                fs.unlink(parent, name);
                if (!fs.mkdir(parent, name, 0700)) {
                    throw new PosixException(Errno.EEXIST, "mkdir: raced with another process");
                }
            }
            created.add(attrs(e));
            if (count) {
                counts.directory();
            }
            return true;
        } catch (PosixException ex) {
            report.add(Report.Kind.ERROR, p, e.cipherPath(), "cannot create the directory: " + ex.getMessage()
                    + "; nothing below it is restored");
            return false;
        }
    }

    private static DirAttrs attrs(CipherTree.Entry e) {
        return new DirAttrs(e.plainPath(), e.mode(), uid(e), gid(e), mtime(e));
    }

    // ---------------------------------------------------------------- files

    @Override
    public void file(CipherTree.Entry e) throws IOException {
        PlainPath p = e.plainPath();
        byte[] name = p.name();
        int parent;
        try {
            parent = handles.fd(p.parent());
            if (!mayCreate(parent, name, p, e)) {
                long plain = BlockLayout.plainSize(e.size());
                progress.skip(Math.max(0, plain));
                return;
            }
        } catch (PosixException ex) {
            report.add(Report.Kind.ERROR, p, e.cipherPath(), ex.getMessage());
            return;
        }
        int dirFd;
        try {
            dirFd = fs.dup(parent);
        } catch (PosixException ex) {
            report.add(Report.Kind.ERROR, p, e.cipherPath(), ex.getMessage());
            return;
        }
        try {
            pool.submit(() -> {
                try {
                    restoreFile(e, dirFd, name);
                } finally {
                    fs.close(dirFd);
                    progress.fileDone();
                }
            }, ex -> report.add(Report.Kind.ERROR, p, e.cipherPath(), "not restored: " + message(ex)));
        } catch (IOException | RuntimeException ex) {
            fs.close(dirFd);
            throw ex;
        }
    }

    private void restoreFile(CipherTree.Entry e, int dir, byte[] name) throws IOException {
        PlainPath p = e.plainPath();
        byte[] tmp = tmpName();
        int fd = fs.createExclusive(dir, tmp, 0600);
        InFlight flight = new InFlight(dir, tmp);
        inFlight.add(flight);
        boolean placed = false;
        try {
            DecryptResult r;
            try (InputStream in = Files.newInputStream(e.file(), LinkOption.NOFOLLOW_LINKS)) {
                FdOutputStream out = new FdOutputStream(fs, fd, progress);
                r = decryptor.decrypt(in, out);
                out.flush();
            }
            setAttributes(fd, e);
            fs.close(fd);
            fd = -1;
            if (r.ok()) {
                try {
                    fs.rename(dir, tmp, name, force);
                    placed = true;
                    counts.file();
                } catch (PosixException ex) {
                    if (ex.errno() == Errno.EEXIST) {
                        report.add(Report.Kind.EXISTS, p, e.cipherPath(), "appeared during the restore; not overwritten");
                    } else {
                        throw ex;
                    }
                }
                return;
            }
            String msg = r.describe();
            if (r.plainBytes() > 0 && name.length + DAMAGED.length <= NAME_MAX) {
                byte[] damagedName = concat(name, DAMAGED);
                try {
                    fs.rename(dir, tmp, damagedName, force);
                    placed = true;
                    msg += "; not restored under its name, what could be decrypted is in "
                            + Report.show(p.parent().child(damagedName)) + " (bad blocks are zeros)";
                } catch (PosixException ex) {
                    msg += "; not restored (" + ex.getMessage() + ")";
                }
            } else {
                msg += "; not restored";
            }
            report.add(Report.Kind.DAMAGED, p, e.cipherPath(), msg);
        } finally {
            if (fd >= 0) {
                fs.close(fd);
            }
            if (!placed) {
                fs.unlinkQuietly(dir, tmp);
            }
            inFlight.remove(flight);
        }
    }

    private void setAttributes(int fd, CipherTree.Entry e) throws PosixException {
        if (asRoot) {
            fs.fchown(fd, uid(e), gid(e));
        }
        fs.fchmod(fd, e.mode() & 07777);
        Instant t = mtime(e).toInstant();
        fs.futimes(fd, t.getEpochSecond(), t.getNano());
    }

    /** Whether {@code name} may be created in {@code parent}; reports why not. Replaces nothing yet. */
    private boolean mayCreate(int parent, byte[] name, PlainPath p, CipherTree.Entry e) throws PosixException {
        PlainStat st = fs.lstat(parent, name);
        if (st == null) {
            return true;
        }
        if (st.isDirectory()) {
            report.add(Report.Kind.EXISTS, p, e.cipherPath(), "a directory has that name; not replaced");
            return false;
        }
        if (!force) {
            report.add(Report.Kind.EXISTS, p, e.cipherPath(), "not overwritten (--force overwrites)");
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- symlinks and special files

    @Override
    public void symlink(CipherTree.Entry e, byte[] target) {
        PlainPath p = e.plainPath();
        byte[] name = p.name();
        try {
            int parent = handles.fd(p.parent());
            if (!mayCreate(parent, name, p, e)) {
                return;
            }
            if (fs.lstat(parent, name) != null) {
                byte[] tmp = tmpName();
                fs.symlink(target, parent, tmp);
                try {
                    fs.rename(parent, tmp, name, true);
                } catch (PosixException ex) {
                    fs.unlinkQuietly(parent, tmp);
                    throw ex;
                }
            } else {
                fs.symlink(target, parent, name);
            }
            setMetadata(parent, name, e, false);
            counts.symlink();
        } catch (PosixException ex) {
            notRestored(ex, p, e, "symlink not restored: ");
        }
    }

    @Override
    public void special(CipherTree.Entry e) {
        PlainPath p = e.plainPath();
        byte[] name = p.name();
        int type = e.mode() & PlainStat.S_IFMT;
        try {
            int parent = handles.fd(p.parent());
            if (!mayCreate(parent, name, p, e)) {
                return;
            }
            if ((type == PlainStat.S_IFCHR || type == PlainStat.S_IFBLK) && !asRoot) {
                report.add(Report.Kind.ERROR, p, e.cipherPath(), "a device file; only root can create it");
                return;
            }
            if (fs.lstat(parent, name) != null) {
                fs.unlink(parent, name);
            }
            switch (type) {
                case PlainStat.S_IFIFO -> fs.mkfifo(parent, name, 0600);
                case PlainStat.S_IFSOCK -> fs.mknod(parent, name, PlainStat.S_IFSOCK | 0600, 0);
                default -> fs.mknod(parent, name, type | 0600, rdev(e));
            }
            setMetadata(parent, name, e, true);
            counts.specialFile();
        } catch (PosixException ex) {
            notRestored(ex, p, e, "not restored: ");
        }
    }

    /**
     * Owner (as root only), then the mode if {@code withMode} (after chown, which may clear
     * set-id bits), then the modification time of the entry just created as {@code name} in {@code parent}.
     */
    private void setMetadata(int parent, byte[] name, CipherTree.Entry e, boolean withMode) throws PosixException {
        if (asRoot) {
            fs.chownEntry(parent, name, uid(e), gid(e));
        }
        if (withMode) {
            fs.chmodEntry(parent, name, e.mode() & 07777);
        }
        Instant t = mtime(e).toInstant();
        fs.utimesEntry(parent, name, t.getEpochSecond(), t.getNano());
    }

    /** A symlink or special file that could not be made: one that exists already is counted as such. */
    private void notRestored(PosixException ex, PlainPath p, CipherTree.Entry e, String what) {
        report.add(ex.errno() == Errno.EEXIST ? Report.Kind.EXISTS : Report.Kind.ERROR, p, e.cipherPath(),
                what + ex.getMessage());
    }

    // ---------------------------------------------------------------- problems

    @Override
    public void problem(String cipherPath, PlainPath plainPath, String message) {
        if (plainPath == null) {
            Optional<String> leftover = RsyncLeftovers.describe(cipherPath);
            if (leftover.isPresent()) {
                report.note("skipped " + cipherPath + ": " + leftover.get());
                return;
            }
        }
        report.add(kindOf(plainPath, message), plainPath, cipherPath, message + "; not restored");
    }

    /** How a problem the tree walk found is classified (restore and verify alike). */
    public static Report.Kind kindOf(PlainPath plainPath, String message) {
        if (message.startsWith(RemoteCopyReader.NOT_FETCHED)) {
            return Report.Kind.ERROR;
        }
        if (plainPath == null) {
            return Report.Kind.NAME;
        }
        if (message.startsWith("symlink target")) {
            return Report.Kind.DAMAGED;
        }
        return Report.Kind.METADATA;
    }

    @Override
    public void missing(PlainPath path, String cipherPath) {
        report.add(Report.Kind.MISSING, path, null, "no such path in the copy");
    }

    @Override
    public void awaitFiles() throws IOException {
        pool.await();
    }

    /** Waits for the files, then gives the directories this restore created their attributes, deepest first. */
    public void finish() throws IOException {
        pool.await();
        for (int i = created.size() - 1; i >= 0; i--) {
            DirAttrs d = created.get(i);
            try {
                int fd = handles.fd(d.path());
                if (asRoot) {
                    fs.fchown(fd, d.uid(), d.gid());
                }
                fs.fchmod(fd, d.mode() & 07777);
                Instant t = d.mtime().toInstant();
                fs.futimes(fd, t.getEpochSecond(), t.getNano());
            } catch (PosixException ex) {
                report.add(Report.Kind.ERROR, d.path(), null, "cannot set the directory's attributes: " + ex.getMessage());
            }
        }
        handles.drop(0);
    }

    /** For Ctrl-C: removes the temporary files of files being decrypted right now. */
    public void abort() {
        for (InFlight f : inFlight) {
            fs.unlinkQuietly(f.dirFd(), f.name());
        }
    }

    @Override
    public void close() {
        pool.close();
        handles.close();
        fs.close(rootFd);
    }

    // ---------------------------------------------------------------- counts

    /** What the walk has handled so far: all of it once it is done. */
    public EntryCounts counts() {
        return counts;
    }

    // ---------------------------------------------------------------- helpers

    private byte[] tmpName() {
        return (tmpPrefix + tmpCounter.incrementAndGet() + ".tmp").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int uid(CipherTree.Entry e) {
        return (Integer) e.attributes().get("uid");
    }

    private static int gid(CipherTree.Entry e) {
        return (Integer) e.attributes().get("gid");
    }

    private static FileTime mtime(CipherTree.Entry e) {
        return (FileTime) e.attributes().get("lastModifiedTime");
    }

    private static long rdev(CipherTree.Entry e) {
        try {
            Object v = Files.getAttribute(e.file(), "unix:rdev", LinkOption.NOFOLLOW_LINKS);
            return v instanceof Long l ? l : 0;
        } catch (IOException ex) {
            return 0;
        }
    }

    static String message(Exception e) {
        String m = e.getMessage();
        return m == null ? e.toString() : m;
    }
}
