package io.revcrypt.core.view;

import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.format.BlockLayout;
import io.revcrypt.core.format.ContentCrypto;
import io.revcrypt.core.format.FormatOptions;
import io.revcrypt.core.format.InvalidNameException;
import io.revcrypt.core.format.NameTransform;
import io.revcrypt.core.format.PathIv;
import io.revcrypt.core.format.ReversePaths;
import io.revcrypt.core.format.SymlinkCrypto;
import io.revcrypt.core.posix.DirEntryName;
import io.revcrypt.core.posix.Errno;
import io.revcrypt.core.posix.FileVersion;
import io.revcrypt.core.posix.PlainStat;
import io.revcrypt.core.posix.Posix;
import io.revcrypt.core.posix.PosixException;
import io.revcrypt.core.posix.StatFs;
import java.nio.charset.CharacterCodingException;
import java.time.Instant;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The encrypted, read-only view of a plaintext tree, byte for byte as {@code gocryptfs -reverse}
 * 2.3 shows it (design §1), independent of FUSE: resolve, list, stat, read, readlink, and the
 * path translations of the control socket. Every method takes a cipher path as the mount shows
 * it, relative, without a leading slash ({@code ""} is the root).
 *
 * <p>One deliberate difference from gocryptfs (design §1): a hard-linked file's IVs come from
 * its own path, and each path is shown as its own file (nlink 1, its own inode number).
 *
 * <p>Thread-safe, no locks on the read path. The only caches hold translations that are pure
 * functions of the key (cipher directory path → plaintext path, hashed long name → plaintext
 * name), so they can never go stale in a wrong way; attributes and contents are never cached.
 */
public final class ReverseView implements PathTranslator, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ReverseView.class.getName());
    private static final byte[] REVERSE_CONFIG = NameTransform.REVERSE_CONFIG_NAME.getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_CACHED_PATHS = 200_000;
    /** Longer than a tick of the kernel's coarse clock (4 ms at 250 Hz, 10 ms at 100 Hz). */
    private static final long COARSE_CLOCK_NANOS = 20_000_000L;
    private static final int VIRTUAL_FILE_MODE = PlainStat.S_IFREG | 0444;

    private final ViewOptions options;
    private final FormatOptions format;
    private final CryptoCore core;
    private final NameTransform names;
    private final ReversePaths paths;
    private final ContentCrypto content;
    private final SymlinkCrypto symlinks;
    private final PlainTree tree;
    private final InodeMap inodes;
    /** cipher path → plaintext path, for directories and hashed long names (design §5). */
    private final ConcurrentHashMap<String, PlainPath> resolved = new ConcurrentHashMap<>();
    private final ListingCache listings = new ListingCache();
    private volatile ChangeWatch changeWatch = ChangeWatch.NONE;

    private ReverseView(ViewOptions options, CryptoCore core, PlainTree tree, long rootDev) {
        this.options = options;
        this.format = options.format();
        this.core = core;
        this.names = new NameTransform(core.names(), format);
        this.paths = new ReversePaths(names);
        this.content = new ContentCrypto(core, true);
        this.symlinks = new SymlinkCrypto(core, true);
        this.tree = tree;
        this.inodes = new InodeMap(rootDev);
    }

    /**
     * Opens the view of {@code options.plainRoot()}. The view owns {@code core} from here on and
     * wipes its keys on {@link #close()}.
     */
    public static ReverseView open(ViewOptions options, CryptoCore core) throws FsException {
        if (!options.format().aesSiv()) {
            throw new IllegalArgumentException("reverse mode needs AES-SIV content encryption");
        }
        PlainTree tree;
        try {
            tree = new PlainTree(options.plainRoot());
        } catch (PosixException e) {
            throw new FsException(e.errno(), "cannot open source directory " + options.plainRoot() + ": "
                    + Posix.get().strerror(e.errno()));
        }
        try {
            PlainStat root = tree.lstat(PlainPath.root());
            return new ReverseView(options, core, tree, root.dev());
        } catch (PosixException e) {
            tree.close();
            throw FsException.of(e);
        }
    }

    public ViewOptions options() {
        return options;
    }

    // ================================================================ attributes

    public NodeAttributes getattr(String cipherPath) throws FsException {
        Node node = resolve(cipherPath);
        try {
            return attributes(node);
        } catch (PosixException e) {
            throw FsException.of(e);
        }
    }

    private NodeAttributes attributes(Node node) throws PosixException, FsException {
        if (node instanceof Node.Real real) {
            return realAttributes(real.cipherPath(), real.plainPath(), tree.lstat(real.plainPath()));
        } else if (node instanceof Node.DirIv d) {
            PlainStat dir = tree.lstat(d.plainDir());
            if (!dir.isDirectory()) {
                throw FsException.noEntry(d.cipherPath());
            }
            return NodeAttributes.of(dir, inodes.translate(dir.dev(), InodeMap.TAG_DIRIV, dir.ino()),
                    VIRTUAL_FILE_MODE, 1, PathIv.LENGTH);
        } else if (node instanceof Node.LongNameFile n) {
            PlainStat entry = tree.lstat(n.plainEntry());
            return NodeAttributes.of(entry, inodes.translate(entry.dev(), InodeMap.TAG_NAME_FILE, entry.ino()),
                    VIRTUAL_FILE_MODE, 1, n.encryptedName().length());
        } else {
            Node.Config c = (Node.Config) node;
            PlainStat s = tree.lstat(c.plainConfig());
            return NodeAttributes.of(s, inodes.translate(s.dev(), InodeMap.TAG_REAL, s.ino()), s.mode(), s.nlink(),
                    s.size());
        }
    }

    private NodeAttributes realAttributes(String cipherPath, PlainPath plain, PlainStat s) throws PosixException {
        if (s.isRegular()) {
            long size = BlockLayout.cipherSize(s.size());
            if (s.nlink() > 1) {
                // design §1: every path of a hard-linked file is its own file with its own IVs
                return NodeAttributes.of(s, pathInode(s, cipherPath), s.mode(), 1, size);
            }
            return NodeAttributes.of(s, inodes.translate(s.dev(), InodeMap.TAG_REAL, s.ino()), s.mode(), s.nlink(), size);
        }
        long ino = inodes.translate(s.dev(), InodeMap.TAG_REAL, s.ino());
        if (s.isSymlink()) {
            long size;
            if (format.plaintextNames()) {
                size = s.size();
            } else {
                byte[] target = tree.readlink(plain);
                size = target.length > SymlinkCrypto.MAX_TARGET ? 0 : SymlinkCrypto.encryptedLength(target.length);
            }
            return NodeAttributes.of(s, ino, s.mode(), s.nlink(), size);
        }
        return NodeAttributes.of(s, ino, s.mode(), s.nlink(), s.size());
    }

    private long pathInode(PlainStat s, String cipherPath) {
        byte[] h = PathIv.derive(cipherPath, PathIv.Purpose.FILEID);
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (h[i] & 0xff);
        }
        return inodes.translate(s.dev(), InodeMap.TAG_PATH_HASH, v);
    }

    // ================================================================ listing

    /**
     * Lists a directory as gocryptfs does (spec §6.5): the plaintext entries in getdents order,
     * excluded ones left out, each under its cipher name; then {@code gocryptfs.diriv}, then the
     * {@code .name} companions of hashed names.
     */
    public List<DirEntry> list(String cipherDir) throws FsException {
        PlainPath plainDir = resolveDirectory(cipherDir);
        List<DirEntryName> plainEntries;
        try {
            plainEntries = tree.list(plainDir);
        } catch (PosixException e) {
            throw FsException.of(e);
        }
        byte[] dirIv = dirIv(cipherDir);
        List<DirEntry> out = new ArrayList<>(plainEntries.size() + 1);
        List<DirEntry> nameFiles = new ArrayList<>();
        String prefix = cipherDir.isEmpty() ? "" : cipherDir + "/";
        for (DirEntryName e : plainEntries) {
            byte[] plainName = e.name();
            PlainPath child = plainDir.child(plainName);
            if (plainDir.isRoot() && Arrays.equals(plainName, REVERSE_CONFIG) && options.showConfig()) {
                out.add(new DirEntry(NameTransform.CONFIG_NAME, PlainStat.S_IFREG));
                continue;
            }
            if (isExcluded(child)) {
                continue;
            }
            String cipherName;
            if (format.plaintextNames()) {
                cipherName = plaintextName(plainName, child);
                if (cipherName == null) {
                    continue;
                }
            } else {
                cipherName = names.encryptName(plainName, dirIv);
                if (names.isTooLong(cipherName)) {
                    String hashed = NameTransform.longNameHash(cipherName);
                    cacheResolved(prefix + hashed, child);
                    nameFiles.add(new DirEntry(hashed + NameTransform.LONGNAME_SUFFIX, PlainStat.S_IFREG));
                    cipherName = hashed;
                }
            }
            out.add(new DirEntry(cipherName, typeBits(e.type())));
        }
        if (format.hasDirIv()) {
            out.add(new DirEntry(NameTransform.DIRIV_NAME, PlainStat.S_IFREG));
        }
        out.addAll(nameFiles);
        return out;
    }

    /**
     * {@link #list} with every entry's attributes, each identical to what {@link #getattr} gives
     * for that path (hard-link rule, symlink sizes, the virtual {@code gocryptfs.diriv},
     * {@code .name} and {@code gocryptfs.conf}): what a FUSE READDIRPLUS reply needs. The
     * directory is walked to once and its entries are stat'ed relative to one descriptor of it
     * (in the root, relative to the root's own descriptor). An entry that vanishes between the
     * listing and its stat keeps its name, with {@code null} attributes.
     */
    public List<DirEntryPlus> listWithAttributes(String cipherDir) throws FsException {
        PlainPath plainDir = resolveDirectory(cipherDir);
        Posix posix = Posix.get();
        int fd = -1;
        try {
            PlainStat dirStat;
            if (plainDir.isRoot()) {
                // the root's children are one statx away from the root's descriptor already
                dirStat = tree.lstat(plainDir);
            } else {
                // a read-only descriptor of the directory itself, walked to without following
                // symlinks (a directory opens O_RDONLY like a file does)
                fd = tree.openForReading(plainDir);
                dirStat = posix.fstat(fd);
            }
            // the names of an unchanged directory listed a moment ago are taken as they were
            // (ListingCache); the attributes are always stat'ed now
            PlainStat listedAt = dirStat;
            ListingCache.Names kept = listings.get(cipherDir, listedAt);
            List<DirEntryName> plainEntries;
            if (kept != null) {
                plainEntries = kept.plainEntries();
            } else {
                plainEntries = fd < 0 ? tree.list(plainDir) : posix.list(fd, new byte[] {'.'});
                // reading the directory may have moved its atime, which gocryptfs.diriv shows
                dirStat = fd < 0 ? tree.lstat(plainDir) : posix.fstat(fd);
            }
            String[] viewNames = kept != null ? kept.viewNames() : new String[plainEntries.size()];
            int[] encryptedLengths = kept != null ? kept.encryptedLengths() : new int[plainEntries.size()];
            byte[] dirIv = kept != null ? null : dirIv(cipherDir);
            List<DirEntryPlus> out = new ArrayList<>(plainEntries.size() + 1);
            // a .name file's attributes are made after gocryptfs.diriv's, in listing order, so
            // that virtual inode namespaces are handed out in the order gocryptfs hands them out
            record NameFile(String name, PlainStat stat, int encryptedLength) {
            }
            List<NameFile> nameFiles = new ArrayList<>();
            String prefix = cipherDir.isEmpty() ? "" : cipherDir + "/";
            for (int i = 0; i < plainEntries.size(); i++) {
                DirEntryName e = plainEntries.get(i);
                byte[] plainName = e.name();
                PlainPath child = plainDir.child(plainName);
                PlainStat s;
                try {
                    s = fd < 0 ? tree.lstat(child) : posix.lstat(fd, plainName);
                } catch (PosixException gone) {
                    s = null;
                }
                if (plainDir.isRoot() && Arrays.equals(plainName, REVERSE_CONFIG) && options.showConfig()) {
                    // as getattr's Node.Config: the real file, unencrypted, with its own size
                    out.add(new DirEntryPlus(NameTransform.CONFIG_NAME, PlainStat.S_IFREG, s == null ? null
                            : NodeAttributes.of(s, inodes.translate(s.dev(), InodeMap.TAG_REAL, s.ino()), s.mode(),
                                    s.nlink(), s.size())));
                    continue;
                }
                if (kept == null) {
                    viewNames[i] = viewName(plainName, child, dirIv, encryptedLengths, i);
                }
                String cipherName = viewNames[i];
                if (cipherName == null) {
                    continue;
                }
                if (encryptedLengths[i] > 0) {
                    cacheResolved(prefix + cipherName, child);
                    nameFiles.add(new NameFile(cipherName + NameTransform.LONGNAME_SUFFIX, s, encryptedLengths[i]));
                }
                NodeAttributes attrs = null;
                if (s != null) {
                    try {
                        attrs = realAttributes(prefix + cipherName, child, s);
                    } catch (PosixException gone) {
                        // a symlink whose target could not be read any more
                    }
                }
                out.add(new DirEntryPlus(cipherName, typeBits(e.type()), attrs, plainName));
            }
            if (kept == null) {
                listings.put(cipherDir, listedAt, new ListingCache.Names(plainEntries, viewNames, encryptedLengths));
            }
            if (format.hasDirIv()) {
                out.add(new DirEntryPlus(NameTransform.DIRIV_NAME, PlainStat.S_IFREG,
                        NodeAttributes.of(dirStat, inodes.translate(dirStat.dev(), InodeMap.TAG_DIRIV, dirStat.ino()),
                                VIRTUAL_FILE_MODE, 1, PathIv.LENGTH)));
            }
            for (NameFile n : nameFiles) {
                PlainStat s = n.stat();
                out.add(new DirEntryPlus(n.name(), PlainStat.S_IFREG, s == null ? null : NodeAttributes.of(s,
                        inodes.translate(s.dev(), InodeMap.TAG_NAME_FILE, s.ino()), VIRTUAL_FILE_MODE, 1,
                        n.encryptedLength())));
            }
            return out;
        } catch (PosixException e) {
            throw FsException.of(e);
        } finally {
            posix.close(fd);
        }
    }

    /**
     * The name under which a plaintext entry shows in its directory's listing, or null if it does
     * not show (excluded, or a plaintext name that is not UTF-8). A long name shows hashed; its
     * full encrypted length goes to {@code encryptedLengths[i]}.
     */
    private String viewName(byte[] plainName, PlainPath child, byte[] dirIv, int[] encryptedLengths, int i) {
        if (isExcluded(child)) {
            return null;
        }
        if (format.plaintextNames()) {
            return plaintextName(plainName, child);
        }
        String cipherName = names.encryptName(plainName, dirIv);
        if (!names.isTooLong(cipherName)) {
            return cipherName;
        }
        encryptedLengths[i] = cipherName.length();
        return NameTransform.longNameHash(cipherName);
    }

    private static int typeBits(int dtype) {
        return switch (dtype) {
            case DirEntryName.DT_REG -> PlainStat.S_IFREG;
            case DirEntryName.DT_DIR -> PlainStat.S_IFDIR;
            case DirEntryName.DT_LNK -> PlainStat.S_IFLNK;
            case DirEntryName.DT_FIFO -> PlainStat.S_IFIFO;
            case DirEntryName.DT_SOCK -> PlainStat.S_IFSOCK;
            case DirEntryName.DT_CHR -> PlainStat.S_IFCHR;
            case DirEntryName.DT_BLK -> PlainStat.S_IFBLK;
            default -> 0;
        };
    }

    /** With PlaintextNames a name is shown as it is; a name that is not UTF-8 cannot be, and is skipped. */
    private static String plaintextName(byte[] plainName, PlainPath child) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(plainName)).toString();
        } catch (CharacterCodingException e) {
            LOG.log(System.Logger.Level.WARNING, "skipping {0}: not valid UTF-8, which plaintext-names mode cannot show",
                    child);
            return null;
        }
    }

    // ================================================================ contents

    /**
     * From now on, files opened are watched for writes while they are read, and {@code watch} is
     * told of each (see {@link ChangeWatch}); it costs one {@code statx} per read.
     */
    public void watchChanges(ChangeWatch watch) {
        this.changeWatch = Objects.requireNonNull(watch, "watch");
    }

    /** Opens a file of the view for reading. Only regular files and virtual files can be opened. */
    public OpenFile open(String cipherPath) throws FsException {
        return open(cipherPath, -1);
    }

    /**
     * Opens a file and serves it at {@code plainSize} bytes if that is not negative — the size a
     * caller (the kernel, through FUSE) already believes the file has, so that what it reads is
     * consistent with what it was told. Bytes past the real file's end give EIO, never a torn block.
     */
    public OpenFile open(String cipherPath, long plainSize) throws FsException {
        Node node = resolve(cipherPath);
        try {
            if (node instanceof Node.Real real) {
                return openReal(real, plainSize);
            }
            NodeAttributes attrs = attributes(node);
            if (node instanceof Node.DirIv d) {
                return new BytesFile(dirIv(d.cipherDir()), attrs);
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
            NodeAttributes attrs = realAttributes(real.cipherPath(), real.plainPath(), s);
            String c = real.cipherPath();
            ChangeWatch watch = changeWatch;
            boolean watched = watch != ChangeWatch.NONE;
            boolean notAsTold = watched && (servedSize >= 0 && servedSize != s.size() || writtenJustNow(s));
            EncryptedFile file = new EncryptedFile(content, fd, c, PathIv.derive(c, PathIv.Purpose.FILEID),
                    PathIv.derive(c, PathIv.Purpose.BLOCK0IV), servedSize >= 0 ? servedSize : s.size(), attrs,
                    watched ? FileVersion.of(s) : null, watch, notAsTold);
            fd = -1;
            return file;
        } finally {
            Posix.get().close(fd);
        }
    }

    /**
     * Changed within the last {@link #COARSE_CLOCK_NANOS}: a second write in the same tick of the
     * kernel's coarse clock would leave size (if in place), mtime and ctime as they are, so no
     * later look could tell.
     */
    private static boolean writtenJustNow(PlainStat s) {
        Instant now = Instant.now();
        long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return nowNanos - FileVersion.of(s).ctimeNanos() < COARSE_CLOCK_NANOS;
    }

    private byte[] readWhole(PlainPath path, long size) throws PosixException, FsException {
        if (size > 1 << 20) {
            throw new FsException(Errno.EIO, "config file is implausibly large: " + path);
        }
        int fd = tree.openForReading(path);
        try {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect((int) size + 1);
            int n = Posix.get().pread(fd, buf, (int) size + 1, 0);
            byte[] out = new byte[n];
            buf.get(0, out, 0, n);
            return out;
        } finally {
            Posix.get().close(fd);
        }
    }

    /** The target of a symlink as the view shows it (encrypted unless PlaintextNames). */
    public byte[] readlink(String cipherPath) throws FsException {
        Node node = resolve(cipherPath);
        if (!(node instanceof Node.Real real)) {
            throw new FsException(Errno.EINVAL, "not a symlink: " + cipherPath);
        }
        try {
            byte[] target = tree.readlink(real.plainPath());
            if (format.plaintextNames()) {
                return target;
            }
            if (target.length > SymlinkCrypto.MAX_TARGET) {
                throw new FsException(Errno.ENAMETOOLONG, "symlink target longer than " + SymlinkCrypto.MAX_TARGET
                        + " bytes cannot be encrypted into a 4096-byte name: " + real.plainPath());
            }
            return symlinks.encryptTarget(target, cipherPath).getBytes(StandardCharsets.US_ASCII);
        } catch (PosixException e) {
            throw FsException.of(e);
        }
    }

    public StatFs statfs() throws FsException {
        try {
            return tree.statfs();
        } catch (PosixException e) {
            throw FsException.of(e);
        }
    }

    // ================================================================ control socket

    @Override
    public String encryptPath(byte[] plainPath) throws TranslationException {
        PlainPath p = PlainPath.parse(plainPath);
        if (p.isRoot()) {
            throw new TranslationException(TranslationException.OTHER, "empty path");
        }
        byte[][] components = new byte[p.depth()][];
        for (int i = 0; i < p.depth(); i++) {
            components[i] = p.componentUnsafe(i);
        }
        try {
            return paths.cipherPath(components);
        } catch (IllegalArgumentException e) {
            // gocryptfs 2.3 answers an invalid name (NUL, over 255 bytes) with EBADMSG's text
            throw new TranslationException(TranslationException.OTHER, "bad message");
        }
    }

    /**
     * revcrypt's own request: a directory as {@link #listWithAttributes} gives it, each real entry
     * with its plaintext name, so that a client learns a whole directory's names and attributes in
     * one answer instead of a lookup per entry.
     */
    @Override
    public DirectoryListing listDirectory(String cipherDir) throws TranslationException {
        try {
            PlainPath plainDir = resolveDirectory(cipherDir);
            return new DirectoryListing(plainDir.toBytes(), listWithAttributes(cipherDir));
        } catch (FsException e) {
            throw e.errno() == Errno.ENOENT ? TranslationException.noSuchFile()
                    : new TranslationException(e.errno(), e.getMessage());
        }
    }

    @Override
    public byte[] decryptPath(String cipherPath) throws TranslationException {
        PlainPath plain = PlainPath.root();
        String prefix = "";
        for (String name : cipherPath.split("/", -1)) {
            if (name.isEmpty()) {
                throw TranslationException.noSuchFile();
            }
            if (NameTransform.isLongNameFile(name)) {
                throw TranslationException.invalidArgument();
            }
            if (name.equals(NameTransform.DIRIV_NAME) || name.equals(NameTransform.CONFIG_NAME)) {
                throw TranslationException.noSuchFile();
            }
            try {
                plain = plain.child(plainName(prefix, plain, name));
            } catch (FsException e) {
                throw e.errno() == Errno.ENOENT ? TranslationException.noSuchFile()
                        : new TranslationException(e.errno(), e.getMessage());
            }
            prefix = prefix.isEmpty() ? name : prefix + "/" + name;
        }
        return plain.toBytes();
    }

    // ================================================================ resolution

    /** Resolves a cipher path of the view; excluded entries give EPERM as in gocryptfs. */
    Node resolve(String cipherPath) throws FsException {
        if (cipherPath.isEmpty()) {
            return new Node.Real("", PlainPath.root());
        }
        int slash = cipherPath.lastIndexOf('/');
        String cipherParent = slash < 0 ? "" : cipherPath.substring(0, slash);
        String name = cipherPath.substring(slash + 1);
        if (name.isEmpty()) {
            throw FsException.noEntry(cipherPath);
        }
        PlainPath plainParent = resolveDirectory(cipherParent);
        if (!format.plaintextNames()) {
            if (name.equals(NameTransform.DIRIV_NAME) && format.hasDirIv()) {
                return new Node.DirIv(cipherPath, cipherParent, plainParent);
            }
            if (NameTransform.isLongNameFile(name)) {
                String hashed = name.substring(0, name.length() - NameTransform.LONGNAME_SUFFIX.length());
                PlainPath entry = resolveChild(cipherParent, plainParent, hashed);
                String encrypted = names.encryptName(entry.name(), dirIv(cipherParent));
                return new Node.LongNameFile(cipherPath, entry, encrypted);
            }
        }
        if (cipherParent.isEmpty() && options.showConfig() && name.equals(NameTransform.CONFIG_NAME)) {
            return new Node.Config(cipherPath, PlainPath.root().child(REVERSE_CONFIG));
        }
        return new Node.Real(cipherPath, resolveChild(cipherParent, plainParent, name));
    }

    private PlainPath resolveDirectory(String cipherDir) throws FsException {
        if (cipherDir.isEmpty()) {
            return PlainPath.root();
        }
        PlainPath cached = resolved.get(cipherDir);
        if (cached != null) {
            return cached;
        }
        int slash = cipherDir.lastIndexOf('/');
        String cipherParent = slash < 0 ? "" : cipherDir.substring(0, slash);
        PlainPath parent = resolveDirectory(cipherParent);
        PlainPath dir = resolveChild(cipherParent, parent, cipherDir.substring(slash + 1));
        cacheResolved(cipherDir, dir);
        return dir;
    }

    private PlainPath resolveChild(String cipherParent, PlainPath plainParent, String name) throws FsException {
        PlainPath child = plainParent.child(plainName(cipherParent, plainParent, name));
        String cipherPath = cipherParent.isEmpty() ? name : cipherParent + "/" + name;
        if (plainParent.isRoot() && options.showConfig() && Arrays.equals(child.componentUnsafe(0), REVERSE_CONFIG)) {
            // shown as gocryptfs.conf, never under its encrypted name (gocryptfs 2.3 leaks it there)
            throw FsException.noEntry(cipherPath);
        }
        if (isExcluded(child)) {
            throw FsException.excluded(cipherPath);
        }
        return child;
    }

    /** The plaintext name of one cipher name in a directory (no exclusion check). */
    private byte[] plainName(String cipherParent, PlainPath plainParent, String name) throws FsException {
        if (format.plaintextNames()) {
            byte[] plain = name.getBytes(StandardCharsets.UTF_8);
            if (!NameTransform.isValidPlainName(plain)) {
                throw FsException.noEntry(name);
            }
            return plain;
        }
        if (name.equals(NameTransform.DIRIV_NAME) || NameTransform.isLongNameFile(name)
                || (cipherParent.isEmpty() && name.equals(NameTransform.CONFIG_NAME))) {
            throw FsException.noEntry(name);
        }
        if (NameTransform.isLongName(name)) {
            return findLongName(cipherParent, plainParent, name).name();
        }
        try {
            return names.decryptName(name, dirIv(cipherParent));
        } catch (InvalidNameException e) {
            throw FsException.noEntry(name);
        }
    }

    /**
     * A hashed name can only be found by encrypting the long entries of its plaintext directory
     * (gocryptfs {@code findLongnameParent}); listings fill the cache so rsync's lookups hit it.
     */
    private PlainPath findLongName(String cipherParent, PlainPath plainParent, String hashed) throws FsException {
        String key = cipherParent.isEmpty() ? hashed : cipherParent + "/" + hashed;
        PlainPath cached = resolved.get(key);
        if (cached != null) {
            return cached;
        }
        List<DirEntryName> entries;
        try {
            entries = tree.list(plainParent);
        } catch (PosixException e) {
            throw FsException.of(e);
        }
        byte[] dirIv = dirIv(cipherParent);
        int shortMax = names.shortNameMax();
        PlainPath found = null;
        for (DirEntryName e : entries) {
            if (e.name().length <= shortMax) {
                continue;
            }
            String enc = names.encryptName(e.name(), dirIv);
            if (names.isTooLong(enc)) {
                String h = NameTransform.longNameHash(enc);
                PlainPath child = plainParent.child(e.name());
                cacheResolved(cipherParent.isEmpty() ? h : cipherParent + "/" + h, child);
                if (h.equals(hashed)) {
                    found = child;
                }
            }
        }
        if (found == null) {
            throw FsException.noEntry(key);
        }
        return found;
    }

    private void cacheResolved(String cipherPath, PlainPath plain) {
        if (resolved.size() >= MAX_CACHED_PATHS) {
            resolved.clear();
        }
        resolved.put(cipherPath, plain);
    }

    private boolean isExcluded(PlainPath plain) {
        return !options.exclusions().isEmpty() && options.exclusions().isExcluded(plain.toBytes());
    }

    private byte[] dirIv(String cipherDir) {
        return paths.dirIv(cipherDir);
    }

    @Override
    public void close() {
        tree.close();
        core.close();
    }
}
