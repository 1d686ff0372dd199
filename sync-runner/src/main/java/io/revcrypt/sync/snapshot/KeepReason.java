package io.revcrypt.sync.snapshot;

import java.util.Objects;

/** Why a snapshot is kept, printed the way {@code borg prune --list} prints its rule. */
public sealed interface KeepReason {

    /**
     * Kept by a retention rule as the {@code number}-th snapshot that rule keeps ("daily #3").
     * {@code oldest} marks Borg's fill-up: the rule did not find enough periods, so it kept the
     * oldest snapshot too ("yearly[oldest] #1").
     */
    record ByRule(RetentionRule rule, int number, boolean oldest) implements KeepReason {
        public ByRule {
            Objects.requireNonNull(rule, "rule");
            if (number < 1) {
                throw new IllegalArgumentException("rule numbers count from 1: " + number);
            }
        }

        @Override
        public String toString() {
            return rule.label() + (oldest ? "[oldest]" : "") + " #" + number;
        }
    }

    /** Our safety rule on top of Borg's: the newest complete snapshot is never pruned. */
    record NewestComplete() implements KeepReason {
        @Override
        public String toString() {
            return "newest complete";
        }
    }

    /** The policy is empty, so everything is kept. */
    record NoPolicy() implements KeepReason {
        @Override
        public String toString() {
            return "no policy";
        }
    }
}
