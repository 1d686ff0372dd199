package io.revcrypt.core.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import javax.security.auth.Destroyable;

/**
 * The 32-byte master key of a filesystem. Owns its bytes, hands out copies, and zeroes them on
 * {@link #close()}.
 */
public final class MasterKey implements AutoCloseable, Destroyable {

    public static final int LENGTH = 32;

    private final byte[] bytes;
    private volatile boolean destroyed;

    private MasterKey(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a master key has " + LENGTH + " bytes, got " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    public static MasterKey of(byte[] bytes) {
        return new MasterKey(bytes);
    }

    public static MasterKey random() {
        byte[] b = new byte[LENGTH];
        new SecureRandom().nextBytes(b);
        try {
            return new MasterKey(b);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    /**
     * Parses gocryptfs's {@code -masterkey} format: hex, any {@code -} removed first, either case.
     *
     * @throws IllegalArgumentException with a message a person can act on
     */
    public static MasterKey parseHex(String text) {
        String hex = text.strip().replace("-", "");
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("a master key is 64 hex digits (dashes allowed), got "
                    + hex.length() + " digits");
        }
        byte[] b;
        try {
            b = HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the master key contains a character that is not a hex digit");
        }
        try {
            return new MasterKey(b);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    /** A copy of the key bytes; the caller zeroes it when done. */
    public byte[] copyBytes() {
        if (destroyed) {
            throw new IllegalStateException("master key already destroyed");
        }
        return bytes.clone();
    }

    /**
     * gocryptfs's way of showing a key to write down: 8 groups of 8 hex digits joined by dashes,
     * with a line break after the fourth group.
     */
    public String toDisplayString() {
        String hex = HexFormat.of().formatHex(copyBytes());
        StringBuilder sb = new StringBuilder();
        for (int g = 0; g < 8; g++) {
            if (g == 4) {
                sb.append("-\n    ");
            } else if (g > 0) {
                sb.append('-');
            }
            sb.append(hex, g * 8, g * 8 + 8);
        }
        return sb.toString();
    }

    /** Plain lowercase hex, as {@code gocryptfs-xray -dumpmasterkey} prints it. */
    public String toHex() {
        byte[] b = copyBytes();
        try {
            return HexFormat.of().formatHex(b);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public void close() {
        destroy();
    }

    @Override
    public String toString() {
        return "MasterKey[hidden]";
    }
}
