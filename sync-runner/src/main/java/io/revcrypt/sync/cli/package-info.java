/**
 * The {@code revcrypt} command line (picocli): each command parses and checks its options, asks
 * for the secret, and hands a run's settings to its room ({@code run}, {@code verify},
 * {@code restore}, {@code snapshot}); it prints what the room returns and exits with its code.
 * {@link io.revcrypt.sync.cli.MountCommand} is also the mount child's own half of the handshake.
 *
 * <p>The top floor: may import every room below, fs-core and {@code fuse}; no room imports it
 * (FloorsTest).
 */
package io.revcrypt.sync.cli;
