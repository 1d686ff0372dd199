/**
 * What a run tells the world outside it, beyond its own output: the healthchecks-style pings of a
 * job ({@code [ping] url}). May import the JDK and {@code io.revcrypt.sync.common}; nothing here
 * may change a run's exit code.
 */
package io.revcrypt.sync.ops;
