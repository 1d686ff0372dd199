package io.revcrypt.sync.session;

import io.revcrypt.sync.common.RuntimeDirs;
import io.revcrypt.sync.transport.Destination;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * A mark in the state directory that a run to a destination has started and not yet ended. A run
 * killed with SIGKILL (or a machine that lost power) cannot record its end, and a mirror it was
 * updating then holds a mix of its files and the run's before: {@code status} finds the mark of a
 * run whose process is gone and says so, instead of showing the run before as the newest copy
 * and nothing else. Written once the run holds the destination's lock, so only one run writes it.
 */
public final class RunInProgress {

    /** A run that started and has not recorded its end: {@code running} if its process still lives. */
    public record Unfinished(long pid, String started, boolean running) {
    }

    private final Path mark;

    private RunInProgress(Path mark) {
        this.mark = mark;
    }

    static Path markFile(Destination dest) {
        return RuntimeDirs.statusDir().resolve(RuntimeDirs.key(dest.key()) + ".running");
    }

    /** Marks the run as started (this process, now). */
    public static RunInProgress begin(Destination dest) throws IOException {
        Path mark = markFile(dest);
        Path tmp = mark.resolveSibling(mark.getFileName() + ".tmp");
        Files.write(tmp, (ProcessHandle.current().pid() + " " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, mark, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new RunInProgress(mark);
    }

    /** The run has ended (whatever its outcome, which its status record gives). */
    public void end() {
        try {
            Files.deleteIfExists(mark);
        } catch (IOException e) {
            // status then reports an unfinished run whose process is gone: wrong, but on the side of caution
        }
    }

    /** The mark of a run that has not ended, if there is one. */
    public static Optional<Unfinished> find(Destination dest) throws IOException {
        String text;
        try {
            text = Files.readString(markFile(dest), StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String[] parts = text.split(" ", 2);
        try {
            long pid = Long.parseLong(parts[0]);
            Instant started = Instant.parse(parts[1]);
            // the same pid may since belong to another process: one that started after the run did
            boolean running = ProcessHandle.of(pid).flatMap(p -> p.info().startInstant())
                    .map(processStart -> !processStart.isAfter(started)).orElse(false);
            return Optional.of(new Unfinished(pid, started.toString(), running));
        } catch (RuntimeException damaged) {
            // a mark cut short by the crash it tells of: it was written when the run started
            return Optional.of(new Unfinished(-1, Files.getLastModifiedTime(markFile(dest)).toInstant().toString(), false));
        }
    }
}
