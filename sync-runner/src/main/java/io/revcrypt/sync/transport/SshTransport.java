package io.revcrypt.sync.transport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ssh that rsync runs for a remote destination: never asks anything mid-run (BatchMode),
 * gives up on a dead link instead of hanging (keep-alives), and shares one multiplexed connection
 * for every rsync of the run (ControlMaster), closed at the end.
 */
public final class SshTransport implements AutoCloseable {

    private final Destination destination;
    private final Path controlPath;
    private final List<String> userOptions;

    public SshTransport(Destination destination, Path runtimeDir, List<String> userOptions) {
        this.destination = destination;
        // one run directory per run and destination: a fixed name keeps the socket path short
        this.controlPath = runtimeDir.resolve("ssh");
        this.userOptions = List.copyOf(userOptions);
    }

    /**
     * The ssh command line, one argument per element. The person's options come first: ssh keeps
     * the first value it is given for an option, so theirs win over our defaults.
     */
    public List<String> command() {
        List<String> cmd = new ArrayList<>(List.of("ssh"));
        for (String opt : userOptions) {
            cmd.add("-o");
            cmd.add(opt);
        }
        cmd.addAll(List.of(
                "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=30",
                "-o", "ServerAliveInterval=15",
                "-o", "ServerAliveCountMax=4",
                "-o", "ControlMaster=auto",
                "-o", "ControlPath=" + controlPath,
                "-o", "ControlPersist=60"));
        return cmd;
    }

    /**
     * The command as one string for {@code rsync -e}. rsync splits it on spaces itself, honouring
     * single quotes, inside which it reads {@code ''} as one quote (not the shell's {@code '\\''}).
     */
    public String rsyncShell() {
        StringBuilder sb = new StringBuilder();
        for (String arg : command()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            if (arg.matches("[A-Za-z0-9_./=%:,@+-]+")) {
                sb.append(arg);
            } else {
                sb.append('\'').append(arg.replace("'", "''")).append('\'');
            }
        }
        return sb.toString();
    }

    /** Ends the shared connection (ssh -O exit); quiet if there is none. */
    @Override
    public void close() {
        List<String> cmd = new ArrayList<>(command());
        cmd.addAll(List.of("-O", "exit", destination.host()));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (Exception e) {
            // nothing to close
        }
    }
}
