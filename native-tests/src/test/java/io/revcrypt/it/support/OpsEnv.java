package io.revcrypt.it.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One isolated world per test for the operations tests: a short directory in {@code /tmp} that
 * holds the test's trees and destinations, and revcrypt's own state ({@code REVCRYPT_STATE_DIR}:
 * locks, logs, status, journals), runtime ({@code XDG_RUNTIME_DIR}: the private mounts, sockets,
 * the ssh control socket) and job files ({@code XDG_CONFIG_HOME}). Every revcrypt process started
 * through it gets that environment, so nothing touches the machine's real state, and two tests never
 * share a lock or a log directory.
 *
 * <p>The directory name is short on purpose: the ssh control socket lives at
 * {@code $XDG_RUNTIME_DIR/revcrypt/sync-<pid>/ssh-<40 hex>} plus ssh's own 17-character suffix, and a
 * Unix socket path has 107 bytes.
 *
 * <p>Register with {@code @RegisterExtension final OpsEnv ops = OpsEnv.perTest();}. After each test it
 * unmounts what the test mounted with gocryptfs, stops its ssh servers, kills every process still
 * running from its directory (a runner, a mount child, rsync, an ssh master), and fails the test if a
 * FUSE mount was left under its directory — revcrypt's private mounts must never outlive a run.
 */
public final class OpsEnv implements BeforeEachCallback, AfterEachCallback {

    /** A whole sync of a small tree takes a few seconds; this only catches a hang. */
    public static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    public static final String PASSWORD = "ops test password";

    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(15);
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    /** Drops root's power over other users' files, keeping uid 0 and FUSE (see {@link #withoutDacOverride}). */
    private static final String FILE_CAPS = "-dac_override,-dac_read_search,-fowner,-chown";
    private static final List<String> NO_DAC_OVERRIDE = List.of("setpriv",
            "--bounding-set=" + FILE_CAPS, "--inh-caps=" + FILE_CAPS, "--");

    private Path root;
    private MountGuard mounts;
    private final List<SshServer> servers = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    private OpsEnv() {}

    public static OpsEnv perTest() {
        return new OpsEnv();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        root = shortTempDir();
        for (String d : List.of("state", "r", "config", "home")) {
            Files.createDirectory(root.resolve(d));
        }
        Files.writeString(passfile(), PASSWORD + "\n", StandardCharsets.UTF_8);
        mounts = MountGuard.perTest();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }

    private static Path shortTempDir() throws IOException {
        SecureRandom random = new SecureRandom();
        for (int attempt = 0; attempt < 100; attempt++) {
            StringBuilder name = new StringBuilder("ops-");
            for (int i = 0; i < 6; i++) {
                name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            try {
                return Files.createDirectory(Path.of("/tmp", name.toString()),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException taken) {
                // try another name
            }
        }
        throw new IOException("no free /tmp/ops-XXXXXX name");
    }

    // ---------------------------------------------------------------- places

    /** The test's directory; everything of the test lives below it. */
    public Path root() {
        return root;
    }

    public Path path(String relative) {
        return root.resolve(relative);
    }

    /** {@code REVCRYPT_STATE_DIR}. */
    public Path stateDir() {
        return root.resolve("state");
    }

    /** {@code XDG_RUNTIME_DIR}; revcrypt's private mounts are below {@code revcrypt/sync-<pid>/mnt}. */
    public Path runtimeDir() {
        return root.resolve("r");
    }

    /** {@code XDG_CONFIG_HOME}: job files go to {@code revcrypt/jobs/NAME.toml} here. */
    public Path configHome() {
        return root.resolve("config");
    }

    public Path jobsDir() {
        return configHome().resolve("revcrypt").resolve("jobs");
    }

    public Path passfile() {
        return root.resolve("passfile");
    }

    /** Gocryptfs mounts of the test (cleaned up before the directory is). */
    public MountGuard mounts() {
        return mounts;
    }

    /** The environment every revcrypt process of this test gets. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REVCRYPT_STATE_DIR", stateDir().toString());
        env.put("XDG_RUNTIME_DIR", runtimeDir().toString());
        env.put("XDG_CONFIG_HOME", configHome().toString());
        env.put("HOME", root.resolve("home").toString());
        return env;
    }

    // ---------------------------------------------------------------- running revcrypt

    /** {@code revcrypt ARGS} in this environment; waits up to {@link #RUN_TIMEOUT}. */
    public CommandResult revcrypt(String... args) throws IOException, InterruptedException {
        return revcrypt(List.of(), Arrays.asList(args));
    }

    /** {@code PREFIX… revcrypt ARGS} (e.g. {@link #withoutDacOverride}) in this environment. */
    public CommandResult revcrypt(List<String> prefix, List<String> args) throws IOException, InterruptedException {
        return ProcessRunner.run(argv(prefix, args), RUN_TIMEOUT);
    }

    /** {@code revcrypt ARGS} with standard input read from {@code stdin}. */
    public CommandResult revcryptWithStdin(Path stdin, String... args) throws IOException, InterruptedException {
        return Commands.runWithStdin(stdin, argv(List.of(), Arrays.asList(args)), RUN_TIMEOUT);
    }

    /** Starts {@code revcrypt ARGS} in the background, output to {@code output}; killed after the test. */
    public Process start(Path output, String... args) throws IOException {
        Process p = new ProcessBuilder(argv(List.of(), Arrays.asList(args)))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                .start();
        processes.add(p);
        return p;
    }

    /**
     * As {@link #start(Path, String...)}, with {@code extraEnv} added to the process's environment
     * (e.g. revcrypt's test pause hook).
     */
    public Process start(Path output, Map<String, String> extraEnv, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv(List.of(), Arrays.asList(args)))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private List<String> argv(List<String> prefix, List<String> args) {
        List<String> argv = new ArrayList<>(List.of("env", "-u", "REVCRYPT_PASSWORD", "-u", "XDG_STATE_HOME"));
        environment().forEach((k, v) -> argv.add(k + "=" + v));
        argv.addAll(prefix);
        argv.addAll(Revcrypt.argv(args));
        return argv;
    }

    /** {@code revcrypt init --passfile … --scryptn 10 SRC}; must succeed. */
    public void init(Path src) throws IOException, InterruptedException {
        Commands.check(revcrypt("init", "--passfile", passfile().toString(), "--scryptn", "10", src.toString()));
    }

    /** The arguments of {@code revcrypt sync --passfile … EXTRA… SRC DEST}. */
    public String[] syncArgs(Path src, String dest, String... extra) {
        List<String> args = new ArrayList<>(List.of("sync", "--passfile", passfile().toString()));
        args.addAll(Arrays.asList(extra));
        args.add(src.toString());
        args.add(dest);
        return args.toArray(new String[0]);
    }

    /** {@code revcrypt sync --passfile … EXTRA… SRC DEST}. */
    public CommandResult sync(Path src, String dest, String... extra) throws IOException, InterruptedException {
        return revcrypt(syncArgs(src, dest, extra));
    }

    /** As {@link #sync}, but must exit 0. */
    public CommandResult syncOk(Path src, String dest, String... extra) throws IOException, InterruptedException {
        CommandResult r = sync(src, dest, extra);
        if (r.exitCode() != 0) {
            throw new AssertionError("sync should have succeeded:\n" + r.describe());
        }
        return r;
    }

    /**
     * A command prefix that keeps uid 0 (and so FUSE on a machine whose {@code /dev/fuse} is root's
     * alone) but drops {@code CAP_DAC_OVERRIDE}, {@code CAP_DAC_READ_SEARCH}, {@code CAP_FOWNER} and
     * {@code CAP_CHOWN}: file permissions then stop the process as they stop any user, so a file of
     * another user with mode 000 cannot be read and a directory of another user with mode 555 cannot
     * be written (nor made writable by rsync's chmod).
     */
    public static List<String> withoutDacOverride() {
        return NO_DAC_OVERRIDE;
    }

    // ---------------------------------------------------------------- ssh

    /** A real sshd on 127.0.0.1 whose key may run anything; stopped after the test. */
    public SshServer sshServer(String name) throws IOException, InterruptedException {
        SshServer s = SshServer.start(root.resolve(name));
        servers.add(s);
        return s;
    }

    /** A real sshd whose key runs only {@code rrsync ALLOWED}: a storage box. */
    public SshServer rsyncOnlyServer(String name, Path allowed) throws IOException, InterruptedException {
        SshServer s = SshServer.startRsyncOnly(root.resolve(name), allowed);
        servers.add(s);
        return s;
    }

    /**
     * The server's login options as revcrypt takes them: {@code --ssh-option OPT} pairs for
     * {@code ssh -o OPT} ({@code -i KEY} becomes {@code IdentityFile=KEY}, {@code -p N} {@code Port=N}).
     */
    public static List<String> sshOptionArgs(SshServer server) {
        List<String> out = new ArrayList<>();
        List<String> o = server.sshOptions();
        for (int i = 0; i < o.size(); i++) {
            String opt = o.get(i);
            String value = i + 1 < o.size() ? o.get(i + 1) : null;
            String option = switch (opt) {
                case "-F" -> null; // ssh -o has no form for it; revcrypt's ssh reads root's usual config
                case "-i" -> "IdentityFile=" + value;
                case "-p" -> "Port=" + value;
                case "-o" -> value.replace("\"", "");
                default -> throw new IllegalStateException("unexpected ssh option " + opt + " in " + o);
            };
            i++;
            if (option != null) {
                out.add("--ssh-option");
                out.add(option);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- required tools

    /** FUSE, gocryptfs 2.3, rsync, the jar (NativeTools) and {@code setpriv}. */
    public static void requireBasics() throws IOException, InterruptedException {
        NativeTools.require();
        tool("setpriv", "--version");
    }

    /** sshd, ssh, ssh-keygen and rrsync, for remote destinations. */
    public static void requireSsh() throws IOException, InterruptedException {
        requireBasics();
        for (String p : List.of("/usr/sbin/sshd", "/usr/bin/rrsync")) {
            if (!Files.isExecutable(Path.of(p))) {
                throw new AssertionError(p + " is missing: the remote tests need openssh-server and rsync's rrsync");
            }
        }
        tool("ssh", "-V");
        tool("ssh-keygen", "--help");
    }

    /** {@code systemd-analyze}, for checking the units {@code schedule install} writes. */
    public static void requireSystemdAnalyze() throws IOException, InterruptedException {
        tool("systemd-analyze", "--version");
    }

    private static void tool(String... argv) throws InterruptedException {
        try {
            ProcessRunner.run(List.of(argv), Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new AssertionError(argv[0] + " cannot run; these tests need it: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- mounts and processes

    /** FUSE mounts below the test's directory (revcrypt's private ones and the test's own). */
    public List<Mounts.Entry> fuseMountsBelowRoot() {
        String prefix = root.toString() + "/";
        return Mounts.all().stream().filter(Mounts.Entry::isFuse).filter(e -> e.mountPoint().startsWith(prefix)).toList();
    }

    /** Fails if a revcrypt private mount of this test is still mounted. */
    public void assertNoPrivateMounts() {
        String prefix = runtimeDir().toString() + "/";
        List<Mounts.Entry> left = Mounts.all().stream().filter(e -> e.mountPoint().startsWith(prefix)).toList();
        assertTrue(left.isEmpty(), () -> "revcrypt left its private mount behind: " + left);
    }

    /** Live processes (not this JVM) with the test's directory in their command line. */
    public List<ProcessHandle> processesOfThisTest() {
        String dir = root.toString();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> Procs.argv(p).stream().anyMatch(a -> a.contains(dir)))
                .filter(p -> !Procs.hasExited(p.pid()))
                .toList();
    }

    /** Cleans up; fails if a private mount was left behind. */
    public void close() throws Exception {
        if (root == null) {
            return;
        }
        List<String> problems = new ArrayList<>();
        try {
            mounts.close();
        } catch (AssertionError | IOException e) {
            problems.add(e.getMessage());
        }
        for (Process p : processes) {
            if (p.isAlive()) {
                Procs.killTree(List.of(p.toHandle()), KILL_TIMEOUT);
            }
        }
        for (SshServer s : servers) {
            s.close();
        }
        for (Mounts.Entry leaked : fuseMountsBelowRoot()) {
            problems.add("a FUSE mount was left behind: " + leaked);
            Path mnt = Path.of(leaked.mountPoint());
            ProcessRunner.run(List.of("fusermount", "-u", "-z", "--", mnt.toString()), Duration.ofSeconds(30));
        }
        List<ProcessHandle> strays = processesOfThisTest();
        if (!strays.isEmpty()) {
            Procs.killTree(strays, KILL_TIMEOUT);
        }
        List<Mounts.Entry> still = fuseMountsBelowRoot();
        if (still.isEmpty()) {
            deleteTree(root);
        } else {
            problems.add("not deleting " + root + ": still mounted: " + still);
        }
        root = null;
        if (!problems.isEmpty()) {
            throw new AssertionError("cleanup after the test:\n  " + String.join("\n  ", problems));
        }
    }

    /** Deletes a tree without following symlinks, also where a test made a directory unwritable. */
    public static void deleteTree(Path top) throws IOException {
        if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(top)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
