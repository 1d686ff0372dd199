package io.revcrypt.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The two long-name rules side by side: gocryptfs's by prefix, and the exact shape of a hash. */
class LongNameRulesTest {

    private static final String HASHED = NameTransform.longNameHash("x".repeat(300));

    @Test
    void aHashIsBothALongNameAndOfTheExactShape() {
        assertEquals(NameTransform.LONGNAME_LENGTH, HASHED.length());
        assertTrue(NameTransform.isLongName(HASHED));
        assertTrue(NameTransform.isHashedLongName(HASHED));
        assertTrue(NameTransform.isLongNameFile(HASHED + NameTransform.LONGNAME_SUFFIX));
        assertTrue(NameTransform.isHashedLongNameFile(HASHED + NameTransform.LONGNAME_SUFFIX));
        assertFalse(NameTransform.isHashedLongName(HASHED + NameTransform.LONGNAME_SUFFIX));
    }

    @Test
    void gocryptfsGoesByThePrefixAloneTheShapeDoesNot() {
        String short43 = NameTransform.LONGNAME_PREFIX + "abc";
        assertTrue(NameTransform.isLongName(short43));
        assertFalse(NameTransform.isHashedLongName(short43), "too short");
        String withSpace = HASHED.substring(0, HASHED.length() - 1) + " ";
        assertTrue(NameTransform.isLongName(withSpace));
        assertFalse(NameTransform.isHashedLongName(withSpace), "not base64url");
        assertFalse(NameTransform.isHashedLongNameFile(short43 + NameTransform.LONGNAME_SUFFIX));
        assertFalse(NameTransform.isLongName("gocryptfs.diriv"));
    }
}
