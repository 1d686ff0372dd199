package io.revcrypt.sync.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The commands a run calls: {@code --notify CMD} gets the run's report as JSON on stdin;
 * {@code --after CMD} runs after a successful run with the destination and snapshot name. Both run
 * with {@code /bin/sh -c}, their output goes to ours, and they have 10 minutes.
 */
public final class Hooks {

    private static final long TIMEOUT_MINUTES = 10;

    private Hooks() {
    }

    /**
     * Runs the notifier. Its failure is reported, never raised: a notifier must not change the
     * backup's own exit code.
     */
    public static void notify(String command, RunReport report, PrintStream err) {
        try {
            int code = run(List.of("/bin/sh", "-c", command), report.toJson(), List.of(), err);
            if (code != 0) {
                err.println("revcrypt: warning: the --notify command failed (exit " + code + ")");
            }
        } catch (IOException e) {
            err.println("revcrypt: warning: the --notify command could not run: " + e.getMessage());
        }
    }

    /**
     * Runs the after-command: {@code $1} (and {@code REVCRYPT_DESTINATION}) is the destination,
     * {@code $2} (and {@code REVCRYPT_SNAPSHOT}) the snapshot's name or empty. Returns its exit code.
     */
    public static int after(String command, String destination, String snapshot, PrintStream err) throws IOException {
        String snap = snapshot == null ? "" : snapshot;
        return run(List.of("/bin/sh", "-c", command, "revcrypt-after", destination, snap), new byte[0],
                List.of("REVCRYPT_DESTINATION=" + destination, "REVCRYPT_SNAPSHOT=" + snap), err);
    }

    private static int run(List<String> argv, byte[] stdin, List<String> env, PrintStream err) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        for (String e : env) {
            int eq = e.indexOf('=');
            pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
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
