/**
 * The sync run: orchestration only. {@link io.revcrypt.sync.run.SyncRun} takes a session
 * (lock, mount, ssh), picks a {@link io.revcrypt.sync.run.CopyTarget}, runs rsync from the view
 * into it and publishes; what differs between a mirror and a snapshot is said by the target's
 * hooks, never asked by the run.
 *
 * <ul>
 *   <li>{@link io.revcrypt.sync.run.SyncRun} and the seam it stands on,
 *       {@link io.revcrypt.sync.run.SyncParts} (the session it opens, the target, how it runs
 *       rsync, the state directory): the real parts for {@code revcrypt sync}, fakes for
 *       {@code SyncRunTest}.</li>
 *   <li>The targets: {@link io.revcrypt.sync.run.CopyTarget} (prepare, before rsync, after rsync,
 *       deletions since the base, publish), {@link io.revcrypt.sync.run.MirrorTarget},
 *       {@link io.revcrypt.sync.run.SnapshotTarget} over a {@code snapshot.SnapshotStore}, and
 *       {@link io.revcrypt.sync.run.EarlyLinks} (a snapshot's links made while the mount starts).</li>
 *   <li>What the run amounts to: {@link io.revcrypt.sync.run.RunVerdict} (the exit code table),
 *       {@link io.revcrypt.sync.run.SyncOutcome}, {@link io.revcrypt.sync.run.NoSpace};
 *       files changed while read ({@link io.revcrypt.sync.run.ChangedWhileRead},
 *       {@link io.revcrypt.sync.run.CopyAgain}).</li>
 *   <li>Around the run: {@link io.revcrypt.sync.run.SyncSettings}, the status record
 *       ({@link io.revcrypt.sync.run.StatusStore}, {@link io.revcrypt.sync.run.RunReport}), the
 *       job's hooks ({@link io.revcrypt.sync.run.Hooks}, {@link io.revcrypt.sync.run.HookEnvironment}),
 *       {@link io.revcrypt.sync.run.StateDirSpace} and the kill -9 tests' {@link io.revcrypt.sync.run.TestPause}.</li>
 * </ul>
 *
 * <p>May import: {@code sync.session} (through {@code RunSession} and {@code MountedView}, never
 * the mount child's arguments), {@code sync.transport}, {@code sync.snapshot}, {@code sync.decode},
 * {@code sync.common} and fs-core. Never {@code sync.cli} or {@code fuse} (FloorsTest), nor
 * {@code restore} or {@code verify}.
 */
package io.revcrypt.sync.run;
