/**
 * The copy room: reading a ciphertext copy (a mirror, a snapshot, {@code DEST/latest}, or
 * {@code [user@]host:path}) for restore and verify alike. {@link io.revcrypt.sync.copy.CopySession}
 * finds and unlocks a copy ({@link io.revcrypt.sync.copy.CopyKey}) and hands out a
 * {@link io.revcrypt.sync.copy.CopyReader} that walks it for a
 * {@link io.revcrypt.sync.copy.CopyVisitor}; {@link io.revcrypt.sync.copy.FilePool} decrypts
 * files in parallel and {@link io.revcrypt.sync.copy.Progress} shows how far it got. It may import
 * fs-core, common/, snapshot/ (a copy's unfinished-snapshot warning), decode/'s escapes and the
 * transport (Destination, SshTransport, RsyncInvocation) ; never cli/, run/, restore/,
 * verify/ or the mount.
 *
 * <h2>Reading the copy</h2>
 * <ul>
 *   <li>A local copy is read in place ({@link io.revcrypt.sync.copy.LocalCopyReader}); nothing
 *       is staged.</li>
 *   <li>A remote copy is fetched with rsync over ssh (BatchMode, one multiplexed connection) into a
 *       private staging directory (0700, in revcrypt's runtime directory or {@code --staging})
 *       ({@link io.revcrypt.sync.copy.RemoteCopyReader}): first {@code gocryptfs.conf} (to
 *       unlock it), then with plaintext paths given the IV and long-name files on the way to
 *       them, then a {@code rsync --dry-run} listing of what is to be read, then the skeleton
 *       (directories, {@code gocryptfs.diriv}, {@code .name} files, symlinks, special and empty
 *       files), then the content in batches of {@code --batch-size} (256 MiB by default), each
 *       deleted before the next is fetched. Staging never holds more than the skeleton plus one
 *       batch (or one file, if a file is larger than a batch). The staging directory is deleted
 *       at the end, on Ctrl-C, or by the next run after a {@code kill -9}.</li>
 *   <li>Plaintext paths are turned into cipher paths without listing anything
 *       ({@link io.revcrypt.sync.copy.CipherPaths}): reverse-mode directory IVs derive from the
 *       cipher path. An ordinary gocryptfs filesystem has random IVs; then the fetched
 *       {@code gocryptfs.diriv} files correct the guess, one rsync per directory level.</li>
 * </ul>
 */
package io.revcrypt.sync.copy;
