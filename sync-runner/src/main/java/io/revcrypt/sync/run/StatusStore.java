package io.revcrypt.sync.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.revcrypt.sync.common.RuntimeDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The last run and the last run that published a copy, per destination, in revcrypt's state
 * directory: what {@code revcrypt status} reads, for people and for monitoring.
 */
public final class StatusStore {

    /** What is known about a destination. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(RunReport lastRun, RunReport lastPublished) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StatusStore() {
    }

    static Path file(Destination dest) {
        Path dir = RuntimeDirs.privateDir(RuntimeDirs.state().resolve("status"));
        return dir.resolve(RuntimeDirs.key(dest.key()) + ".json");
    }

    public static Optional<Status> read(Destination dest) throws IOException {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file(dest)), Status.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Records a run (a dry run changes nothing it reports on, so it is not recorded as published). */
    public static void record(Destination dest, RunReport run) throws IOException {
        Status old = read(dest).orElse(new Status(null, null));
        Status now = new Status(run, run.published() ? run : old.lastPublished());
        Path file = file(dest);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(now));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
