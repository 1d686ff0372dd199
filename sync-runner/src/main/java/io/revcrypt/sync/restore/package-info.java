/**
 * {@code revcrypt restore}: a copy (a mirror, a snapshot, {@code DEST/latest}, or
 * {@code [user@]host:path}) decrypted in-process into plaintext. Holds {@link
 * io.revcrypt.sync.restore.RestoreRun} (the command's run), {@link io.revcrypt.sync.restore.Restorer}
 * (the writing), {@link io.revcrypt.sync.restore.Report} (the problems found) and {@link
 * io.revcrypt.sync.restore.CopyReadingRun} (what restore and verify's runs are given alike: the
 * copy, where progress and problems go, the file workers); it may import copy/, decode/, common/
 * and fs-core, never cli/ or the mount.
 *
 * <p>Reading the copy (local in place, or fetched over ssh batch by batch) is {@link
 * io.revcrypt.sync.copy}'s, shared with verify; this package writes the plaintext.
 *
 * <h2>Writing the plaintext</h2>
 * ({@link io.revcrypt.sync.restore.Restorer}, through libc: {@link io.revcrypt.core.posix.DestFs})
 * <ul>
 *   <li>Names are bytes; every entry is created relative to its directory's descriptor, with
 *       {@code O_CREAT|O_EXCL|O_NOFOLLOW}, {@code mkdirat}, {@code symlinkat}, {@code mkfifoat},
 *       {@code mknodat}; a symlink in the destination is never followed.</li>
 *   <li>A file is decrypted into {@code .revcrypt-<pid>-<n>.tmp} next to its place and renamed into
 *       place only when complete ({@code renameat2(RENAME_NOREPLACE)} without {@code --force}).</li>
 *   <li>Existing entries: without {@code --force} an existing file, symlink or special file is
 *       reported ("not restored, already exists") and skipped, and the restore ends with exit 3;
 *       existing directories are merged into and keep their attributes. With {@code --force}
 *       files, symlinks and special files are replaced atomically; a directory is never
 *       replaced (reported). Nothing is refused up front: everything else is restored.</li>
 *   <li>Damaged content: the file is reported with its plaintext path, its path in the copy and
 *       the numbers of the blocks that do not authenticate; what could be decrypted is kept as
 *       {@code NAME.revcrypt-damaged} with the bad blocks as zeros (deleted instead if nothing
 *       could be decrypted or the name would exceed 255 bytes). It never appears under its own
 *       name. Undecryptable names are reported with their cipher path.</li>
 *   <li>Modes (setuid, setgid, sticky included) and nanosecond modification times of files,
 *       directories (set last, after their content), symlinks ({@code utimensat} with
 *       {@code AT_SYMLINK_NOFOLLOW}) and FIFOs; owners when running as root. Directories that
 *       already existed keep their own attributes.</li>
 *   <li>Exit: 0 everything restored, 1 the copy cannot be reached, 2 usage or key problems
 *       (a wrong password says so), 3 partial (something damaged, existing, or not in the copy).</li>
 * </ul>
 */
package io.revcrypt.sync.restore;
