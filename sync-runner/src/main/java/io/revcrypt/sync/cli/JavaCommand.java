package io.revcrypt.sync.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/** The command line that starts this same program again: java, its options, class path, main class. */
final class JavaCommand {

    private JavaCommand() {
    }

    static List<String> current() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // debuggers, agents and recordings belong to this process only
            if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-javaagent") && !arg.startsWith("-XX:StartFlightRecording")
                    && !arg.startsWith("-XX:TieredStopAtLevel")) {
                cmd.add(arg);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        return cmd;
    }
}
