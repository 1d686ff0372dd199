/**
 * A job file ({@code revcrypt sync --job FILE}, the timers of {@code revcrypt schedule}): its
 * settings read and checked by {@link io.revcrypt.sync.job.JobFile}, with a
 * clear message per mistake ({@link io.revcrypt.sync.job.JobFileException}).
 *
 * <p>May import the JDK, tomlj and {@code sync.ops} (a ping's address is checked as it is read); the
 * command line turns a job into a run's settings, so this room never imports {@code sync.run}
 * or {@code sync.cli}.
 */
package io.revcrypt.sync.job;
