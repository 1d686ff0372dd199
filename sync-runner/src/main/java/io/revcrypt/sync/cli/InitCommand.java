package io.revcrypt.sync.cli;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.RuntimeDirs;
import io.revcrypt.sync.common.UserException;

import io.revcrypt.core.config.ConfigException;
import io.revcrypt.core.config.ConfigFile;
import io.revcrypt.core.config.ScryptParams;
import io.revcrypt.core.crypto.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(mixinStandardHelpOptions = true, name = "init", description = {
        "Create the config of a new encrypted view of SRC.",
        "It holds a random master key, wrapped with a password.",
        "It is SRC/.gocryptfs.reverse.conf, the file that gocryptfs -reverse -init writes."},
        sortOptions = false)
final class InitCommand implements Callable<Integer> {

    @ArgGroup(validate = false, heading = SecretOptions.HEADING)
    SecretOptions secrets = new SecretOptions();

    @Option(names = "--config", paramLabel = "FILE", description = "Write the config to FILE instead of into SRC.")
    Path config;

    @Option(names = "--scryptn", paramLabel = "N", description = "scrypt cost as log2(N), 10..28 (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + ScryptParams.DEFAULT_LOG_N)
    int scryptLogN;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the master key.")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "SRC", description = "The plaintext directory to back up.")
    Path source;

    @Override
    public Integer call() {
        if (!Files.isDirectory(source)) {
            throw UserException.usage("source directory " + source + " does not exist");
        }
        Path target = config != null ? config : FilesystemKey.defaultConfig(source);
        if (Files.exists(target)) {
            throw UserException.usage("config file " + target + " already exists; refusing to overwrite it "
                    + "(it holds the only copy of that master key)");
        }
        byte[] password = secrets.password(true);
        try (MasterKey mk = MasterKey.random()) {
            ConfigFile.create(mk, password, scryptLogN, "revcrypt " + Version.get()).writeNew(target);
            Console.out().println("Created " + target + " (" + (config == null ? "mount and sync use it from there" : "pass it with --config") + ").");
            if (!quiet) {
                Console.out().println();
                Console.out().println("Your master key is:");
                Console.out().println();
                Console.out().println("    " + mk.toDisplayString());
                Console.out().println();
                Console.out().println("If the password is forgotten or the config file lost, the key restores everything:");
                Console.out().println("keep it on paper, somewhere safe.");
            }
            return ExitCode.OK;
        } catch (ConfigException e) {
            throw FilesystemKey.asUserError(e);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }
}
