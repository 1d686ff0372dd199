/**
 * One session over the encrypted view: what a run ({@code sync}, {@code verify --against}) takes
 * before it copies or compares, and gives back after, whichever way it ends.
 *
 * <h2>What it holds</h2>
 * <ul>
 *   <li>{@link io.revcrypt.sync.session.ViewSession}: the run directory, this machine's lock, the
 *       in-progress mark, the ssh master connection, the lock at the destination, the mount child
 *       and its control-socket client; taken in the order the run needs them, released once (by
 *       the run, or by the shutdown hook after Ctrl-C) in the one order that keeps the locks
 *       meaningful. {@link io.revcrypt.sync.session.ReleaseOnce} is that run-once release, which
 *       {@code mount}'s own serving process uses too. {@link io.revcrypt.sync.session.RunSession}
 *       (its steps) and {@link io.revcrypt.sync.session.MountedView} (the mount as a run sees it)
 *       are what {@code run.SyncRun} is written against, so that its orchestration is tested
 *       with fakes.</li>
 *   <li>{@link io.revcrypt.sync.session.MountProcess} and
 *       {@link io.revcrypt.sync.session.MountSpec}: the mount child. The spec is the only place
 *       that spells the child's command line; MountProcess is the parent's half of the handshake
 *       (secret over stdin, "ready" or "error CODE MESSAGE" back) and watches the child die.</li>
 *   <li>{@link io.revcrypt.sync.session.StaleRuns}: run directories of runs that were killed.</li>
 *   <li>{@link io.revcrypt.sync.session.RsyncRun}: one rsync whose output is decoded live:
 *       spawned so that it dies with us, stdin closed, two pumps through the decoder, its exit
 *       code; sync and verify --against both run theirs with it.</li>
 *   <li>{@link io.revcrypt.sync.session.OutputSink}: where one decoded stream goes (screen,
 *       progress line, log), fed typed events, so that the progress/line decision and the
 *       observers (the summary's statistics, a full disk, verify's counts) read the event;
 *       {@link io.revcrypt.sync.session.RunLog}: the run's log file.</li>
 *   <li>The locks: {@link io.revcrypt.sync.session.DestinationLock} (this machine, keyed by
 *       {@link io.revcrypt.sync.session.DestinationIdentity}),
 *       {@link io.revcrypt.sync.session.LockAtDestination} (other machines; placed by
 *       {@link io.revcrypt.sync.session.LockPlacement}, over rsync alone by
 *       {@link io.revcrypt.sync.session.RsyncLockDir}), and
 *       {@link io.revcrypt.sync.session.RunInProgress}, which {@code status} reads.</li>
 *   <li>{@link io.revcrypt.sync.session.DestinationCheck}: is the destination empty or a copy made
 *       with this key, before the first {@code rsync --delete}; and
 *       {@link io.revcrypt.sync.session.LocalDirectories}, which never creates a whole missing
 *       path (an unmounted backup disk).</li>
 * </ul>
 *
 * <h2>What it may import</h2>
 * {@code common}, {@code core.posix}, {@code decode} (the control-socket client), {@code sync.transport} (destinations, ssh, every rsync argv), {@code snapshot}'s layout names, and {@code fuse} for the mount table and
 * unmounting a dead run's mount. Never {@code run}, {@code verify}, {@code restore} or {@code cli}:
 * they use the session, not the other way round. The child's own half of the handshake is in
 * {@code cli.MountCommand}, which parses what {@link io.revcrypt.sync.session.MountSpec} builds.
 */
package io.revcrypt.sync.session;
