package io.revcrypt.sync.cli;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.RuntimeDirs;
import io.revcrypt.sync.common.UserException;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * Where the password comes from, in gocryptfs's manner with restic's variables: {@code --passfile}
 * (its first line), {@code --extpass} (the first line a command prints), then
 * {@code REVCRYPT_PASSWORD_FILE}, {@code REVCRYPT_PASSWORD_COMMAND}, {@code REVCRYPT_PASSWORD}, then
 * a prompt on a terminal. An option on the command line wins over every variable, as restic's do,
 * so a script can override what a profile exported.
 */
public final class SecretOptions {

    static final String ENV = "REVCRYPT_PASSWORD";
    static final String ENV_FILE = "REVCRYPT_PASSWORD_FILE";
    static final String ENV_COMMAND = "REVCRYPT_PASSWORD_COMMAND";
    private static final int MAX_PASSWORD = 2048;

    /** The heading of the group in --help; the variables are named there, where a reader looks for them. */
    static final String HEADING = "%nPassword: the first of these options, else $" + ENV_FILE + ",%n$" + ENV_COMMAND
            + " or $" + ENV + ", else a prompt:%n";

    @Option(names = "--passfile", paramLabel = "FILE", order = 1,
            description = "Read the password from the first line of FILE.")
    Path passfile;

    @Option(names = "--extpass", paramLabel = "CMD", order = 2,
            description = "Run CMD (with /bin/sh) and use the first line it prints as the password.")
    String extpass;

    /**
     * Set by mount's hidden --password-stdin (the parent of a daemonized mount hands the secret over
     * on stdin). Not an option of this group: picocli's man pages list a group's hidden options.
     */
    boolean passwordStdin;

    /** The environment; tests give their own. */
    Function<String, String> environment = System::getenv;

    /** The password as bytes; the caller zeroes it. {@code twice} asks again on a terminal (init). */
    public byte[] password(boolean twice) {
        if (passfile != null && extpass != null) {
            throw UserException.usage("give either --passfile or --extpass, not both");
        }
        if (passfile != null) {
            return fromPassfile(passfile);
        }
        if (extpass != null) {
            return fromExtpass(extpass);
        }
        if (passwordStdin) {
            return firstLine(System.in, "standard input");
        }
        String file = environment.apply(ENV_FILE);
        String command = environment.apply(ENV_COMMAND);
        if (file != null && command != null) {
            throw UserException.usage("both " + ENV_FILE + " and " + ENV_COMMAND + " are set: unset one");
        }
        if (file != null) {
            return fromPassfile(Path.of(file));
        }
        if (command != null) {
            return fromExtpass(command);
        }
        String env = environment.apply(ENV);
        if (env != null) {
            return check(env.getBytes(StandardCharsets.UTF_8), ENV);
        }
        Console console = System.console();
        if (console == null) {
            throw UserException.usage("no password given: use --passfile FILE, --extpass CMD, " + ENV_FILE + ", "
                    + ENV_COMMAND + " or " + ENV + ", or run on a terminal to be asked");
        }
        char[] first = console.readPassword("Password: ");
        if (first == null) {
            throw UserException.usage("no password entered");
        }
        try {
            if (twice) {
                char[] again = console.readPassword("Repeat: ");
                try {
                    if (again == null || !Arrays.equals(first, again)) {
                        throw UserException.usage("the passwords do not match");
                    }
                } finally {
                    if (again != null) {
                        Arrays.fill(again, '\0');
                    }
                }
            }
            return check(new String(first).getBytes(StandardCharsets.UTF_8), "the prompt");
        } finally {
            Arrays.fill(first, '\0');
        }
    }

    static byte[] fromPassfile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return firstLine(in, "password file " + file);
        } catch (NoSuchFileException e) {
            throw UserException.usage("password file " + file + " does not exist");
        } catch (IOException e) {
            throw UserException.usage("cannot read password file " + file + ": " + e.getMessage());
        }
    }

    static byte[] fromExtpass(String command) {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            p.getOutputStream().close();
            byte[] line = firstLine(p.getInputStream(), "--extpass command");
            p.getInputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw UserException.usage("--extpass command did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw UserException.usage("--extpass command failed with exit code " + p.exitValue());
            }
            return line;
        } catch (IOException e) {
            throw UserException.usage("cannot run --extpass command: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UserException.failed("interrupted");
        }
    }

    /** Reads up to the first newline, byte by byte (so nothing after it is consumed). */
    static byte[] firstLine(InputStream in, String what) throws UserException {
        byte[] buf = new byte[MAX_PASSWORD + 1];
        int n = 0;
        try {
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (n == buf.length) {
                    throw UserException.usage("the password from " + what + " is longer than " + MAX_PASSWORD + " bytes");
                }
                buf[n++] = (byte) b;
            }
        } catch (IOException e) {
            throw UserException.usage("cannot read the password from " + what + ": " + e.getMessage());
        }
        if (n > 0 && buf[n - 1] == '\r') {
            n--;
        }
        byte[] out = Arrays.copyOf(buf, n);
        Arrays.fill(buf, (byte) 0);
        return check(out, what);
    }

    private static byte[] check(byte[] password, String what) {
        if (password.length == 0) {
            throw UserException.usage("the password from " + what + " is empty");
        }
        return password;
    }
}
