package io.revcrypt.core.view;

import io.revcrypt.core.format.FormatOptions;
import io.revcrypt.core.format.NameTransform;
import io.revcrypt.core.posix.DirEntryName;
import io.revcrypt.core.posix.PlainStat;
import io.revcrypt.core.posix.PosixException;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory of the view as gocryptfs lists it (spec §6.5; gocryptfs {@code Readdir} of the
 * reverse frontend): the plaintext entries in getdents order under the names {@link EntryNaming}
 * gives them, hidden ones left out; then {@code gocryptfs.diriv}; then the {@code .name}
 * companions of hashed names, whose plaintext paths are remembered in {@link ResolvedPaths} so
 * that the lookups which follow a listing need not encrypt the directory again.
 */
final class DirectoryLister {

    private final FormatOptions format;
    private final PlainTree tree;
    private final CipherPathResolver resolver;
    private final EntryNaming naming;
    private final ViewAttributes attributes;
    private final ResolvedPaths resolved;
    private final ListingCache listings = new ListingCache();

    DirectoryLister(FormatOptions format, PlainTree tree, CipherPathResolver resolver, EntryNaming naming,
                    ViewAttributes attributes, ResolvedPaths resolved) {
        this.format = format;
        this.tree = tree;
        this.resolver = resolver;
        this.naming = naming;
        this.attributes = attributes;
        this.resolved = resolved;
    }

    /** Names and types only, as getdents gives them; read and encrypted anew on every call. */
    List<DirEntry> list(String cipherDir) throws FsException {
        PlainPath plainDir = resolver.resolveDirectory(cipherDir);
        List<DirEntryName> plainEntries;
        try {
            plainEntries = tree.list(plainDir);
        } catch (PosixException e) {
            throw FsException.of(e);
        }
        ViewName[] viewNames = naming.nameAll(plainDir, plainEntries, resolver.dirIv(cipherDir));
        List<DirEntry> out = new ArrayList<>(plainEntries.size() + 1);
        List<DirEntry> nameFiles = new ArrayList<>();
        String prefix = childPrefix(cipherDir);
        for (int i = 0; i < viewNames.length; i++) {
            ViewName shown = viewNames[i];
            if (shown == null) {
                continue;
            }
            if (shown.config()) {
                out.add(new DirEntry(shown.name(), PlainStat.S_IFREG));
                continue;
            }
            DirEntryName e = plainEntries.get(i);
            if (shown.isHashed()) {
                resolved.remember(prefix + shown.name(), plainDir.child(e.name()));
                nameFiles.add(new DirEntry(shown.nameFileName(), PlainStat.S_IFREG));
            }
            out.add(new DirEntry(shown.name(), typeBits(e.type())));
        }
        if (format.hasDirIv()) {
            out.add(new DirEntry(NameTransform.DIRIV_NAME, PlainStat.S_IFREG));
        }
        out.addAll(nameFiles);
        return out;
    }

    /**
     * {@link #list} with every entry's attributes, each identical to what getattr gives for that
     * path (built by {@link ViewAttributes} for both): what a FUSE READDIRPLUS reply needs. The
     * directory is walked to once and its entries are stat'ed relative to one descriptor of it
     * ({@link PlainTree#openDirectory}). An entry that vanishes between the listing
     * and its stat keeps its name, with {@code null} attributes. The names of an unchanged
     * directory listed less than a second ago are taken from {@link ListingCache}; the attributes
     * are always stat'ed now.
     */
    List<DirEntryPlus> listWithAttributes(String cipherDir) throws FsException {
        PlainPath plainDir = resolver.resolveDirectory(cipherDir);
        try (PlainTree.Directory dir = tree.openDirectory(plainDir)) {
            PlainStat listedAt = dir.stat();
            PlainStat dirStat = listedAt;
            ListingCache.Names kept = listings.get(cipherDir, listedAt);
            List<DirEntryName> plainEntries;
            ViewName[] viewNames;
            if (kept != null) {
                plainEntries = kept.plainEntries();
                viewNames = kept.viewNames();
            } else {
                plainEntries = dir.list();
                // reading the directory may have moved its atime, which gocryptfs.diriv shows
                dirStat = dir.stat();
                viewNames = naming.nameAll(plainDir, plainEntries, resolver.dirIv(cipherDir));
                listings.put(cipherDir, listedAt, new ListingCache.Names(plainEntries, viewNames));
            }
            List<DirEntryPlus> out = new ArrayList<>(plainEntries.size() + 1);
            // a .name file's attributes are made after gocryptfs.diriv's, in listing order, so
            // that virtual inode namespaces are handed out in the order gocryptfs hands them out
            record NameFile(ViewName shown, PlainStat stat) {
            }
            List<NameFile> nameFiles = new ArrayList<>();
            String prefix = childPrefix(cipherDir);
            for (int i = 0; i < viewNames.length; i++) {
                ViewName shown = viewNames[i];
                if (shown == null) {
                    continue;
                }
                DirEntryName e = plainEntries.get(i);
                byte[] plainName = e.name();
                PlainStat s;
                try {
                    s = dir.lstat(plainName);
                } catch (PosixException gone) {
                    s = null;
                }
                if (shown.config()) {
                    out.add(new DirEntryPlus(shown.name(), PlainStat.S_IFREG, s == null ? null : attributes.config(s)));
                    continue;
                }
                PlainPath child = plainDir.child(plainName);
                if (shown.isHashed()) {
                    resolved.remember(prefix + shown.name(), child);
                    nameFiles.add(new NameFile(shown, s));
                }
                NodeAttributes attrs = null;
                if (s != null) {
                    try {
                        attrs = attributes.real(prefix + shown.name(), child, s);
                    } catch (PosixException gone) {
                        // a symlink whose target could not be read any more
                    }
                }
                out.add(new DirEntryPlus(shown.name(), typeBits(e.type()), attrs, plainName));
            }
            if (format.hasDirIv()) {
                out.add(new DirEntryPlus(NameTransform.DIRIV_NAME, PlainStat.S_IFREG, attributes.dirIv(dirStat)));
            }
            for (NameFile n : nameFiles) {
                out.add(new DirEntryPlus(n.shown().nameFileName(), PlainStat.S_IFREG,
                        n.stat() == null ? null : attributes.nameFile(n.stat(), n.shown().encryptedLength())));
            }
            return out;
        } catch (PosixException e) {
            throw FsException.of(e);
        }
    }

    /** What a child's cipher path starts with: the directory's path and a slash, nothing in the root. */
    private static String childPrefix(String cipherDir) {
        return cipherDir.isEmpty() ? "" : cipherDir + "/";
    }

    /** A getdents type as the mode's type bits. */
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
}
