/**
 * The snapshot room: a time-machine destination ({@code DEST/<stamp>/}, {@code latest},
 * {@code .inprogress}, the run records under {@code .revcrypt/}) and everything that reads or
 * changes it without a mount.
 *
 * <ul>
 *   <li>The stores: {@link io.revcrypt.sync.snapshot.SnapshotStore}, on a local disk
 *       ({@link io.revcrypt.sync.snapshot.LocalSnapshotStore}) or on a remote reached with rsync
 *       alone ({@link io.revcrypt.sync.snapshot.RsyncSnapshotStore}, which works behind
 *       {@code rrsync}); {@link io.revcrypt.sync.snapshot.Stores} opens one for a command that
 *       needs no mount ({@code snapshots list}, {@code prune}).</li>
 *   <li>What counts: {@link io.revcrypt.sync.snapshot.SnapshotCatalog} (published, incomplete, not
 *       ours) from the {@link io.revcrypt.sync.snapshot.SnapshotRecord}s and the key's
 *       {@link io.revcrypt.sync.snapshot.KeyFingerprint}; names and layout in
 *       {@link io.revcrypt.sync.snapshot.SnapshotStamp} and
 *       {@link io.revcrypt.sync.snapshot.SnapshotLayout}.</li>
 *   <li>Retention: {@link io.revcrypt.sync.snapshot.RetentionPolicy} and
 *       {@link io.revcrypt.sync.snapshot.Retention}'s plan of what to prune.</li>
 *   <li>{@link io.revcrypt.sync.snapshot.BaseLinks}: a new snapshot's unchanged files linked from
 *       its base before rsync.</li>
 * </ul>
 *
 * <p>May import: {@code core.posix}, {@code sync.common}, and the transport and session pieces a
 * store needs (destination, ssh, one rsync call, the destination's lock). Never {@code sync.run}
 * (the run's {@code SnapshotTarget} adapts this room to a sync, not the other way round),
 * {@code sync.cli}, or {@code fuse}. (While issue 16 is under way, Destination, SshTransport,
 * RsyncCall, RsyncExit, DestinationCheck, DestinationLock and StaleRuns still live in
 * {@code sync.run}; they move to {@code sync.transport} and {@code sync.session}.)
 */
package io.revcrypt.sync.snapshot;
