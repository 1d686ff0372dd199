package io.revcrypt.sync.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.revcrypt.sync.common.RuntimeDirs;
import io.revcrypt.sync.transport.Destination;
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
        return RuntimeDirs.statusDir().resolve(RuntimeDirs.key(dest.key()) + ".json");
    }

    public static Optional<Status> read(Destination dest) throws IOException {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file(dest)), Status.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Records a run (a dry run changes nothing it reports on, so it is not recorded as published).
     * A full state directory must not hide the run that found it full from {@code status}: the
     * space of a reserve file, kept beside the records, is given up for the record, and taken again
     * by a later record once there is room.
     */
    public static void record(Destination dest, RunReport run) throws IOException {
        Status old = read(dest).orElse(new Status(null, null));
        byte[] json = JSON.writeValueAsBytes(new Status(run, run.published() ? run : old.lastPublished()));
        Path file = file(dest);
        Path reserve = file.resolveSibling(RESERVE);
        try {
            write(file, json);
        } catch (IOException full) {
            if (!Files.deleteIfExists(reserve)) {
                throw full;
            }
            write(file, json);
            return; // no room for the reserve now
        }
        keepReserve(reserve);
    }

    /** The reserve: the size of several records, larger than any one (problems are capped at 20 paths). */
    static final String RESERVE = ".reserve";
    static final int RESERVE_BYTES = 256 * 1024;

    private static void write(Path file, byte[] json) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, json);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static void keepReserve(Path reserve) {
        try {
            if (!Files.exists(reserve) || Files.size(reserve) < RESERVE_BYTES) {
                Files.write(reserve, new byte[RESERVE_BYTES]); // zeros are written, not a hole: the blocks are ours
            }
        } catch (IOException noRoom) {
            try {
                Files.deleteIfExists(reserve); // a half reserve would be taken for a whole one
            } catch (IOException ignored) {
                // tried again with the next record
            }
        }
    }
}
