package io.revcrypt.sync.job;

import io.revcrypt.sync.ops.HealthPing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * A job file: the settings of {@code revcrypt sync} kept in TOML, so a scheduler runs
 * {@code revcrypt sync --job NAME}. Every key is checked; a typo or a wrong type is refused with
 * the file, the line and what is wrong, before anything runs.
 *
 * <pre>
 * source = "/home/alice"
 * destination = "u123@u123.your-storagebox.de:backups/laptop"
 * passfile = "/root/.config/revcrypt/laptop.pass"
 * exclude-wildcard = ["*.cache", ".cache/"]
 * ssh-options = ["Port=23"]
 * before = "pg_dump -f /home/alice/db.sql mydb"
 * [snapshots]
 * keep-daily = 7
 * [ping]
 * url = "https://hc-ping.com/your-uuid"
 * </pre>
 */
public final class JobFile {

    /** Every key a job file may hold, with its type, per table ("" is the top level). */
    private static final Map<String, Map<String, Kind>> SCHEMA = schema();

    enum Kind { STRING, STRINGS, BOOLEAN, INTEGER, TABLE }

    private final Path file;
    private final TomlParseResult toml;

    private JobFile(Path file, TomlParseResult toml) {
        this.file = file;
        this.toml = toml;
    }

    private static Map<String, Map<String, Kind>> schema() {
        Map<String, Map<String, Kind>> s = new LinkedHashMap<>();
        Map<String, Kind> top = new LinkedHashMap<>();
        top.put("source", Kind.STRING);
        top.put("destination", Kind.STRING);
        top.put("passfile", Kind.STRING);
        top.put("extpass", Kind.STRING);
        top.put("config", Kind.STRING);
        top.put("exclude", Kind.STRINGS);
        top.put("exclude-wildcard", Kind.STRINGS);
        top.put("exclude-from", Kind.STRINGS);
        top.put("ssh-options", Kind.STRINGS);
        top.put("rsync-args", Kind.STRINGS);
        top.put("dry-run", Kind.BOOLEAN);
        top.put("log", Kind.STRING);
        top.put("dest-must-be-mounted", Kind.STRING);
        top.put("snapshots", Kind.TABLE);
        top.put("notify", Kind.TABLE);
        top.put("before", Kind.STRING);
        top.put("ping", Kind.TABLE);
        s.put("", top);
        Map<String, Kind> snapshots = new LinkedHashMap<>();
        snapshots.put("enabled", Kind.BOOLEAN);
        for (String k : List.of("keep-last", "keep-hourly", "keep-daily", "keep-weekly", "keep-monthly", "keep-yearly")) {
            snapshots.put(k, Kind.INTEGER);
        }
        s.put("snapshots", snapshots);
        Map<String, Kind> notify = new LinkedHashMap<>();
        notify.put("command", Kind.STRING);
        notify.put("always", Kind.BOOLEAN);
        notify.put("after", Kind.STRING);
        s.put("notify", notify);
        Map<String, Kind> ping = new LinkedHashMap<>();
        ping.put("url", Kind.STRING);
        ping.put("start", Kind.BOOLEAN);
        s.put("ping", ping);
        return s;
    }

    /** Reads and checks a job file. */
    public static JobFile load(Path file) throws JobFileException {
        if (!Files.isRegularFile(file)) {
            throw new JobFileException("job file " + file + " does not exist");
        }
        TomlParseResult toml;
        try {
            toml = Toml.parse(file);
        } catch (IOException e) {
            throw new JobFileException("cannot read job file " + file + ": " + e.getMessage());
        }
        if (toml.hasErrors()) {
            TomlParseError first = toml.errors().get(0);
            throw new JobFileException(file + ":" + first.position().line() + ": " + first.getMessage()
                    + (toml.errors().size() > 1 ? " (and " + (toml.errors().size() - 1) + " more)" : ""));
        }
        JobFile job = new JobFile(file, toml);
        job.checkTable(toml, "");
        job.require("source");
        job.require("destination");
        if (toml.contains("passfile") && toml.contains("extpass")) {
            throw job.error("extpass", "give either passfile or extpass, not both");
        }
        if (toml.contains("ping")) {
            if (!toml.contains("ping.url")) {
                throw job.error("ping", "the [ping] table needs a url");
            }
            try {
                HealthPing.check(toml.getString("ping.url"));
            } catch (IllegalArgumentException e) {
                throw job.error("ping.url", e.getMessage());
            }
        }
        return job;
    }

    private void checkTable(TomlTable table, String name) throws JobFileException {
        Map<String, Kind> allowed = SCHEMA.get(name);
        for (String key : table.keySet()) {
            String dotted = name.isEmpty() ? key : name + "." + key;
            Kind kind = allowed.get(key);
            if (kind == null) {
                throw error(dotted, "unknown setting '" + dotted + "' (known: " + String.join(", ", allowed.keySet()) + ")");
            }
            Object value = table.get(List.of(key));
            switch (kind) {
                case STRING -> expect(value instanceof String, dotted, "a string");
                case BOOLEAN -> expect(value instanceof Boolean, dotted, "true or false");
                case INTEGER -> {
                    expect(value instanceof Long, dotted, "a whole number");
                    expect((Long) value >= 0 && (Long) value <= Integer.MAX_VALUE, dotted, "a number of at least 0");
                }
                case STRINGS -> {
                    boolean ok = value instanceof String;
                    if (value instanceof TomlArray a) {
                        ok = true;
                        for (int i = 0; i < a.size(); i++) {
                            ok &= a.get(i) instanceof String;
                        }
                    }
                    expect(ok, dotted, "a string or a list of strings");
                }
                case TABLE -> {
                    expect(value instanceof TomlTable, dotted, "a table ([" + key + "])");
                    checkTable((TomlTable) value, key);
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    private void expect(boolean ok, String key, String what) throws JobFileException {
        if (!ok) {
            throw error(key, "'" + key + "' must be " + what);
        }
    }

    private void require(String key) throws JobFileException {
        if (!toml.contains(key)) {
            throw new JobFileException(file + ": the setting '" + key + "' is missing");
        }
    }

    private JobFileException error(String dottedKey, String message) {
        TomlPosition pos = toml.inputPositionOf(dottedKey);
        return new JobFileException(file + (pos != null ? ":" + pos.line() : "") + ": " + message);
    }

    // ---------------------------------------------------------------- values

    /** The job's name: the file name without {@code .toml}. */
    public String name() {
        String n = file.getFileName().toString();
        return n.endsWith(".toml") ? n.substring(0, n.length() - 5) : n;
    }

    public Path file() {
        return file;
    }

    public String string(String key) {
        return toml.getString(key);
    }

    /** A path setting; relative paths are relative to the job file's directory. */
    public Path path(String key) {
        String v = toml.getString(key);
        return v == null ? null : resolve(v);
    }

    public List<String> strings(String key) {
        Object v = toml.get(key);
        List<String> out = new ArrayList<>();
        if (v instanceof String s) {
            out.add(s);
        } else if (v instanceof TomlArray a) {
            for (int i = 0; i < a.size(); i++) {
                out.add(a.getString(i));
            }
        }
        return out;
    }

    public List<Path> paths(String key) {
        return strings(key).stream().map(this::resolve).toList();
    }

    public boolean bool(String key) {
        Boolean b = toml.getBoolean(key);
        return b != null && b;
    }

    public boolean has(String key) {
        return toml.contains(key);
    }

    public int integer(String key) {
        Long l = toml.getLong(key);
        return l == null ? 0 : l.intValue();
    }

    private Path resolve(String v) {
        Path p = Path.of(v.startsWith("~/") ? System.getProperty("user.home") + v.substring(1) : v);
        return p.isAbsolute() ? p : file.toAbsolutePath().getParent().resolve(p).normalize();
    }

    /** Where {@code --job NAME} looks: {@code $XDG_CONFIG_HOME/revcrypt/jobs/NAME.toml} or {@code ~/.config/…}. */
    public static Path locate(String nameOrFile) {
        Path direct = Path.of(nameOrFile);
        if (nameOrFile.contains("/") || nameOrFile.endsWith(".toml") || Files.isRegularFile(direct)) {
            return direct.toAbsolutePath();
        }
        return jobsDirectory().resolve(nameOrFile + ".toml");
    }

    public static Path jobsDirectory() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return config.resolve("revcrypt").resolve("jobs");
    }

}
