/**
 * The transport: how revcrypt reaches a destination and what it asks rsync to do there.
 *
 * <ul>
 *   <li>{@link io.revcrypt.sync.transport.Destination}: a local directory or {@code [user@]host:path}.</li>
 *   <li>{@link io.revcrypt.sync.transport.SshTransport}: the one ssh (BatchMode, keep-alives, a
 *       shared master connection) every rsync of a run goes through.</li>
 *   <li>{@link io.revcrypt.sync.transport.RsyncInvocation}: every rsync command line, and only
 *       here: the sync, the copy-again pass, verify's comparison, a restore's fetch, the
 *       listings, the lock files, the snapshot store's short calls.</li>
 *   <li>{@link io.revcrypt.sync.transport.RsyncCall}: a short rsync whose output is read whole;
 *       {@link io.revcrypt.sync.transport.DiesWithUs}: a child the kernel kills with us;
 *       {@link io.revcrypt.sync.transport.RsyncExit}: rsync's exit codes in words.</li>
 * </ul>
 *
 * <p>May import the JDK and {@code sync.common} only: the rooms above (session, run, restore,
 * verify) use it, it uses none of them. A run's long rsync with its output decoded is
 * {@code sync.session.RsyncRun}.
 */
package io.revcrypt.sync.transport;
