package io.revcrypt.it.support;

import java.util.List;

/** How a finished command ended: exit code and everything it printed. */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr) {

    public CommandResult {
        argv = List.copyOf(argv);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Command, exit code and output, for assertion and failure messages. */
    public String describe() {
        return String.join(" ", argv) + "\n  exit " + exitCode
                + "\n  stdout: " + stdout.strip().replace("\n", "\n          ")
                + "\n  stderr: " + stderr.strip().replace("\n", "\n          ");
    }

    @Override
    public String toString() {
        return describe();
    }
}
