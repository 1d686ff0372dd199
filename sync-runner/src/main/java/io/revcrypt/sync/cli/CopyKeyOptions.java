package io.revcrypt.sync.cli;

import io.revcrypt.sync.common.UserException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * How the commands that read a copy ({@code restore}, {@code verify}) get its key: a password
 * option, or a master key given as hex or on stdin. A picocli mixin.
 */
final class CopyKeyOptions {

    @ArgGroup(validate = false, heading = SecretOptions.HEADING)
    SecretOptions secrets = new SecretOptions();

    @Option(names = "--masterkey", paramLabel = "HEX",
            description = "Use this master key instead of a password: hex, dashes allowed, or 'stdin' to read it.")
    String masterKey;

    /** The master key option, read from stdin if asked, or null; refused next to a password option. */
    String masterKey() {
        if (masterKey == null) {
            return null;
        }
        if (secrets.passfile != null || secrets.extpass != null) {
            throw UserException.usage("--masterkey cannot be combined with --passfile or --extpass");
        }
        if (masterKey.equals("stdin")) {
            return new String(SecretOptions.firstLine(System.in, "standard input"), StandardCharsets.US_ASCII);
        }
        return masterKey;
    }
}
