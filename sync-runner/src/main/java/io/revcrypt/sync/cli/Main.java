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
        Trace.mark("main");
        if (args.length > 1 && args[0].equals("mount") && args[1].equals(MountCommand.DAEMON_CHILD)) {
            // the mount a `mount` or a `sync` starts in the background: its command line is ours,
            // not a person's, so it skips building the whole command tree (a third of its start-up),
            // and loads its native bindings while picocli reads the command line
            Warmup.start();
            return execute(new CommandLine(new MountCommand()).setCommandName("revcrypt mount"),
                    java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        if (args.length > 0 && args[0].equals("sync")) {
            if (java.util.Arrays.asList(args).contains("--snapshots")) {
                Warmup.startForSnapshots();
            }
            // picocli builds the model of this one command, not of all twelve: 50 ms of a cold
            // start, before the mount can be started. Named as in the tree, its help and errors read the same.
            return execute(new CommandLine(new SyncCommand()).setCommandName("revcrypt sync"),
                    java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        return execute(new CommandLine(new RevcryptCommand()), args);
    }

    /** {@code revcrypt sync --version} says what {@code revcrypt --version} says (picocli asks each command's own). */
    private static void everyVersionOption(CommandLine cmd) {
        cmd.getCommandSpec().versionProvider(new RevcryptCommand.VersionProvider());
        for (CommandLine sub : cmd.getSubcommands().values()) {
            everyVersionOption(sub);
        }
    }

    private static int execute(CommandLine cmd, String[] args) {
        everyVersionOption(cmd);
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
        cmd.setParameterExceptionHandler((e, ignored) -> {
            Console.err().println(ParameterErrors.describe(e));
            return ExitCode.USAGE;
        });
        return cmd.execute(GocryptfsSpellings.rewrite(cmd.getCommandSpec(), args));
    }
}
