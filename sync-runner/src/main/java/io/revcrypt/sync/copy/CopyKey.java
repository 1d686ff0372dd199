package io.revcrypt.sync.copy;

import io.revcrypt.core.config.ConfigException;
import io.revcrypt.core.config.ConfigFile;
import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.crypto.MasterKey;
import io.revcrypt.core.format.FormatOptions;
import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.UserException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The key of a copy: its {@code gocryptfs.conf} (or {@code --config FILE}) unlocked with the
 * password, or a master key given as hex. With a master key, the config's flags still decide the
 * format when a config is at hand (so an ordinary gocryptfs filesystem with AES-GCM content works
 * too); without one, the defaults of {@code gocryptfs -reverse} apply.
 */
public final class CopyKey {

    /** An unlocked copy: close {@code core} when done. */
    public record Unlocked(CryptoCore core, FormatOptions format) {
    }

    private CopyKey() {
    }

    /**
     * @param config       the config file to use (the person's {@code --config}, or the copy's own)
     * @param explicit     whether the person named {@code config}
     * @param masterKeyHex the master key, or null
     * @param password     asked only when needed; the returned bytes are zeroed here
     */
    public static Unlocked unlock(Path config, boolean explicit, String masterKeyHex, Supplier<byte[]> password) {
        boolean present = config != null && Files.isRegularFile(config);
        if (masterKeyHex != null) {
            FormatOptions format = FormatOptions.reverseDefaults();
            if (present || explicit) {
                format = load(config, explicit).formatOptions();
            }
            try (MasterKey mk = MasterKey.parseHex(masterKeyHex)) {
                return new Unlocked(CryptoCore.derive(mk), format);
            } catch (IllegalArgumentException e) {
                throw UserException.usage("--masterkey: " + e.getMessage());
            }
        }
        if (!present) {
            if (explicit) {
                throw UserException.usage("no config file at " + config);
            }
            throw UserException.usage("the copy has no gocryptfs.conf: name the config with --config FILE "
                    + "(e.g. SRC/.gocryptfs.reverse.conf), or give the master key with --masterkey HEX");
        }
        ConfigFile cf = load(config, explicit);
        byte[] pw = password.get();
        try (MasterKey mk = cf.unlock(pw)) {
            return new Unlocked(CryptoCore.derive(mk), cf.formatOptions());
        } catch (ConfigException e) {
            throw new UserException(ExitCode.USAGE, e.getMessage());
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }

    private static ConfigFile load(Path config, boolean explicit) {
        try {
            return ConfigFile.load(config);
        } catch (ConfigException e) {
            if (e.kind() == ConfigException.Kind.MISSING) {
                throw UserException.usage("no config file at " + config);
            }
            throw new UserException(ExitCode.USAGE, e.getMessage());
        }
    }

    /** Whether {@code dir/gocryptfs.conf} exists (not through a symlink). */
    static boolean hasConfig(Path dir) {
        return Files.isRegularFile(dir.resolve("gocryptfs.conf"), LinkOption.NOFOLLOW_LINKS);
    }
}
