package io.revcrypt.sync.snapshot;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.function.ToIntFunction;

/**
 * The retention rules, in the order Borg applies them (finest period first), each with the period
 * that groups snapshots.
 *
 * <p>Periods follow Borg 1.4's {@code PRUNING_PATTERNS} ({@code src/borg/helpers/misc.py}):
 * {@code --keep-last} is Borg's {@code --keep-secondly} ({@code %Y-%m-%d %H:%M:%S}), hourly
 * {@code %Y-%m-%d %H}, daily {@code %Y-%m-%d}, weekly {@code %G-%V} (ISO-8601 week-based year and
 * week, Monday to Sunday), monthly {@code %Y-%m}, yearly {@code %Y}. Borg's minutely, 13weekly and
 * 3monthly rules are not offered.
 *
 * <p>Time zone: Borg computes periods in the local time zone of the machine running prune. We use
 * UTC, the zone of the snapshot names, so the same snapshots give the same plan on every machine;
 * this equals Borg run with {@code TZ=UTC}.
 */
public enum RetentionRule {
    /** Borg's {@code --keep-last} = {@code --keep-secondly}: one per second, i.e. every snapshot. */
    LAST("last", RetentionPolicy::keepLast) {
        @Override
        Object periodOf(Instant instant) {
            return instant.truncatedTo(ChronoUnit.SECONDS);
        }
    },
    HOURLY("hourly", RetentionPolicy::keepHourly) {
        @Override
        Object periodOf(Instant instant) {
            return utc(instant).truncatedTo(ChronoUnit.HOURS);
        }
    },
    DAILY("daily", RetentionPolicy::keepDaily) {
        @Override
        Object periodOf(Instant instant) {
            return utc(instant).toLocalDate();
        }
    },
    WEEKLY("weekly", RetentionPolicy::keepWeekly) {
        @Override
        Object periodOf(Instant instant) {
            // %G-%V: 2021-01-03 is in week 53 of 2020, 2024-12-30 in week 1 of 2025
            LocalDateTime t = utc(instant);
            return t.get(IsoFields.WEEK_BASED_YEAR) + "-W" + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        }
    },
    MONTHLY("monthly", RetentionPolicy::keepMonthly) {
        @Override
        Object periodOf(Instant instant) {
            return YearMonth.from(utc(instant));
        }
    },
    YEARLY("yearly", RetentionPolicy::keepYearly) {
        @Override
        Object periodOf(Instant instant) {
            return utc(instant).getYear();
        }
    };

    private final String label;
    private final ToIntFunction<RetentionPolicy> count;

    RetentionRule(String label, ToIntFunction<RetentionPolicy> count) {
        this.label = label;
        this.count = count;
    }

    /**
     * A key equal for two instants exactly when they fall in the same period of this rule. Keys are
     * only compared for equality.
     */
    abstract Object periodOf(Instant instant);

    /** How many periods {@code policy} keeps under this rule; 0 = rule off. */
    public int countIn(RetentionPolicy policy) {
        return count.applyAsInt(policy);
    }

    /** The rule's name as it appears in reasons and options: "last", "hourly", … */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
