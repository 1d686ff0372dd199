package io.revcrypt.sync.ops;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A healthchecks.io-style ping of a job: {@code URL/start} when a run starts (optional),
 * {@code URL} when it ends with exit 0, {@code URL/fail} otherwise, the run's summary as the body
 * (healthchecks shows it). A ping that cannot be delivered is one warning line and never fails
 * the backup: the monitor notices the missing ping by itself, and that is its job.
 */
public final class HealthPing {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final boolean pingStart;
    private final PrintStream err;
    private final HttpClient client;

    public HealthPing(String url, boolean pingStart, PrintStream err) {
        this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.pingStart = pingStart;
        this.err = err;
        this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** Checks the URL's form before anything runs, so a typo in a job file is a usage error. */
    public static void check(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ping url '" + url + "' is not a URL: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("ping url '" + url + "' must be an http:// or https:// URL");
        }
    }

    public void started() {
        if (pingStart) {
            send("/start", "");
        }
    }

    public void finished(int exitCode, String summary) {
        send(exitCode == 0 ? "" : "/fail", summary);
    }

    private void send(String suffix, String body) {
        URI target = URI.create(base + suffix);
        HttpRequest request = HttpRequest.newBuilder(target).timeout(TIMEOUT)
                .header("User-Agent", "revcrypt")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                warn(suffix, "HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            warn(suffix, reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            warn(suffix, "interrupted");
        }
    }

    /** The HttpClient's exceptions often carry their words only in a cause (a refused connection has none). */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e instanceof java.net.ConnectException ? "cannot connect" : e.getClass().getSimpleName();
    }

    /** Names the host, not the URL: a healthchecks URL is a secret that lets anyone ping the check. */
    private void warn(String suffix, String reason) {
        String what = suffix.isEmpty() ? "finish" : suffix.substring(1);
        err.println("revcrypt: warning: the " + what + " ping to " + base.getHost() + " failed: " + reason);
    }
}
