package io.revcrypt.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the kernel's mount table says, read from {@code /proc/self/mountinfo}. Deliberately not
 * fs-fuse's {@code MountTable}: the tests judge the product's mounts with their own reading.
 */
public final class Mounts {

    /** One line of mountinfo: where, filesystem type ({@code fuse.revcrypt}, …), source. */
    public record Entry(String mountPoint, String fsType, String source) {
        public boolean isFuse() {
            return fsType.equals("fuse") || fsType.startsWith("fuse.");
        }
    }

    private Mounts() {}

    public static List<Entry> all() {
        List<Entry> entries = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
                String[] fields = line.split(" ");
                int dash = line.indexOf(" - ");
                if (fields.length < 5 || dash < 0) {
                    continue;
                }
                String[] tail = line.substring(dash + 3).split(" ");
                entries.add(new Entry(unescape(fields[4]), tail[0], tail.length > 1 ? unescape(tail[1]) : ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    public static Optional<Entry> find(Path mountPoint) {
        String wanted = mountPoint.toAbsolutePath().normalize().toString();
        // the last entry wins: a mount stacked over another is the visible one
        Entry found = null;
        for (Entry e : all()) {
            if (e.mountPoint().equals(wanted)) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    public static boolean isMounted(Path mountPoint) {
        return find(mountPoint).isPresent();
    }

    /** mountinfo writes space, tab, newline and backslash as a backslash and three octal digits. */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
