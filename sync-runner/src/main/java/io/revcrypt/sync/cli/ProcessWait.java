package io.revcrypt.sync.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waits for another process (not our child) to exit. {@code ProcessHandle.onExit} counts a zombie
 * as alive until whoever adopted it reaps it, which on some systems takes seconds; a zombie whose
 * threads have all exited has done all its work, so it counts as gone here.
 */
final class ProcessWait {

    private ProcessWait() {
    }

    /** True if the process exited within the timeout. */
    static boolean awaitExit(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (hasExited(pid)) {
                return true;
            }
            Thread.sleep(10);
        }
        return hasExited(pid);
    }

    /**
     * Exited, or a zombie whose last thread is gone: a zombie main thread with other threads still
     * exiting has not closed its files yet (they close with the last thread).
     */
    static boolean hasExited(long pid) {
        try {
            String state = null;
            int threads = Integer.MAX_VALUE;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("State:")) {
                    state = line.substring(6).strip();
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.substring(8).strip());
                }
            }
            return state != null && (state.startsWith("Z") || state.startsWith("X")) && threads <= 1;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            return !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }
}
