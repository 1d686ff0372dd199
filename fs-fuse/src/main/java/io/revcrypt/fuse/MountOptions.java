package io.revcrypt.fuse;

import java.time.Duration;

/**
 * How to mount.
 *
 * @param fsName what {@code mount} shows as the source (the plaintext directory, as gocryptfs does)
 * @param allowOther let other users see the mount ({@code allow_other}; needs root or user_allow_other)
 * @param readyTimeout how long {@code mount} waits for the mount to answer
 */
public record MountOptions(String fsName, boolean allowOther, Duration readyTimeout) {

    /**
     * The largest read the kernel sends (as gocryptfs). libfuse 3 needs it twice: as the
     * {@code max_read} mount option and as {@code conn->max_read} in {@code init}.
     */
    public static final int MAX_READ = 131072;

    public static MountOptions of(String fsName) {
        return new MountOptions(fsName, false, Duration.ofSeconds(15));
    }

    public MountOptions withAllowOther(boolean value) {
        return new MountOptions(fsName, value, readyTimeout);
    }

    /**
     * libfuse 3 {@code -o} options: read-only, our type, the kernel checks permissions, reads of
     * at most {@link #MAX_READ}. (use_ino and the 1 s caches are set in {@code init}.) Commas
     * and backslashes in the source are escaped with a backslash, as libfuse's option parser expects.
     */
    String fuseOptions() {
        StringBuilder o = new StringBuilder("ro,subtype=revcrypt,default_permissions,max_read=" + MAX_READ + ",fsname=");
        for (char c : fsName.toCharArray()) {
            if (c == ',' || c == '\\') {
                o.append('\\');
            }
            o.append(c);
        }
        if (allowOther) {
            o.append(",allow_other");
        }
        return o.toString();
    }
}
