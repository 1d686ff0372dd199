package io.revcrypt.sync.snapshot;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a snapshot directory, {@code DEST/<stamp>/}: the UTC second the run started, written
 * {@code YYYY-MM-DDTHHMMSSZ}, e.g. {@code 2026-11-23T004512Z}.
 *
 * <p>Why this shape: it sorts as text in time order, names the zone, and has no colon, so it is a
 * valid name on every file system we may land on (FAT, SMB, macOS) and needs no escaping in an rsync
 * or ssh path. Only exactly this form is a snapshot; every other entry of {@code DEST} ({@code
 * latest}, {@code .inprogress}, a user's notes) is not, and {@link #tryParse} says so.
 *
 * <p>Whole seconds only: a stamp made from an {@link Instant} drops the fraction.
 */
public record SnapshotStamp(Instant instant) implements Comparable<SnapshotStamp> {

    private static final Pattern FORMAT =
            Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2})(\\d{2})(\\d{2})Z");

    public SnapshotStamp {
        Objects.requireNonNull(instant, "instant");
        if (instant.getNano() != 0) {
            throw new IllegalArgumentException(
                    "a snapshot stamp has whole seconds; use SnapshotStamp.of(instant) to truncate: " + instant);
        }
        int year = LocalDateTime.ofInstant(instant, ZoneOffset.UTC).getYear();
        if (year < 0 || year > 9999) {
            // four digits is what the name has room for; anything else could not be parsed back
            throw new IllegalArgumentException("a snapshot stamp needs a four-digit year: " + instant);
        }
    }

    /** The stamp of {@code instant}, truncated to the whole second. */
    public static SnapshotStamp of(Instant instant) {
        return new SnapshotStamp(Objects.requireNonNull(instant, "instant").truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Parses a directory name.
     *
     * @throws IllegalArgumentException if {@code name} is not exactly a stamp (wrong shape, or a
     *     date or time that does not exist such as {@code 2026-02-30} or second 60)
     */
    public static SnapshotStamp parse(String name) {
        Objects.requireNonNull(name, "name");
        Matcher m = FORMAT.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a snapshot name (expected YYYY-MM-DDTHHMMSSZ, e.g. 2026-11-23T004512Z): " + name);
        }
        try {
            LocalDateTime utc = LocalDateTime.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)));
            return new SnapshotStamp(utc.toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a snapshot name, no such date or time: " + name, e);
        }
    }

    /** The stamp named {@code name}, or empty if that directory entry is not a snapshot. */
    public static Optional<SnapshotStamp> tryParse(String name) {
        if (name == null || !FORMAT.matcher(name).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(name));
        } catch (IllegalArgumentException notADate) {
            // right shape, impossible date (e.g. 2026-13-01T000000Z): not one of ours either
            return Optional.empty();
        }
    }

    /** The directory name, {@code YYYY-MM-DDTHHMMSSZ}. */
    public String name() {
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        return String.format("%04d-%02d-%02dT%02d%02d%02dZ",
                t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
    }

    @Override
    public int compareTo(SnapshotStamp other) {
        return instant.compareTo(other.instant);
    }

    @Override
    public String toString() {
        return name();
    }
}
