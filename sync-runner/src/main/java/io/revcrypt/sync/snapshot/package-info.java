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
 *       needs no mount ({@code snapshots list}, {@code prune}), with this machine's lock of the
 *       destination.</li>
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
 * <p>May import: {@code core.posix}, {@code sync.common}, {@code sync.transport} (destination,
 * ssh, one rsync call, rsync's exit codes) and the session pieces a store needs without a mount
 * ({@code DestinationLock} and {@code DestinationIdentity}: {@code Stores} takes the very lock a
 * sync takes; {@code StaleRuns} for its scratch directory). Never {@code sync.run} (the run's
 * {@code SnapshotTarget} adapts this room to a sync, not the other way round), {@code sync.restore}
 * (FloorsTest), {@code sync.cli}, or {@code fuse}.
 */
package io.revcrypt.sync.snapshot;
