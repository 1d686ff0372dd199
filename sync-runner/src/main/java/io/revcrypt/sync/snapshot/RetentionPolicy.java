package io.revcrypt.sync.snapshot;

/**
 * How many periods each retention rule keeps ({@code --keep-last/-hourly/-daily/-weekly/-monthly/
 * -yearly}); 0 turns a rule off.
 *
 * <p>All zero is "no policy": {@link Retention#plan} then keeps every snapshot. (Borg refuses such a
 * prune call; we never want a missing setting to delete anything.) Negative counts are refused:
 * Borg reads -1 as "unlimited", which we do not offer, and any other negative number is a mistake.
 */
public record RetentionPolicy(
        int keepLast, int keepHourly, int keepDaily, int keepWeekly, int keepMonthly, int keepYearly) {

    private static final RetentionPolicy NONE = new RetentionPolicy(0, 0, 0, 0, 0, 0);

    public RetentionPolicy {
        requireNotNegative("keep-last", keepLast);
        requireNotNegative("keep-hourly", keepHourly);
        requireNotNegative("keep-daily", keepDaily);
        requireNotNegative("keep-weekly", keepWeekly);
        requireNotNegative("keep-monthly", keepMonthly);
        requireNotNegative("keep-yearly", keepYearly);
    }

    /** The empty policy: keeps everything. */
    public static RetentionPolicy none() {
        return NONE;
    }

    /** True if every rule is off, i.e. nothing will ever be pruned. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    public RetentionPolicy withLast(int n) {
        return new RetentionPolicy(n, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly);
    }

    public RetentionPolicy withHourly(int n) {
        return new RetentionPolicy(keepLast, n, keepDaily, keepWeekly, keepMonthly, keepYearly);
    }

    public RetentionPolicy withDaily(int n) {
        return new RetentionPolicy(keepLast, keepHourly, n, keepWeekly, keepMonthly, keepYearly);
    }

    public RetentionPolicy withWeekly(int n) {
        return new RetentionPolicy(keepLast, keepHourly, keepDaily, n, keepMonthly, keepYearly);
    }

    public RetentionPolicy withMonthly(int n) {
        return new RetentionPolicy(keepLast, keepHourly, keepDaily, keepWeekly, n, keepYearly);
    }

    public RetentionPolicy withYearly(int n) {
        return new RetentionPolicy(keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, n);
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "no retention policy (keep everything)";
        }
        StringBuilder s = new StringBuilder();
        for (RetentionRule rule : RetentionRule.values()) {
            int n = rule.countIn(this);
            if (n > 0) {
                s.append(s.length() == 0 ? "" : " ").append("--keep-").append(rule.label()).append(' ').append(n);
            }
        }
        return s.toString();
    }

    private static void requireNotNegative(String option, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(
                    "--" + option + " must be 0 (rule off) or a positive number of snapshots, not " + value);
        }
    }
}
