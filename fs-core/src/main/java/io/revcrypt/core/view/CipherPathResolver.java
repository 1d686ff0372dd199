package io.revcrypt.core.view;

import io.revcrypt.core.format.FormatOptions;
import io.revcrypt.core.format.InvalidNameException;
import io.revcrypt.core.format.NameTransform;
import io.revcrypt.core.format.ReversePaths;
import io.revcrypt.core.posix.DirEntryName;
import io.revcrypt.core.posix.PosixException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Cipher path → what it shows (gocryptfs {@code rpath.go} of the reverse frontend): a real
 * plaintext entry, or one of the virtual files. Short names decrypt with their directory's IV; a
 * hashed long name can only be found by encrypting the long entries of its plaintext directory,
 * so directories and hashed names are remembered in {@link ResolvedPaths}. Entries the listing
 * hides ({@link EntryNaming}) are refused here: excluded ones with EPERM as in gocryptfs, the
 * config under its own name with ENOENT. Touches the disk only to list a directory for a hashed
 * name; whether the entry exists is for whoever stats it.
 */
final class CipherPathResolver {

    private final FormatOptions format;
    private final boolean showConfig;
    private final NameTransform names;
    private final ReversePaths paths;
    private final PlainTree tree;
    private final EntryNaming naming;
    private final ResolvedPaths resolved;

    CipherPathResolver(ViewOptions options, NameTransform names, ReversePaths paths, PlainTree tree,
                       EntryNaming naming, ResolvedPaths resolved) {
        this.format = options.format();
        this.showConfig = options.showConfig();
        this.names = names;
        this.paths = paths;
        this.tree = tree;
        this.naming = naming;
        this.resolved = resolved;
    }

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
        if (cipherParent.isEmpty() && showConfig && name.equals(NameTransform.CONFIG_NAME)) {
            return new Node.Config(cipherPath, EntryNaming.reverseConfig());
        }
        return new Node.Real(cipherPath, resolveChild(cipherParent, plainParent, name));
    }

    /** The plaintext path of a cipher directory path (not checked to be a directory). */
    PlainPath resolveDirectory(String cipherDir) throws FsException {
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
        resolved.remember(cipherDir, dir);
        return dir;
    }

    /**
     * The plaintext name of one cipher name in a directory, without the checks of what the view
     * hides: the control socket's DecryptPath translates an excluded name too.
     */
    byte[] plainName(String cipherParent, PlainPath plainParent, String name) throws FsException {
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

    /** The IV a directory's entries are encrypted with: a function of its cipher path alone. */
    byte[] dirIv(String cipherDir) {
        return paths.dirIv(cipherDir);
    }

    private PlainPath resolveChild(String cipherParent, PlainPath plainParent, String name) throws FsException {
        byte[] plainName = plainName(cipherParent, plainParent, name);
        String cipherPath = cipherParent.isEmpty() ? name : cipherParent + "/" + name;
        if (naming.isShownAsConfig(plainParent, plainName)) {
            // shown as gocryptfs.conf, never under its encrypted name (gocryptfs 2.3 leaks it there)
            throw FsException.noEntry(cipherPath);
        }
        PlainPath child = plainParent.child(plainName);
        if (naming.isExcluded(child)) {
            throw FsException.excluded(cipherPath);
        }
        return child;
    }

    /**
     * A hashed name can only be found by encrypting the long entries of its plaintext directory
     * (gocryptfs {@code findLongnameParent}). Every hashed name met on the way is remembered, and
     * listings remember theirs, so rsync's lookups after a listing hit.
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
            // a name this short encrypts to a short name: not worth encrypting to find out
            if (e.name().length <= shortMax) {
                continue;
            }
            String enc = names.encryptName(e.name(), dirIv);
            if (names.isTooLong(enc)) {
                String h = NameTransform.longNameHash(enc);
                PlainPath child = plainParent.child(e.name());
                resolved.remember(cipherParent.isEmpty() ? h : cipherParent + "/" + h, child);
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
}
