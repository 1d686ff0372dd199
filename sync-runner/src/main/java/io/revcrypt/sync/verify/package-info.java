/**
 * {@code revcrypt verify}.
 *
 * <ul>
 *   <li>{@link io.revcrypt.sync.verify.VerifyRun}: every name (long names through a {@code .name}
 *       file that matches its hash), every directory's {@code gocryptfs.diriv}, every symlink
 *       target and every content block of a copy is decrypted and authenticated, and every file
 *       must have a size a gocryptfs file can have (a truncated file is named). Nothing is
 *       written but, for a remote copy, the batch being checked in a private staging directory
 *       (the same reader as restore). Problems name the plaintext path where it is known, the
 *       path in the copy, and for content the block numbers. Exit 0 clean, 3 problems.</li>
 *   <li>{@link io.revcrypt.sync.verify.AgainstRun}: {@code --against SRC} compares a copy with
 *       what SRC's view gives now without downloading it: the view is mounted in a child process
 *       (as sync does), and {@code rsync --archive --checksum --dry-run --delete} of the view
 *       against the copy lists every entry that differs; the ciphertext is deterministic, so
 *       equal plaintext gives equal ciphertext. Lines are decoded to plaintext names through the
 *       mount's control socket. Exit 0 identical, 3 differences. It takes a
 *       {@code session.ViewSession} and runs its rsync with {@code session.RsyncRun}, as sync does.</li>
 * </ul>
 *
 * <p>May import: {@code sync.copy} (reading a copy), {@code sync.restore} (Report, Restorer), {@code sync.session},
 * {@code sync.transport}, {@code sync.decode}, {@code sync.snapshot}'s layout, {@code sync.common} and
 * fs-core. Never {@code sync.cli} or {@code fuse} (FloorsTest).
 */
package io.revcrypt.sync.verify;
