package io.revcrypt.it.support;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A real OpenSSH server on 127.0.0.1 for end-to-end tests, everything it needs kept in one work
 * directory: throwaway host and client keys, its own sshd_config, pid file and log.
 *
 * <p>Logins are as root with a key. With {@link #startWithForcedCommand} the client key is
 * restricted to one command ({@code command="…",restrict}), e.g. rrsync for an rsync-only account
 * like a storage box. A second, unrestricted admin key is used only to check that the server is
 * up, so the check works whatever the forced command is.
 *
 * <p>Needs root (sshd's privilege separation) and {@code /usr/sbin/sshd}, {@code ssh},
 * {@code ssh-keygen} on the machine. Every wait has a time limit; a server that does not come up
 * fails with its log in the message.
 */
public final class SshServer implements AutoCloseable {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Path PRIVSEP_DIR = Path.of("/run/sshd");
    private static final String USER = "root";
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(15);
    private static final int PORT_ATTEMPTS = 5;
    /** Arguments rsync's -e splitter and a reader take as they are. */
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private final Path workDir;
    private final Path config;
    private final Path log;
    private final Path pidFile;
    private final Path knownHosts;
    private final SshKeyPair clientKey;
    private final SshKeyPair adminKey;
    private final int port;
    private Process sshd;
    private boolean closed;

    private SshServer(Path workDir, int port, SshKeyPair clientKey, SshKeyPair adminKey) {
        this.workDir = workDir;
        this.port = port;
        this.clientKey = clientKey;
        this.adminKey = adminKey;
        this.config = workDir.resolve("sshd_config");
        this.log = workDir.resolve("sshd.log");
        this.pidFile = workDir.resolve("sshd.pid");
        this.knownHosts = workDir.resolve("known_hosts");
    }

    /** Starts a server whose client key may run anything. */
    public static SshServer start(Path workDir) throws IOException, InterruptedException {
        return start(workDir, Optional.empty());
    }

    /**
     * Starts a server whose client key runs only {@code forcedCommand}, executed by root's shell
     * with the client's request in {@code $SSH_ORIGINAL_COMMAND}; e.g. {@code /usr/bin/rrsync /srv/b}.
     */
    public static SshServer startWithForcedCommand(Path workDir, String forcedCommand)
            throws IOException, InterruptedException {
        Objects.requireNonNull(forcedCommand, "forcedCommand");
        if (forcedCommand.isBlank() || forcedCommand.contains("\n") || forcedCommand.contains("\\")) {
            // authorized_keys has only \" as an escape; keep the command unambiguous
            throw new IllegalArgumentException("unusable forced command: " + forcedCommand);
        }
        return start(workDir, Optional.of(forcedCommand));
    }

    /** An rsync-only account: the client key runs {@code /usr/bin/rrsync <allowedDir>}. */
    public static SshServer startRsyncOnly(Path workDir, Path allowedDir) throws IOException, InterruptedException {
        return startWithForcedCommand(workDir, "/usr/bin/rrsync " + shellQuoted(allowedDir.toAbsolutePath().toString()));
    }

    private static SshServer start(Path workDir, Optional<String> forcedCommand)
            throws IOException, InterruptedException {
        Path dir = Files.createDirectories(workDir.toAbsolutePath());
        Files.createDirectories(PRIVSEP_DIR); // sshd refuses to start without it
        SshKeyPair hostKey = SshKeyPair.generate(dir.resolve("ssh_host_ed25519_key"), "revcrypt-test-host");
        SshKeyPair clientKey = SshKeyPair.generate(dir.resolve("client_ed25519"), "revcrypt-test-client");
        SshKeyPair adminKey = SshKeyPair.generate(dir.resolve("admin_ed25519"), "revcrypt-test-admin");
        Files.writeString(dir.resolve("authorized_keys"),
                authorizedKey(clientKey, forcedCommand) + "\n" + adminKey.publicKeyTypeAndBase64() + " admin\n",
                StandardCharsets.UTF_8);

        IllegalStateException lastFailure = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            SshServer server = new SshServer(dir, FreeLoopbackPort.find(), clientKey, adminKey);
            server.writeConfig(hostKey);
            try {
                server.launch();
                return server;
            } catch (PortTakenException e) {
                // someone took the port between our probe and sshd's bind: try another
                lastFailure = e;
            }
        }
        throw new IllegalStateException("no free port after " + PORT_ATTEMPTS + " attempts", lastFailure);
    }

    private static String authorizedKey(SshKeyPair key, Optional<String> forcedCommand) throws IOException {
        String line = key.publicKeyTypeAndBase64() + " client";
        return forcedCommand.map(c -> "command=\"" + c.replace("\"", "\\\"") + "\",restrict " + line).orElse(line);
    }

    private void writeConfig(SshKeyPair hostKey) throws IOException {
        Files.writeString(config, SshdConfig.render(port, hostKey.privateKey(), pidFile,
                workDir.resolve("authorized_keys")), StandardCharsets.UTF_8);
        // pin the host key for exactly this address and port
        Files.writeString(knownHosts, "[" + HOST + "]:" + port + " " + hostKey.publicKeyTypeAndBase64() + "\n",
                StandardCharsets.UTF_8);
    }

    /** Starts sshd and waits until a real login works. */
    private void launch() throws IOException, InterruptedException {
        CommandResult check = ProcessRunner.run(List.of(SSHD.toString(), "-t", "-f", config.toString()),
                Duration.ofSeconds(15));
        if (!check.succeeded()) {
            throw new IllegalStateException("sshd rejects its config " + config + ":\n" + check.describe());
        }
        // -D: stay in the foreground as our child; -e with -E: everything goes to the log file
        sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-E", log.toString(), "-f", config.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("sshd.out").toFile()))
                .start();
        try {
            awaitLogin();
        } catch (RuntimeException | IOException | InterruptedException e) {
            stopQuietlyAfter(e);
            throw e;
        }
    }

    private void awaitLogin() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        CommandResult lastLogin = null;
        while (System.nanoTime() < deadline) {
            if (!sshd.isAlive()) {
                String logText = logText();
                if (logText.contains("Address already in use")) {
                    throw new PortTakenException(port, logText);
                }
                throw new IllegalStateException("sshd exited with status " + sshd.exitValue()
                        + " while starting on port " + port + "; its log:\n" + logText);
            }
            if (acceptsConnections()) {
                lastLogin = ProcessRunner.run(sshArgv(adminKey, List.of("true")), Duration.ofSeconds(10));
                if (lastLogin.succeeded()) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("sshd on port " + port + " did not accept a login within " + START_TIMEOUT
                + (lastLogin == null ? " (port never accepted a connection)" : "; last attempt:\n" + lastLogin.describe())
                + "\nsshd log:\n" + logText());
    }

    private boolean acceptsConnections() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The options that make ssh log in here: key, port, pinned host key, no prompts, no user config. */
    public List<String> sshOptions() {
        return optionsFor(clientKey);
    }

    private List<String> optionsFor(SshKeyPair key) {
        return List.of(
                "-F", "/dev/null",
                "-i", key.privateKey().toString(),
                "-p", Integer.toString(port),
                // the value is a list split at spaces unless quoted
                "-o", "UserKnownHostsFile=\"" + knownHosts + "\"",
                "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "StrictHostKeyChecking=yes",
                "-o", "BatchMode=yes",
                "-o", "IdentitiesOnly=yes",
                "-o", "ConnectTimeout=10",
                // a server frozen or gone without a FIN is noticed within ~15 s
                "-o", "ServerAliveInterval=5",
                "-o", "ServerAliveCountMax=3");
    }

    /** {@code ssh <options> root@127.0.0.1 <remoteCommand>} as an argv. */
    public List<String> sshArgv(String remoteCommand) {
        return sshArgv(clientKey, List.of(remoteCommand));
    }

    private List<String> sshArgv(SshKeyPair key, List<String> remoteCommand) {
        List<String> argv = new ArrayList<>();
        argv.add("ssh");
        argv.addAll(optionsFor(key));
        argv.add(USER + "@" + HOST);
        argv.addAll(remoteCommand);
        return argv;
    }

    /**
     * ssh with {@link #sshOptions()} as one string for {@code rsync -e}. Arguments with special
     * characters are single-quoted the way rsync splits this string (a quote inside is doubled);
     * this is rsync's syntax, not a POSIX shell's.
     */
    public String sshCommand() {
        List<String> words = new ArrayList<>();
        words.add("ssh");
        sshOptions().forEach(o -> words.add(rsyncQuoted(o)));
        return String.join(" ", words);
    }

    /** {@code root@127.0.0.1:/abs/path} for rsync. */
    public String destination(Path remoteDir) {
        return destination(remoteDir.toAbsolutePath().toString());
    }

    /** {@code root@127.0.0.1:<remotePath>}, e.g. a path relative to an rrsync-restricted dir. */
    public String destination(String remotePath) {
        return USER + "@" + HOST + ":" + remotePath;
    }

    public int port() {
        return port;
    }

    public Path workDir() {
        return workDir;
    }

    /** The sshd_config; its path is unique to this server and appears in the listener's command line. */
    public Path configFile() {
        return config;
    }

    public Path logFile() {
        return log;
    }

    /** sshd's log, plus anything it printed before the log file took over (sshd.out). */
    public String logText() {
        return readForDiagnosis(log) + readForDiagnosis(workDir.resolve("sshd.out"));
    }

    private static String readForDiagnosis(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")\n";
        }
    }

    public synchronized boolean isRunning() {
        return sshd != null && sshd.isAlive();
    }

    /**
     * Kills sshd and every session it forked, so transfers in progress break and new connections
     * are refused. The port stays reserved for {@link #restart()}.
     */
    public synchronized void stop() throws InterruptedException {
        List<ProcessHandle> roots = new ArrayList<>();
        if (sshd != null) {
            roots.add(sshd.toHandle());
        }
        pidFileProcess().ifPresent(roots::add);
        ProcessTree.kill(roots, KILL_TIMEOUT);
        sshd = null;
    }

    /** Starts sshd again on the same port with the same keys. */
    public synchronized void restart() throws IOException, InterruptedException {
        if (closed) {
            throw new IllegalStateException("server is closed");
        }
        stop();
        launch();
    }

    /** Stops the server for good; safe to call more than once. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        // last resort: a listener started with our (unique) config that we lost track of
        List<ProcessHandle> strays = listenersWithOurConfig();
        if (!strays.isEmpty()) {
            ProcessTree.kill(strays, KILL_TIMEOUT);
        }
    }

    /** Live processes whose command line names our config file: sshd listeners of this server. */
    public List<ProcessHandle> listenersWithOurConfig() {
        return ProcessCommandLine.containing(config.toString()).toList();
    }

    /** The daemon named in our pid file, if it is alive and really ours. */
    private Optional<ProcessHandle> pidFileProcess() {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).strip());
            return ProcessHandle.of(pid)
                    .filter(p -> ProcessCommandLine.of(p).map(c -> c.contains(config.toString())).orElse(false));
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("unreadable pid file " + pidFile, e);
        }
    }

    private void stopQuietlyAfter(Exception cause) {
        try {
            stop();
        } catch (InterruptedException | RuntimeException e) {
            cause.addSuppressed(e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String rsyncQuoted(String word) {
        return PLAIN_WORD.matcher(word).matches() ? word : "'" + word.replace("'", "''") + "'";
    }

    /** Single-quoted for root's shell, which runs the forced command. */
    private static String shellQuoted(String word) {
        if (word.contains("'")) {
            throw new IllegalArgumentException("keep quotes out of the allowed dir's path: " + word);
        }
        return "'" + word + "'";
    }

    /** sshd could not bind its port: someone else has it. */
    private static final class PortTakenException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTakenException(int port, String log) {
            super("port " + port + " was taken; sshd log:\n" + log);
        }
    }
}
