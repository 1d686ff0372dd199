package io.revcrypt.sync.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * Machine-readable output: one JSON object per line (JSON Lines), each written whole and flushed
 * at once, so that a reader can act on an event while the run goes on. Thread-safe: rsync's two
 * pumps and the run's own thread write through one instance.
 *
 * <p>The objects are the records of this package, serialized by Jackson; their components are
 * the field names (docs/json.md documents each), so nobody spells a field name twice.
 */
public final class JsonLines {

    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final PrintStream out;

    public JsonLines(PrintStream out) {
        this.out = out;
    }

    /** Writes {@code record} as one line. */
    public void write(Object record) {
        String line;
        try {
            line = MAPPER.writeValueAsString(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // records of plain fields: cannot happen
        }
        synchronized (this) {
            out.print(line + "\n");
            out.flush();
        }
    }

    /** The JSON of {@code record}, as {@link #write} prints it (for tests and the documentation's check). */
    public static String toJson(Object record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
