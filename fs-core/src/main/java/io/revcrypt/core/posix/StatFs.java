package io.revcrypt.core.posix;

/** {@code statvfs} of the plaintext filesystem, passed through to the view. */
public record StatFs(long blockSize, long fragmentSize, long blocks, long blocksFree, long blocksAvailable,
                     long files, long filesFree, long filesAvailable, long fsid, long flags, long nameMax) {
}
