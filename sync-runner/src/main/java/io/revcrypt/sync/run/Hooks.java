package io.revcrypt.sync.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The commands a run calls, each with {@code /bin/sh -c}, their output going to ours, 10 minutes
 * each, and the run's {@link HookEnvironment} in their environment: {@code --before CMD} before
 * anything is mounted or copied; {@code --after CMD} after a successful run, with the destination
 * and snapshot name as {@code $1} and {@code $2}; {@code --notify CMD} with the run's report as
 * JSON on stdin.
 */
public final class Hooks {

    private static final long TIMEOUT_MINUTES = 10;

    private Hooks() {
    }

    /** Runs the before-command and returns its exit code: anything but 0 means nothing may be copied. */
    public static int before(String command, HookEnvironment env, PrintStream err) throws IOException {
        return run(List.of("/bin/sh", "-c", command), new byte[0], env.variables(), err);
    }

    /**
     * Runs the notifier. Its failure is reported, never raised: a notifier must not change the
     * backup's own exit code.
     */
    public static void notify(String command, RunReport report, HookEnvironment env, PrintStream err) {
        try {
            int code = run(List.of("/bin/sh", "-c", command), report.toJson(), env.variables(), err);
            if (code != 0) {
                err.println("revcrypt: warning: the --notify command failed (exit " + code + ")");
            }
        } catch (IOException e) {
            err.println("revcrypt: warning: the --notify command could not run: " + e.getMessage());
        }
    }

    /**
     * Runs the after-command: {@code $1} (and {@code REVCRYPT_DEST}, and the older
     * {@code REVCRYPT_DESTINATION}) is the destination, {@code $2} (and {@code REVCRYPT_SNAPSHOT})
     * the snapshot's name or empty. Returns its exit code.
     */
    public static int after(String command, HookEnvironment env, PrintStream err) throws IOException {
        Map<String, String> variables = new java.util.LinkedHashMap<>(env.variables());
        variables.put("REVCRYPT_DESTINATION", env.destination());
        return run(List.of("/bin/sh", "-c", command, "revcrypt-after", env.destination(), env.snapshotOrEmpty()),
                new byte[0], variables, err);
    }

    private static int run(List<String> argv, byte[] stdin, Map<String, String> env, PrintStream err) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        Thread pump = new Thread(() -> {
            try {
                p.getInputStream().transferTo(err);
            } catch (IOException ignored) {
                // the command's output is best effort
            }
        }, "hook-output");
        pump.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        } catch (IOException ignored) {
            // a command that does not read its stdin is fine
        }
        try {
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("it did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            pump.join(5000);
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted");
        }
    }
}
