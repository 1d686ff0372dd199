/**
 * What a run of sync or verify --against holds while it runs, and its rsync.
 *
 * <ul>
 *   <li>{@link io.revcrypt.sync.session.RsyncRun}: one rsync whose output is decoded live:
 *       spawned so that it dies with us, stdin closed, two pumps through the decoder, its exit
 *       code; sync and verify --against both run theirs with it.</li>
 *   <li>{@link io.revcrypt.sync.session.OutputSink}: where one decoded stream goes (screen,
 *       progress line, log), fed typed events, so that the progress/line decision and the
 *       observers (the summary's statistics, a full disk, verify's counts) read the event.</li>
 *   <li>{@link io.revcrypt.sync.session.RunLog}: the run's log file.</li>
 * </ul>
 *
 * <p>May import {@code sync.transport}, {@code sync.decode} and {@code sync.common}; never
 * {@code sync.run}, {@code sync.verify}, {@code sync.restore} or {@code sync.cli}, which use it.
 */
package io.revcrypt.sync.session;
