package io.revcrypt.sync.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waits for another process (not our child) to exit. {@code ProcessHandle.onExit} counts a zombie
 * as alive until whoever adopted it reaps it, which on some systems takes seconds; a process that
 * has exited has done all its work, so a zombie counts as gone here.
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

    static boolean hasExited(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // pid (comm) state ...: comm may contain spaces and parentheses, so look after the last ')'
            int close = stat.lastIndexOf(')');
            char state = stat.charAt(close + 2);
            return state == 'Z' || state == 'X';
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            return !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }
}
