package io.revcrypt.sync.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A short rsync (listing, fetching a small file) whose output is read whole. */
public final class RsyncCall {

    public record Result(int exitCode, String output) {
        public String lastLines() {
            String[] lines = output.strip().split("\n");
            return String.join(" / ", Arrays.copyOfRange(lines, Math.max(0, lines.length - 3), lines.length));
        }
    }

    private RsyncCall() {
    }

    public static Result run(List<String> argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(argv.get(0) + " did not finish within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted");
        }
        return new Result(p.exitValue(), out);
    }
}
