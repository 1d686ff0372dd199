package io.revcrypt.core.config;

import java.util.Arrays;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * The {@code ScryptObject} of a config: how the password becomes the key-encryption key.
 * scrypt comes from Bouncy Castle (the JDK has none).
 */
public record ScryptParams(byte[] salt, int n, int r, int p, int keyLen) {

    public static final int DEFAULT_LOG_N = 16;
    public static final int MIN_LOG_N = 10;
    public static final int MAX_LOG_N = 28;

    public ScryptParams {
        salt = salt.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    /** The checks of gocryptfs's {@code scrypt.go}, plus a memory bound so a damaged file cannot exhaust the heap. */
    void validate() throws ConfigException {
        if (n < (1 << MIN_LOG_N) || Integer.bitCount(n) != 1) {
            throw damaged("scrypt N must be a power of two of at least 1024, got " + n);
        }
        if (r < 8 || p < 1 || keyLen < 32 || salt.length < 32) {
            throw damaged("scrypt parameters below gocryptfs's minimum (R=" + r + ", P=" + p
                    + ", KeyLen=" + keyLen + ", salt " + salt.length + " bytes)");
        }
        long memory = 128L * r * n;
        long available = Runtime.getRuntime().maxMemory() / 2;
        if (memory > available || (long) p * r > (1 << 20)) {
            throw new ConfigException(ConfigException.Kind.UNSUPPORTED, String.format(
                    "the config's scrypt parameters need %d MiB of memory, more than this process has (%d MiB)",
                    memory >> 20, available >> 20));
        }
    }

    byte[] deriveKek(byte[] password) {
        return SCrypt.generate(password, salt, n, r, p, keyLen);
    }

    private static ConfigException damaged(String what) {
        return new ConfigException(ConfigException.Kind.DAMAGED, "damaged config: " + what);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScryptParams s && Arrays.equals(salt, s.salt) && n == s.n && r == s.r && p == s.p
                && keyLen == s.keyLen;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(salt) * 31 + n;
    }

    @Override
    public String toString() {
        return "ScryptParams[N=" + n + ", R=" + r + ", P=" + p + ", KeyLen=" + keyLen + "]";
    }
}
