/**
 * What every room of sync-runner shares and nothing else: the exit codes of the README's table
 * ({@link io.revcrypt.sync.common.ExitCode}), the error a person reads with its exit code
 * ({@link io.revcrypt.sync.common.UserException}), an I/O error's reason in words
 * ({@link io.revcrypt.sync.common.IoReason}), sizes for people
 * ({@link io.revcrypt.sync.common.Units}) and where revcrypt keeps its state and runtime files
 * ({@link io.revcrypt.sync.common.RuntimeDirs}).
 *
 * <p>May import the JDK only: the bottom floor, which every other room may use.
 */
package io.revcrypt.sync.common;
