package io.revcrypt.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A command's {@code --json} output (docs/json.md): every line of stdout parsed with Jackson — a
 * line that is not one JSON object fails — each with a {@code type}, the last one, and only it,
 * the {@code summary}.
 */
public record JsonOutput(List<JsonNode> events, JsonNode summary) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static JsonOutput of(CommandResult r) {
        List<JsonNode> all = new ArrayList<>();
        String out = r.stdout();
        assertTrue(out.endsWith("\n"), () -> "stdout ends with a line break:\n" + r.describe());
        for (String line : out.substring(0, out.length() - 1).split("\n", -1)) {
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + line + " (" + e.getMessage() + ")\n" + r.describe(), e);
            }
            assertTrue(node != null && node.isObject() && node.path("type").isTextual(),
                    () -> "not an object with a type: " + line + "\n" + r.describe());
            all.add(node);
        }
        assertTrue(!all.isEmpty(), () -> "no output:\n" + r.describe());
        JsonNode last = all.get(all.size() - 1);
        assertEquals("summary", last.get("type").asText(), () -> "the last line is the summary:\n" + r.describe());
        List<JsonNode> events = all.subList(0, all.size() - 1);
        assertTrue(events.stream().noneMatch(e -> e.get("type").asText().equals("summary")),
                () -> "one summary only:\n" + r.describe());
        assertEquals(r.exitCode(), last.get("exitCode").asInt(), () -> "the summary's exit code:\n" + r.describe());
        return new JsonOutput(List.copyOf(events), last);
    }

    public List<JsonNode> ofType(String type) {
        return events.stream().filter(e -> e.get("type").asText().equals(type)).toList();
    }

    /** The person's items (not gocryptfs's own files) with this change. */
    public List<JsonNode> items(String change) {
        return ofType("item").stream().filter(e -> !e.has("gocryptfsFile") && e.get("change").asText().equals(change))
                .toList();
    }

    /** Their paths, sorted. */
    public static List<String> paths(List<JsonNode> items) {
        return items.stream().map(e -> e.get("path").asText()).sorted().collect(Collectors.toList());
    }
}
