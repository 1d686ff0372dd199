package io.revcrypt.core.view;

import io.revcrypt.core.format.BlockLayout;
import io.revcrypt.core.format.FormatOptions;
import io.revcrypt.core.format.PathIv;
import io.revcrypt.core.format.SymlinkCrypto;
import io.revcrypt.core.posix.PlainStat;
import io.revcrypt.core.posix.PosixException;

/**
 * What {@code stat} shows for each kind of {@link Node} (spec §8): a real entry's own attributes
 * with the ciphertext's size, the virtual files' fixed mode and size, and the view's inode
 * numbers. getattr and listWithAttributes both build their attributes here, so that a
 * READDIRPLUS reply says exactly what a lookup would.
 */
final class ViewAttributes {

    private static final int VIRTUAL_FILE_MODE = PlainStat.S_IFREG | 0444;

    private final FormatOptions format;
    private final PlainTree tree;
    private final InodeMap inodes;

    ViewAttributes(FormatOptions format, PlainTree tree, InodeMap inodes) {
        this.format = format;
        this.tree = tree;
        this.inodes = inodes;
    }

    /** Stats the node now. */
    NodeAttributes of(Node node) throws PosixException, FsException {
        if (node instanceof Node.Real real) {
            return real(real.cipherPath(), real.plainPath(), tree.lstat(real.plainPath()));
        } else if (node instanceof Node.DirIv d) {
            PlainStat dir = tree.lstat(d.plainDir());
            if (!dir.isDirectory()) {
                throw FsException.noEntry(d.cipherPath());
            }
            return dirIv(dir);
        } else if (node instanceof Node.LongNameFile n) {
            return nameFile(tree.lstat(n.plainEntry()), n.encryptedName().length());
        } else {
            return config(tree.lstat(((Node.Config) node).plainConfig()));
        }
    }

    /**
     * A real entry whose lstat is {@code s}. A symlink's size is that of its encrypted target, so
     * its target is read (walking to it anew).
     */
    NodeAttributes real(String cipherPath, PlainPath plain, PlainStat s) throws PosixException {
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

    /** {@code gocryptfs.diriv} of the directory whose lstat is {@code dir}: its times, the IV's size. */
    NodeAttributes dirIv(PlainStat dir) {
        return NodeAttributes.of(dir, inodes.translate(dir.dev(), InodeMap.TAG_DIRIV, dir.ino()), VIRTUAL_FILE_MODE, 1,
                PathIv.LENGTH);
    }

    /** The {@code .name} companion of the entry whose lstat is {@code entry}: the full name's length. */
    NodeAttributes nameFile(PlainStat entry, int encryptedLength) {
        return NodeAttributes.of(entry, inodes.translate(entry.dev(), InodeMap.TAG_NAME_FILE, entry.ino()),
                VIRTUAL_FILE_MODE, 1, encryptedLength);
    }

    /** {@code gocryptfs.conf}: the real file, unencrypted, with its own mode and size. */
    NodeAttributes config(PlainStat s) {
        return NodeAttributes.of(s, inodes.translate(s.dev(), InodeMap.TAG_REAL, s.ino()), s.mode(), s.nlink(),
                s.size());
    }

    /** A hard-linked path's inode number: from a hash of its cipher path, so each path has its own. */
    private long pathInode(PlainStat s, String cipherPath) {
        byte[] h = PathIv.derive(cipherPath, PathIv.Purpose.FILEID);
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (h[i] & 0xff);
        }
        return inodes.translate(s.dev(), InodeMap.TAG_PATH_HASH, v);
    }
}
