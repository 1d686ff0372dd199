package io.revcrypt.sync.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    @Test
    void negativeCountsAreRefusedNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RetentionPolicy(0, 0, -1, 0, 0, 0));
        assertTrue(e.getMessage().contains("--keep-daily"), e.getMessage());
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.none().withLast(-3));
        assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.none().withHourly(-1));
        assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.none().withWeekly(-1));
        assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.none().withMonthly(-1));
        assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.none().withYearly(Integer.MIN_VALUE));
    }

    @Test
    void allZeroIsNoPolicy() {
        assertTrue(RetentionPolicy.none().isEmpty());
        assertTrue(new RetentionPolicy(0, 0, 0, 0, 0, 0).isEmpty());
        assertFalse(RetentionPolicy.none().withYearly(1).isEmpty());
        assertEquals("no retention policy (keep everything)", RetentionPolicy.none().toString());
    }

    @Test
    void withersSetOneRuleEach() {
        RetentionPolicy p = RetentionPolicy.none()
                .withLast(1).withHourly(2).withDaily(3).withWeekly(4).withMonthly(5).withYearly(6);
        assertEquals(new RetentionPolicy(1, 2, 3, 4, 5, 6), p);
        assertEquals("--keep-last 1 --keep-hourly 2 --keep-daily 3 --keep-weekly 4 --keep-monthly 5 --keep-yearly 6",
                p.toString());
    }
}
