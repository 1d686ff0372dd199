package io.revcrypt.sync.cli;

import io.revcrypt.sync.common.UserException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations for people: {@code 36h}, {@code 2d}, {@code 1d12h}, {@code 90m}, {@code 1w}, or ISO-8601 ({@code PT36H}). */
final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+)([smhdw])");

    private Durations() {
    }

    static Duration parse(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.startsWith("p")) {
            try {
                return Duration.parse(text.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                throw UserException.usage("not a duration: " + text);
            }
        }
        Matcher m = PART.matcher(t);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            });
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw UserException.usage("not a duration: " + text + " (e.g. 36h, 2d, 1d12h, 1w)");
        }
        return d;
    }

    /** "3 h", "2 d 4 h": a short human age. */
    static String human(Duration d) {
        long s = d.getSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        if (s < 172800) {
            return s / 3600 + " h";
        }
        return s / 86400 + " d " + (s % 86400) / 3600 + " h";
    }
}
