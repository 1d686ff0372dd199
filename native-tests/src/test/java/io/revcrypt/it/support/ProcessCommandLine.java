package io.revcrypt.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A process's command line as {@code ps} shows it, read from {@code /proc/<pid>/cmdline}.
 *
 * <p>Why not {@code ProcessHandle.Info.commandLine()}: sshd rewrites its argv ("sshd: /usr/sbin/sshd
 * -D … [listener]"), and Java then reports no command line at all because the first word no longer
 * matches the executable. Here the arguments are joined by spaces, as they are in {@code ps}.
 */
public final class ProcessCommandLine {

    private ProcessCommandLine() {}

    /** The command line, or empty if the process is gone (or a kernel thread with none). */
    public static Optional<String> of(ProcessHandle process) {
        Path file = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            byte[] raw = Files.readAllBytes(file);
            String text = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            // a process that exits while we read gives ESRCH; it has no command line any more
            return process.isAlive() ? Optional.of("(unreadable: " + e + ")") : Optional.empty();
        }
    }

    /** Live processes whose command line contains {@code text}. */
    public static Stream<ProcessHandle> containing(String text) {
        return ProcessHandle.allProcesses().filter(p -> of(p).map(c -> c.contains(text)).orElse(false));
    }
}
