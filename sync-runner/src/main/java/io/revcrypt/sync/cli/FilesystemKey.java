package io.revcrypt.sync.cli;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.RuntimeDirs;
import io.revcrypt.sync.common.UserException;

import io.revcrypt.core.config.ConfigException;
import io.revcrypt.core.config.ConfigFile;
import io.revcrypt.core.config.FeatureFlag;
import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.crypto.MasterKey;
import io.revcrypt.core.format.FormatOptions;
import io.revcrypt.core.format.NameTransform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Turns the command line's secret options into the ciphers of a filesystem: the config file
 * unlocked with a password, or a master key given as hex (then, as in gocryptfs, the config is
 * not read and gocryptfs's defaults apply).
 */
final class FilesystemKey {

    /** Ciphers and naming of an unlocked filesystem; close {@code core} when done. */
    record Unlocked(CryptoCore core, FormatOptions format, ConfigFile config) {
    }

    private FilesystemKey() {
    }

    static Path defaultConfig(Path plainRoot) {
        return plainRoot.resolve(NameTransform.REVERSE_CONFIG_NAME);
    }

    /**
     * @param reverse true for a reverse view (the config must have AESSIV), false for reading a copy
     */
    static Unlocked unlock(Path configFile, String masterKeyHex, SecretOptions secrets, boolean reverse) {
        if (masterKeyHex != null) {
            if (secrets.passfile != null || secrets.extpass != null) {
                throw UserException.usage("--masterkey cannot be combined with --passfile or --extpass");
            }
            String hex = masterKeyHex.equals("stdin") ? new String(SecretOptions.firstLine(System.in, "standard input"),
                    StandardCharsets.US_ASCII) : masterKeyHex;
            try (MasterKey mk = MasterKey.parseHex(hex)) {
                return new Unlocked(CryptoCore.derive(mk), FormatOptions.reverseDefaults(), null);
            } catch (IllegalArgumentException e) {
                throw UserException.usage("--masterkey: " + e.getMessage());
            }
        }
        ConfigFile config = load(configFile);
        if (reverse && !config.has(FeatureFlag.AESSIV)) {
            throw UserException.usage(configFile + " has no AESSIV flag: it belongs to an ordinary (forward) gocryptfs "
                    + "filesystem, and a reverse view needs AES-SIV");
        }
        byte[] password = secrets.password(false);
        try (MasterKey mk = config.unlock(password)) {
            return new Unlocked(CryptoCore.derive(mk), config.formatOptions(), config);
        } catch (ConfigException e) {
            throw asUserError(e);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    static ConfigFile load(Path configFile) {
        try {
            return ConfigFile.load(configFile);
        } catch (ConfigException e) {
            if (e.kind() == ConfigException.Kind.MISSING) {
                throw UserException.usage("no config file at " + configFile
                        + ": create one with 'revcrypt init', or point to it with --config");
            }
            throw asUserError(e);
        }
    }

    static UserException asUserError(ConfigException e) {
        return new UserException(ExitCode.USAGE, e.getMessage());
    }
}
