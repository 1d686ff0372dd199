package io.revcrypt.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads {@code /proc/self/mountinfo}: is something mounted at a path, and what. */
public final class MountTable {

    /** One mount: where, its filesystem type (e.g. {@code fuse.revcrypt}) and its source. */
    public record Mount(Path mountPoint, String fsType, String source) {

        public boolean isFuse() {
            return fsType.equals("fuse") || fsType.startsWith("fuse.");
        }
    }

    private MountTable() {
    }

    public static Optional<Mount> find(Path mountPoint) {
        String wanted = mountPoint.toAbsolutePath().normalize().toString();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
                String[] fields = line.split(" ");
                if (fields.length < 10) {
                    continue;
                }
                String mp = unescape(fields[4]);
                if (!mp.equals(wanted)) {
                    continue;
                }
                int dash = line.indexOf(" - ");
                String[] tail = line.substring(dash + 3).split(" ");
                return Optional.of(new Mount(Path.of(mp), tail[0], unescape(tail[1])));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    public static boolean isMounted(Path mountPoint) {
        return find(mountPoint).isPresent();
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                try {
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                    i += 3;
                    continue;
                } catch (NumberFormatException e) {
                    // not an escape
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
