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

    public static MountOptions of(String fsName) {
        return new MountOptions(fsName, false, Duration.ofSeconds(15));
    }

    public MountOptions withAllowOther(boolean value) {
        return new MountOptions(fsName, value, readyTimeout);
    }

    /** libfuse 2 options: read-only, our type, the kernel's 1 s caches as gocryptfs uses them. */
    String fuseOptions() {
        StringBuilder o = new StringBuilder("ro,subtype=revcrypt,default_permissions,use_ino,attr_timeout=1,entry_timeout=1,"
                + "negative_timeout=1,max_read=131072,fsname=");
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
