package io.revcrypt.core.view;

import io.revcrypt.core.posix.PlainStat;

/**
 * What {@code stat} shows for an entry of the view: the plaintext's attributes passed through,
 * with the size of the ciphertext, the view's inode number, and for virtual files the changes
 * gocryptfs makes (spec §8).
 */
public record NodeAttributes(long ino, int mode, long nlink, int uid, int gid, long rdev, long size, long blocks,
                             int blksize, long atimeSec, int atimeNsec, long mtimeSec, int mtimeNsec, long ctimeSec,
                             int ctimeNsec) {

    static NodeAttributes of(PlainStat s, long ino, int mode, long nlink, long size) {
        return new NodeAttributes(ino, mode, nlink, s.uid(), s.gid(), s.rdev(), size, s.blocks(), s.blksize(),
                s.atimeSec(), s.atimeNsec(), s.mtimeSec(), s.mtimeNsec(), s.ctimeSec(), s.ctimeNsec());
    }

    public int type() {
        return mode & PlainStat.S_IFMT;
    }

    public boolean isDirectory() {
        return type() == PlainStat.S_IFDIR;
    }

    public boolean isRegular() {
        return type() == PlainStat.S_IFREG;
    }

    public boolean isSymlink() {
        return type() == PlainStat.S_IFLNK;
    }

    NodeAttributes withSize(long newSize) {
        return new NodeAttributes(ino, mode, nlink, uid, gid, rdev, newSize, blocks, blksize, atimeSec, atimeNsec,
                mtimeSec, mtimeNsec, ctimeSec, ctimeNsec);
    }
}
