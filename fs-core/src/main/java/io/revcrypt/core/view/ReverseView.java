package io.revcrypt.core.view;

import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.format.ContentCrypto;
import io.revcrypt.core.format.FormatOptions;
import io.revcrypt.core.format.NameTransform;
import io.revcrypt.core.format.ReversePaths;
import io.revcrypt.core.format.SymlinkCrypto;
import io.revcrypt.core.posix.Errno;
import io.revcrypt.core.posix.PlainStat;
import io.revcrypt.core.posix.Posix;
import io.revcrypt.core.posix.PosixException;
import io.revcrypt.core.posix.StatFs;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The encrypted, read-only view of a plaintext tree, byte for byte as {@code gocryptfs -reverse}
 * 2.3 shows it (design §1), independent of FUSE: resolve, list, stat, read, readlink, and the
 * path translations of the control socket. Every method takes a cipher path as the mount shows
 * it, relative, without a leading slash ({@code ""} is the root).
 *
 * <p>One deliberate difference from gocryptfs (design §1): a hard-linked file's IVs come from
 * its own path, and each path is shown as its own file (nlink 1, its own inode number).
 *
 * <p>This class is the façade: getattr, list, open, readlink, statfs and the control socket's
 * requests, each delegating to the class that holds that job, split as gocryptfs splits its
 * reverse frontend:
 * <ul>
 *   <li>{@link CipherPathResolver} — cipher path → {@link Node} (resolve, plainName, the search
 *       for a hashed long name; gocryptfs {@code rpath.go});</li>
 *   <li>{@link DirectoryLister} — {@code list} and {@code listWithAttributes} (gocryptfs
 *       {@code Readdir}), both naming entries by {@link EntryNaming}, the one rule for what an
 *       entry is called and whether it shows;</li>
 *   <li>{@link ViewAttributes} — what stat shows for each kind of node, for getattr and
 *       listings alike;</li>
 *   <li>{@link FileOpener} — open: real files encrypted as they are read ({@link EncryptedFile}),
 *       virtual ones from memory;</li>
 *   <li>{@link PlainTree} — every access to the plaintext, by descriptors, nothing cached;
 *       {@link InodeMap} — the view's inode numbers.</li>
 * </ul>
 *
 * <p>Thread-safe, no locks on the read path. What is cached today, and why it cannot go stale in
 * a wrong way:
 * <ul>
 *   <li>{@link ResolvedPaths}: cipher directory path → plaintext path and hashed long name →
 *       plaintext name, pure functions of the key (at most 200,000, then it starts again);</li>
 *   <li>{@link ListingCache}: the plaintext entries and view names of a directory listed with
 *       attributes less than a second ago, used only while the directory shows the same inode,
 *       mtime and ctime (an entry added, removed or renamed changes those);</li>
 *   <li>{@link InodeMap}: the namespaces of virtual and other-device inode numbers, handed out
 *       in order of first use.</li>
 * </ul>
 * Attributes and contents are never cached.
 */
public final class ReverseView implements PathTranslator, AutoCloseable {

    private final ViewOptions options;
    private final FormatOptions format;
    private final CryptoCore core;
    private final ReversePaths paths;
    private final SymlinkCrypto symlinks;
    private final PlainTree tree;
    private final CipherPathResolver resolver;
    private final ViewAttributes attributes;
    private final DirectoryLister lister;
    private final FileOpener files;

    private ReverseView(ViewOptions options, CryptoCore core, PlainTree tree, long rootDev) {
        this.options = options;
        this.format = options.format();
        this.core = core;
        NameTransform names = new NameTransform(core.names(), format);
        this.paths = new ReversePaths(names);
        this.symlinks = new SymlinkCrypto(core, true);
        this.tree = tree;
        EntryNaming naming = new EntryNaming(options, names);
        ResolvedPaths resolved = new ResolvedPaths();
        this.resolver = new CipherPathResolver(options, names, paths, tree, naming, resolved);
        this.attributes = new ViewAttributes(format, tree, new InodeMap(rootDev));
        this.lister = new DirectoryLister(format, tree, resolver, naming, attributes, resolved);
        this.files = new FileOpener(new ContentCrypto(core, true), tree, resolver, attributes);
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
        Node node = resolver.resolve(cipherPath);
        try {
            return attributes.of(node);
        } catch (PosixException e) {
            throw FsException.of(e);
        }
    }

    // ================================================================ listing

    /**
     * Lists a directory as gocryptfs does (spec §6.5): the plaintext entries in getdents order,
     * excluded ones left out, each under its cipher name; then {@code gocryptfs.diriv}, then the
     * {@code .name} companions of hashed names.
     */
    public List<DirEntry> list(String cipherDir) throws FsException {
        return lister.list(cipherDir);
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
        return lister.listWithAttributes(cipherDir);
    }

    // ================================================================ contents

    /**
     * From now on, files opened are watched for writes while they are read, and {@code watch} is
     * told of each (see {@link ChangeWatch}); it costs one {@code statx} per read.
     */
    public void watchChanges(ChangeWatch watch) {
        files.watchChanges(watch);
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
        return files.open(cipherPath, plainSize);
    }

    /** The target of a symlink as the view shows it (encrypted unless PlaintextNames). */
    public byte[] readlink(String cipherPath) throws FsException {
        Node node = resolver.resolve(cipherPath);
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
            PlainPath plainDir = resolver.resolveDirectory(cipherDir);
            return new DirectoryListing(plainDir.toBytes(), listWithAttributes(cipherDir));
        } catch (FsException e) {
            throw translationFailure(e);
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
                plain = plain.child(resolver.plainName(prefix, plain, name));
            } catch (FsException e) {
                throw translationFailure(e);
            }
            prefix = prefix.isEmpty() ? name : prefix + "/" + name;
        }
        return plain.toBytes();
    }

    /** A failed view operation as the control socket answers it: ENOENT with gocryptfs's text. */
    private static TranslationException translationFailure(FsException e) {
        return e.errno() == Errno.ENOENT ? TranslationException.noSuchFile()
                : new TranslationException(e.errno(), e.getMessage());
    }

    @Override
    public void close() {
        tree.close();
        core.close();
    }
}
