package io.revcrypt.sync.cli;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.RuntimeDirs;
import io.revcrypt.sync.common.UserException;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The {@code revcrypt} command line. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command and returns its exit code (tests call this directly). */
    public static int run(String... args) {
        CommandLine cmd = new CommandLine(new RevcryptCommand());
        cmd.setOut(new PrintWriter(Console.out(), true, StandardCharsets.UTF_8));
        cmd.setErr(new PrintWriter(Console.err(), true, StandardCharsets.UTF_8));
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UserException u) {
                Console.err().println("revcrypt: " + u.getMessage());
                return u.exitCode();
            }
            Console.err().println("revcrypt: internal error: " + e);
            e.printStackTrace(Console.err());
            return ExitCode.FAILED;
        });
        cmd.setParameterExceptionHandler((e, args2) -> {
            Console.err().println("revcrypt: " + e.getMessage());
            Console.err().println("Try 'revcrypt " + (e.getCommandLine().getCommandName().equals("revcrypt") ? ""
                    : e.getCommandLine().getCommandName() + " ") + "--help'.");
            return ExitCode.USAGE;
        });
        return cmd.execute(args);
    }
}
