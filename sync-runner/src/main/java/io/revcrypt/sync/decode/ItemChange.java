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

    /**
     * Whether an {@link #ATTRIBUTES} change is one the person made and counts as a change: a
     * mode, owner, group, ACL or xattr of anything ({@code .f...p.....} is a chmod), or a time of
     * anything but a directory. A directory's time alone ({@code .d..t......}) changes whenever
     * an entry in it is created or deleted, which is counted already.
     */
    public static boolean isOwnAttributeChange(String flags) {
        String f = flags.strip();
        if (of(f) != ATTRIBUTES || f.length() < 5) {
            return false;
        }
        boolean directory = f.charAt(1) == 'd';
        for (int i = 2; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c != '.' && c != ' ' && !(directory && i == 4)) {
                return true;
            }
        }
        return false;
    }
}
