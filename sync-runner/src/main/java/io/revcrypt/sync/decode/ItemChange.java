package io.revcrypt.sync.decode;

/**
 * What an {@code --itemize-changes} flag string ({@code YXcstpoguax}) says happened to an
 * entry, in the terms the summary counts.
 */
public enum ItemChange {
    /** {@code >f+++++++++}, {@code cd+++++++++}, {@code cL+++++++++}: did not exist before. */
    CREATED,
    /** {@code >f.st......} (data sent) or {@code cLc........} (changed locally, e.g. a symlink re-pointed). */
    UPDATED,
    /** {@code .f...p.....}, {@code .d..t......}: only attributes changed. */
    ATTRIBUTES,
    /** {@code *deleting}. */
    DELETED,
    /** {@code .f         } under {@code -ii}: listed, nothing changed. */
    UNCHANGED;

    /** Classifies rsync's flags (surrounding padding allowed). */
    public static ItemChange of(String flags) {
        String f = flags.strip();
        if (f.startsWith("*deleting")) {
            return DELETED;
        }
        if (f.length() < 3) {
            return UNCHANGED;
        }
        String attributes = f.substring(2);
        if (attributes.chars().allMatch(c -> c == '+')) {
            return CREATED;
        }
        char update = f.charAt(0);
        if (update == '<' || update == '>' || update == 'c') {
            return UPDATED;
        }
        boolean anyAttribute = attributes.chars().anyMatch(c -> c != '.' && c != ' ');
        return anyAttribute ? ATTRIBUTES : UNCHANGED;
    }
}
