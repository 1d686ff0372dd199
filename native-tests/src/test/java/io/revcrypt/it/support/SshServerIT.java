package io.revcrypt.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The test sshd itself: real logins, real rsync, rrsync restriction, stop/restart/close. */
class SshServerIT {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    // a space in every path, so quoting in sshd_config, known_hosts and rsync -e is exercised
    @TempDir
    Path tmp;

    private Path workDir() {
        return tmp.resolve("ssh work");
    }

    @Test
    @Timeout(60)
    void runsACommand() throws Exception {
        try (SshServer server = SshServer.start(workDir())) {
            CommandResult r = ProcessRunner.run(server.sshArgv("echo hello"), COMMAND_TIMEOUT);
            assertEquals(0, r.exitCode(), r.describe());
            assertEquals("hello\n", r.stdout(), r.describe());
        }
    }

    @Test
    @Timeout(60)
    void rsyncCopiesATree() throws Exception {
        Path local = tmp.resolve("local tree");
        write(local.resolve("a.txt"), "alpha\n");
        write(local.resolve("sub dir/b.txt"), "beta\n");
        write(local.resolve("sub dir/deeper/c.bin"), "gamma\n");
        Path remote = tmp.resolve("remote side");

        try (SshServer server = SshServer.start(workDir())) {
            CommandResult r = ProcessRunner.run(List.of("rsync", "-a", "-e", server.sshCommand(),
                    local + "/", server.destination(remote) + "/"), COMMAND_TIMEOUT);
            assertEquals(0, r.exitCode(), r.describe());
        }
        assertEquals("alpha\n", Files.readString(remote.resolve("a.txt")));
        assertEquals("beta\n", Files.readString(remote.resolve("sub dir/b.txt")));
        assertEquals("gamma\n", Files.readString(remote.resolve("sub dir/deeper/c.bin")));
    }

    @Test
    @Timeout(60)
    void rsyncOnlyAccountTakesRsyncButNoShell() throws Exception {
        Path allowed = Files.createDirectories(tmp.resolve("allowed"));
        Path local = tmp.resolve("local");
        write(local.resolve("f.txt"), "in the box\n");

        try (SshServer server = SshServer.startRsyncOnly(workDir(), allowed)) {
            CommandResult rsync = ProcessRunner.run(List.of("rsync", "-a", "-e", server.sshCommand(),
                    local + "/", server.destination("incoming/")), COMMAND_TIMEOUT);
            assertEquals(0, rsync.exitCode(), rsync.describe());
            assertEquals("in the box\n", Files.readString(allowed.resolve("incoming/f.txt")));

            CommandResult shell = ProcessRunner.run(server.sshArgv("ls /"), COMMAND_TIMEOUT);
            assertNotEquals(0, shell.exitCode(), shell.describe());
            assertFalse(shell.stdout().contains("usr"), "listed / despite the forced command:\n" + shell.describe());
            assertTrue(shell.stderr().contains("rrsync"), "refused by rrsync:\n" + shell.describe());
        }
    }

    @Test
    @Timeout(90)
    void stopRefusesConnectionsAndRestartAcceptsThemAgain() throws Exception {
        try (SshServer server = SshServer.start(workDir())) {
            int port = server.port();
            server.stop();
            assertFalse(server.isRunning());
            CommandResult refused = ProcessRunner.run(server.sshArgv("echo hello"), COMMAND_TIMEOUT);
            assertEquals(255, refused.exitCode(), refused.describe());
            assertTrue(refused.stderr().contains("Connection refused"), refused.describe());

            server.restart();
            assertEquals(port, server.port());
            CommandResult again = ProcessRunner.run(server.sshArgv("echo hello"), COMMAND_TIMEOUT);
            assertEquals(0, again.exitCode(), again.describe());
            assertEquals("hello\n", again.stdout());
        }
    }

    @Test
    @Timeout(90)
    void stopBreaksATransferInProgress() throws Exception {
        Path local = tmp.resolve("big");
        byte[] noise = new byte[8 << 20];
        new Random(42).nextBytes(noise); // incompressible, so the bandwidth limit holds
        Files.createDirectories(local);
        Files.write(local.resolve("noise.bin"), noise);
        Path remote = tmp.resolve("remote");

        try (SshServer server = SshServer.start(workDir())) {
            // 8 MiB at 512 KiB/s: ~16 s, far longer than we wait before stopping
            Background rsync = Background.start(List.of("rsync", "-a", "--bwlimit=512", "-e", server.sshCommand(),
                    local + "/", server.destination(remote) + "/"), tmp);
            try {
                awaitRemoteServerProcess(remote, Duration.ofSeconds(20));
                Thread.sleep(1000); // let some bytes flow
                server.stop();

                assertTrue(rsync.process().waitFor(30, TimeUnit.SECONDS), "rsync still running after sshd stopped");
                assertNotEquals(0, rsync.process().exitValue(), "rsync said success:\n" + rsync.output());
                assertTrue(remoteServerProcesses(remote).isEmpty(),
                        "session processes left: " + ProcessTree.describe(remoteServerProcesses(remote)));
                assertFalse(Files.exists(remote.resolve("noise.bin")), "the transfer completed before the stop");
            } finally {
                rsync.kill();
            }
        }
    }

    @Test
    @Timeout(60)
    void closeLeavesNoSshdBehind() throws Exception {
        SshServer server = SshServer.start(workDir());
        Background session = Background.start(server.sshArgv("exec sleep 297.5"), tmp);
        try {
            awaitProcess("sleep 297.5", Duration.ofSeconds(20));
            assertEquals(1, server.listenersWithOurConfig().size(), "the listener is found by its config path");
            server.close();
            server.close(); // idempotent

            assertFalse(server.isRunning());
            assertTrue(server.listenersWithOurConfig().isEmpty(),
                    "sshd still running: " + ProcessTree.describe(server.listenersWithOurConfig()));
            assertTrue(processesNamed("sleep 297.5").isEmpty(), "the session's command survived close()");
            assertTrue(session.process().waitFor(30, TimeUnit.SECONDS), "ssh client still connected");
        } finally {
            session.kill();
            server.close();
        }
    }

    // --- helpers ---

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** rsync's server side on the ssh host; its command line ends with the remote path. */
    private static List<ProcessHandle> remoteServerProcesses(Path remote) {
        return ProcessCommandLine.containing(remote.toString())
                .filter(p -> ProcessCommandLine.of(p).orElse("").contains("--server"))
                .toList();
    }

    private static void awaitRemoteServerProcess(Path remote, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (remoteServerProcesses(remote).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("rsync's server side never started within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    /** Processes whose whole command line is {@code commandLine} (not the ssh client that asked for it). */
    private static List<ProcessHandle> processesNamed(String commandLine) {
        return ProcessHandle.allProcesses()
                .filter(p -> ProcessCommandLine.of(p).map(commandLine::equals).orElse(false))
                .toList();
    }

    private static void awaitProcess(String commandLine, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processesNamed(commandLine).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("'" + commandLine + "' never started within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    /** A command left running while the test does something else; output goes to a file. */
    private record Background(Process process, Path log) {

        static Background start(List<String> argv, Path dir) throws IOException {
            Path out = Files.createTempFile(dir, "background", ".log");
            Process p = new ProcessBuilder(new ArrayList<>(argv))
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return new Background(p, out);
        }

        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        void kill() throws InterruptedException {
            ProcessTree.kill(process.toHandle(), Duration.ofSeconds(10));
        }
    }
}
