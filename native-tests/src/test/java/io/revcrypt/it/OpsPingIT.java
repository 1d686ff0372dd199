package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.OpsEnv;
import io.revcrypt.it.support.OpsTrees;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code [ping] url} in a job file (issue 19), against a real HTTP server on 127.0.0.1 in the
 * manner of healthchecks.io: {@code URL/start} when the run starts, {@code URL} after exit 0,
 * {@code URL/fail} otherwise, the summary as the body; a monitor that cannot be reached is one
 * warning line and never a failed backup.
 */
class OpsPingIT {

    /** "POST /path body" per request, in the order they came. */
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @RegisterExtension
    final OpsEnv ops = OpsEnv.perTest();

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + body.strip());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ping/4c8e-uuid";
    }

    private Path job(String name, Path src, Path dest, String url, String... extra) throws IOException {
        Path job = Files.createDirectories(ops.jobsDir()).resolve(name + ".toml");
        StringBuilder toml = new StringBuilder()
                .append("source = \"").append(src).append("\"\n")
                .append("destination = \"").append(dest).append("\"\n")
                .append("passfile = \"").append(ops.passfile()).append("\"\n");
        for (String line : extra) {
            toml.append(line).append('\n');
        }
        toml.append("[ping]\nurl = \"").append(url).append("\"\n");
        Files.writeString(job, toml);
        return job;
    }

    @Test
    @Timeout(120)
    void aRunPingsStartThenSuccessOrFailure() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        String url = startServer();

        CommandResult ok = ops.revcrypt("sync", "--job", job("laptop", src, ops.path("backup"), url).toString());
        assertEquals(0, ok.exitCode(), ok.describe());
        assertEquals(2, requests.size(), requests::toString);
        assertEquals("POST /ping/4c8e-uuid/start", requests.get(0).strip(), requests::toString);
        assertTrue(requests.get(1).startsWith("POST /ping/4c8e-uuid revcrypt: done: "), requests::toString);

        requests.clear();
        CommandResult failed = ops.revcrypt("sync", "--job",
                job("gone", ops.path("no-such-source"), ops.path("backup2"), url).toString());
        assertEquals(1, failed.exitCode(), failed.describe());
        assertEquals(2, requests.size(), requests::toString);
        assertEquals("POST /ping/4c8e-uuid/start", requests.get(0).strip(), requests::toString);
        assertTrue(requests.get(1).startsWith("POST /ping/4c8e-uuid/fail revcrypt: failed: "), requests::toString);
        assertTrue(requests.get(1).contains("no-such-source"), "the body says why: " + requests);

    }

    @Test
    @Timeout(120)
    void aStartPingCanBeLeftOutAndADryRunDoesNotPing() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        String url = startServer();
        Path job = job("laptop", src, ops.path("backup"), url);
        Files.writeString(job, Files.readString(job) + "start = false\n");

        CommandResult dry = ops.revcrypt("sync", "--job", job.toString(), "--dry-run");
        assertEquals(0, dry.exitCode(), dry.describe());
        assertEquals(List.of(), requests, "a dry run is not a backup");

        CommandResult ok = ops.revcrypt("sync", "--job", job.toString());
        assertEquals(0, ok.exitCode(), ok.describe());
        assertEquals(1, requests.size(), requests::toString);
        assertTrue(requests.get(0).startsWith("POST /ping/4c8e-uuid revcrypt: done: "), requests::toString);
    }

    @Test
    @Timeout(120)
    void anUnreachableMonitorIsOneWarningPerPingNeverAFailedBackup() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/ping/secret-uuid";

        CommandResult r = ops.revcrypt("sync", "--job", job("laptop", src, ops.path("backup"), url).toString());

        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stdout().contains("revcrypt: done: "), r.describe());
        List<String> warnings = r.stderr().lines().filter(l -> l.contains("ping")).toList();
        assertEquals(2, warnings.size(), r::describe);
        assertTrue(warnings.get(0).startsWith("revcrypt: warning: the start ping to 127.0.0.1 failed: "), r::describe);
        assertTrue(warnings.get(1).startsWith("revcrypt: warning: the finish ping to 127.0.0.1 failed: "), r::describe);
        assertTrue(!r.stderr().contains("secret-uuid"), () -> "the URL is a secret and not printed:\n" + r.describe());
        assertTrue(Files.isRegularFile(ops.path("backup").resolve("gocryptfs.conf")), "the backup was made");
    }

    @Test
    @Timeout(60)
    void aPingUrlThatIsNotOneIsRefusedWithTheLine() throws Exception {
        OpsEnv.requireBasics();
        Path src = Files.createDirectory(ops.path("src"));
        Path job = job("typo", src, ops.path("backup"), "hc-ping.com/uuid");
        CommandResult r = ops.revcrypt("sync", "--job", job.toString());
        assertEquals(2, r.exitCode(), r.describe());
        assertEquals(List.of("revcrypt: " + job + ":5: ping url 'hc-ping.com/uuid' must be an http:// or https:// URL"),
                r.stderr().lines().toList(), r::describe);
    }
}
