package io.revcrypt.sync.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/json.md and the records agree: every field every record serializes is in its table with
 * its JSON type, and no table names a field the record does not have. So the documentation
 * cannot drift from the one place in code that names the fields.
 */
class JsonDocumentationTest {

    private static final Path DOC = Path.of("../docs/json.md");
    private static final Pattern RECORD = Pattern.compile("<!-- record: (\\w+) -->");
    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\| ([^|]+) \\|");
    private static final List<Class<?>> RECORDS = List.of(ItemEvent.class, MessageEvent.class, SyncSummary.class,
            SnapshotEntry.class, SnapshotsSummary.class, ProblemEvent.class, CopySummary.class);

    /** Each documented record's rows: field name to its type cell. */
    private static Map<String, Map<String, String>> tables() throws IOException {
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
            Matcher record = RECORD.matcher(line);
            if (record.find()) {
                current = new LinkedHashMap<>();
                tables.put(record.group(1), current);
                continue;
            }
            if (line.startsWith("#")) {
                current = null;
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (current != null && row.find()) {
                assertFalse(current.containsKey(row.group(1)), "documented twice: " + row.group(1));
                current.put(row.group(1), row.group(2).strip());
            }
        }
        return tables;
    }

    @Test
    void everyRecordIsDocumentedFieldByFieldWithItsType() throws IOException {
        Map<String, Map<String, String>> tables = tables();
        for (Class<?> type : RECORDS) {
            Map<String, String> documented = tables.get(type.getSimpleName());
            assertTrue(documented != null, "docs/json.md has no table for " + type.getSimpleName());
            Map<String, String> actual = new LinkedHashMap<>();
            actual.put("type", "string"); // every object's discriminator, a method or a component
            for (RecordComponent c : type.getRecordComponents()) {
                actual.put(c.getName(), jsonType(c.getType()));
            }
            assertEquals(actual.keySet(), documented.keySet(), type.getSimpleName() + ": fields in code vs docs/json.md");
            for (RecordComponent c : type.getRecordComponents()) {
                String cell = documented.get(c.getName());
                assertTrue(cell.startsWith(actual.get(c.getName())), type.getSimpleName() + "." + c.getName()
                        + " is a JSON " + actual.get(c.getName()) + ", docs/json.md says " + cell);
                if (c.getType().isPrimitive()) {
                    assertFalse(cell.contains("optional"), type.getSimpleName() + "." + c.getName()
                            + " is always there, docs/json.md says optional");
                }
            }
        }
        assertEquals(RECORDS.size(), tables.size(), "docs/json.md documents records that are not serialized: " + tables.keySet());
    }

    @Test
    void theTypeFieldOfEachObjectIsWhatTheDocumentationSays() {
        assertTrue(JsonLines.toJson(new ItemEvent("created", null, null, "a", null, null, null, null, null, "x"))
                .startsWith("{\"type\":\"item\","));
        assertTrue(JsonLines.toJson(new ProblemEvent("damaged", "a", null, "m")).startsWith("{\"type\":\"problem\","));
        assertTrue(JsonLines.toJson(new SnapshotsSummary(0, "ok", null, 0, null, false, null))
                .startsWith("{\"type\":\"summary\","));
        assertTrue(JsonLines.toJson(new CopySummary("verify", 0, "ok", "clean", null, 0, 0, 0, 0, 0, null, 0, 1))
                .startsWith("{\"type\":\"summary\",\"command\":\"verify\""));
    }

    private static String jsonType(Class<?> javaType) {
        if (javaType == String.class) {
            return "string";
        }
        if (javaType == int.class || javaType == long.class || javaType == Integer.class || javaType == Long.class) {
            return "integer";
        }
        if (javaType == boolean.class || javaType == Boolean.class) {
            return "boolean";
        }
        if (List.class.isAssignableFrom(javaType)) {
            return "array of strings";
        }
        throw new AssertionError("no JSON type for " + javaType);
    }
}
