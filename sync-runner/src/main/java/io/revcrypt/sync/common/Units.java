package io.revcrypt.sync.common;

/** Sizes for people: 1.2 MB, 340 kB (decimal, as rsync's --human-readable). */
public final class Units {

    private Units() {
    }

    public static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = n;
        int i = -1;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(v < 10 ? "%.1f %s" : "%.0f %s", v, units[i]);
    }
}
