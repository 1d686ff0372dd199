package io.revcrypt.it.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test's world for {@code revcrypt sync}: a fresh directory in /tmp (readable by other users,
 * so an unprivileged run can reach it), and the real CLI jar run with its own state and runtime
 * directories ({@code REVCRYPT_STATE_DIR}, {@code XDG_RUNTIME_DIR}: lock, logs, name journal,
 * status and the private mount), {@code HOME}, a UTF-8 locale (as the launcher sets), a time limit
 * and optional standard input.
 *
 * <p>Register it with {@code @RegisterExtension final SyncEnv env = new SyncEnv();}. After each
 * test it checks what the product must not leave behind, then cleans up whatever is left: ssh
 * servers are stopped; revcrypt processes the test started and left running are killed; a sync's
 * private mount (under a runtime directory) still there after a grace period is a failure, as is a
 * process still running with this test's directory in its command line (a mount child, an orphaned
 * rsync or ssh). Mounts are cleared with {@link MountGuard}; /dev/fuse gets its mode back if
 * {@link #unprivilegedUser} changed it; the directory is deleted. Problems are reported after
 * everything was cleaned.
 */
public final class SyncEnv implements BeforeEachCallback, AfterEachCallback {

    public static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    /** How long a product gets to let go of its mounts and processes after a run ended or died. */
    public static final Duration GRACE = Duration.ofSeconds(10);
    private static final Path DEV_FUSE = Path.of("/dev/fuse");

    /** Who runs revcrypt, with its own state, runtime and home directories. */
    public record User(String name, Path state, Path runtime, Path home) {
        public boolean isCurrent() {
            return name == null;
        }
    }

    private final MountGuard guard = MountGuard.perTest();
    private final List<SyncProcess> processes = new CopyOnWriteArrayList<>();
    private final List<SshServer> sshServers = new CopyOnWriteArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();
    private Path root;
    private User me;
    private Set<PosixFilePermission> devFuseModeToRestore;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        NativeTools.require();
        root = shortTempDirectory();
        me = new User(null, dir("state"), dir("run"), dir("home"));
    }

    /**
     * {@code /tmp/rcs-XXXXXX}, mode 0755. Short on purpose: the run's ssh control socket lives in
     * the runtime directory below it, and a Unix socket's path must fit in 108 bytes.
     */
    private static Path shortTempDirectory() throws IOException {
        String letters = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        for (int attempt = 0; attempt < 100; attempt++) {
            StringBuilder name = new StringBuilder("rcs-");
            for (int i = 0; i < 6; i++) {
                name.append(letters.charAt(random.nextInt(letters.length())));
            }
            try {
                Path dir = Files.createDirectory(Path.of("/tmp", name.toString()));
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                return dir;
            } catch (FileAlreadyExistsException taken) {
                // try another name
            }
        }
        throw new IOException("no free temporary directory name in /tmp");
    }

    // ---------------------------------------------------------------- files

    public Path root() {
        return root;
    }

    /** {@code root/rel}, created with its parents. */
    public Path dir(String rel) throws IOException {
        return Files.createDirectories(root.resolve(rel));
    }

    /** A password file holding {@code password} and a newline. */
    public Path passfile(String name, String password) throws IOException {
        Path p = root.resolve(name);
        Files.writeString(p, password + "\n", StandardCharsets.UTF_8);
        return p;
    }

    /** A file of {@code size} pseudo-random bytes (incompressible, so rsync cannot shortcut it). */
    public static Path randomFile(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(left, chunk.length));
            }
        }
        return file;
    }

    /**
     * The bytes of all regular files under {@code dir} (0 if it does not exist), walked while
     * rsync may be writing there: entries that vanish meanwhile are skipped.
     */
    public static long bytesUnder(Path dir) throws IOException {
        long[] total = {0};
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    /** A fresh path under the root that does not exist yet. */
    public Path fresh(String prefix) {
        return root.resolve(prefix + "-" + counter.incrementAndGet());
    }

    public User me() {
        return me;
    }

    public MountGuard mounts() {
        return guard;
    }

    // ---------------------------------------------------------------- revcrypt

    /** {@code revcrypt ARGS} as the current user; waits for it. */
    public CommandResult revcrypt(String... args) throws IOException, InterruptedException {
        return run(me, RUN_TIMEOUT, Arrays.asList(args), null);
    }

    /** {@code revcrypt ARGS} as {@code user}, with {@code stdin} (or none), within {@code timeout}. */
    public CommandResult run(User user, Duration timeout, List<String> args, byte[] stdin)
            throws IOException, InterruptedException {
        return start(user, args, stdin).await(timeout);
    }

    /** {@code revcrypt init --passfile PASSFILE --scryptn 10 --quiet SRC}; must succeed. */
    public void init(Path src, Path passfile) throws IOException, InterruptedException {
        Commands.check(revcrypt("init", "--passfile", passfile.toString(), "--scryptn", "10", "--quiet", src.toString()));
    }

    /** Starts {@code revcrypt ARGS} as the current user in the background. */
    public SyncProcess start(String... args) throws IOException, InterruptedException {
        return start(me, Arrays.asList(args), null);
    }

    public SyncProcess start(User user, List<String> args, byte[] stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = builder(user, args);
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        SyncProcess p = new SyncProcess(pb.command(), pb.start(), stdin);
        processes.add(p);
        return p;
    }

    /**
     * A process builder for {@code revcrypt ARGS} as {@code user} with this test's environment
     * (for a pipeline; {@link #start} is the usual way).
     */
    public ProcessBuilder builder(User user, List<String> args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        if (!user.isCurrent()) {
            // no PAM, no login: the environment passes unchanged
            argv.addAll(List.of("setpriv", "--reuid=" + user.name(), "--regid=" + primaryGroup(user.name()),
                    "--clear-groups", "--"));
        }
        argv.addAll(Revcrypt.argv(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("REVCRYPT_") || k.startsWith("XDG_") || k.startsWith("LC_"));
        env.put("REVCRYPT_STATE_DIR", user.state().toString());
        env.put("XDG_RUNTIME_DIR", user.runtime().toString());
        env.put("HOME", user.home().toString());
        env.put("LC_ALL", "C.UTF-8");
        return pb;
    }

    /**
     * An unprivileged user to run revcrypt as (root reads everything, so only they see a file
     * they may not read): its own state, runtime and home directories under the root, owned by
     * it. FUSE then mounts through the setuid fusermount, which needs /dev/fuse open to everyone
     * (as Debian ships it); if it is not, it is made so for this test.
     */
    public User unprivilegedUser(String name) throws IOException, InterruptedException {
        Commands.check(Commands.run("id", "-u", name));
        Path base = dir(name);
        User user = new User(name, dir(name + "/state"), dir(name + "/run"), dir(name + "/home"));
        chown(name, base);
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(DEV_FUSE);
        if (!mode.containsAll(Set.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE))) {
            devFuseModeToRestore = mode;
            Files.setPosixFilePermissions(DEV_FUSE, PosixFilePermissions.fromString("rw-rw-rw-"));
        }
        return user;
    }

    /** {@code chown -R USER:GROUP path}. */
    public void chown(String user, Path path) throws IOException, InterruptedException {
        Commands.check(Commands.run("chown", "-R", user + ":" + primaryGroup(user), path.toString()));
    }

    private static String primaryGroup(String user) throws IOException, InterruptedException {
        return Commands.check(Commands.run("id", "-g", user)).stdout().strip();
    }

    // ---------------------------------------------------------------- ssh

    /** A real sshd on 127.0.0.1 with throwaway keys, stopped after the test. */
    public SshServer sshServer() throws IOException, InterruptedException {
        SshServer s = SshServer.start(fresh("sshd"));
        sshServers.add(s);
        return s;
    }

    /**
     * The server's client options as {@code --ssh-option} arguments (revcrypt passes each to ssh as
     * {@code -o}): key, port, pinned host key, no prompts. ({@code -F /dev/null} has no {@code -o}
     * form; the machine's ssh_config applies.)
     */
    public static List<String> sshOptionArgs(SshServer server) {
        List<String> opts = server.sshOptions();
        List<String> args = new ArrayList<>();
        for (int i = 0; i + 1 < opts.size(); i += 2) {
            String flag = opts.get(i);
            String value = opts.get(i + 1);
            String option = switch (flag) {
                case "-F" -> null;
                case "-i" -> "IdentityFile=" + value;
                case "-p" -> "Port=" + value;
                case "-o" -> value;
                default -> throw new IllegalStateException("unexpected ssh option " + flag + " " + value);
            };
            if (option != null) {
                args.add("--ssh-option");
                args.add(option);
            }
        }
        return args;
    }

    // ---------------------------------------------------------------- checking a copy

    /**
     * Mounts {@code copy} with the real gocryptfs (forward mode) and checks that it shows exactly
     * the plaintext tree {@code plain}: every name, type, permission, content, symlink target and
     * modification time, leaving out {@code ignored} (relative paths of {@code plain}). Unmounts.
     */
    public void assertDecryptsTo(Path copy, Path passfile, Path plain, Set<Path> ignored) throws Exception {
        withDecrypted(copy, passfile, mnt -> {
            TreeStat expected = TreeStat.of(plain);
            TreeStat actual = TreeStat.of(mnt);
            List<String> diff = TreeStat.differences(expected, actual, SyncEnv::restorable, ignored);
            assertTrue(diff.isEmpty(), diff.size() + " differences between the plaintext " + plain
                    + " (first) and gocryptfs's decryption of the copy " + copy + " (second):\n  "
                    + String.join("\n  ", diff));
        });
    }

    /** Mounts {@code copy} with the real gocryptfs (forward mode), hands the mount point to {@code check}, unmounts. */
    public void withDecrypted(Path copy, Path passfile, MountCheck check) throws Exception {
        Path mnt = Files.createDirectory(fresh("restored"));
        Gocryptfs.mountForward(guard, copy, mnt, "-passfile", passfile.toString());
        try {
            check.accept(mnt);
        } finally {
            ProcessRunner.run(List.of("fusermount", "-u", "--", mnt.toString()), Duration.ofSeconds(30));
        }
    }

    /** Looks at a decrypted copy. */
    @FunctionalInterface
    public interface MountCheck {
        void accept(Path mountPoint) throws Exception;
    }

    /**
     * What a copy must bring back: type, permissions, contents, symlink targets, modification
     * time. Not: link counts, owners, inode times, a directory's size (the ciphertext directory
     * holds more entries).
     */
    private static TreeStat.Entry restorable(TreeStat.Entry e) {
        return new TreeStat.Entry(e.type(), e.mode(), 0, 0, 0, 0, e.type() == 'd' ? 0 : e.size(), e.mtimeNanos(), 0,
                e.sha256(), e.linkTarget());
    }

    // ---------------------------------------------------------------- what runs and what is mounted

    /** FUSE mounts under this test's directory. */
    public List<Mounts.Entry> mountsUnderRoot() {
        String prefix = root + "/";
        return Mounts.all().stream().filter(m -> m.mountPoint().startsWith(prefix)).toList();
    }

    /** The private mounts of syncs: {@code <runtime>/revcrypt/sync-<pid>/mnt}. */
    public List<Mounts.Entry> syncMounts() {
        return mountsUnderRoot().stream().filter(m -> m.mountPoint().matches(".*/revcrypt/sync-[0-9]+/mnt")).toList();
    }

    /** Live processes (not this JVM) with this test's directory in their command line. */
    public List<ProcessHandle> processesUnderRoot() {
        long self = ProcessHandle.current().pid();
        return ProcessCommandLine.containing(root.toString())
                .filter(p -> p.pid() != self && !Procs.hasExited(p.pid()))
                .toList();
    }

    /** Polls {@code condition} every 100 ms; true if it held within {@code timeout}. */
    public static boolean eventually(Duration timeout, SyncProcess.Check condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.holds()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
    }

    // ---------------------------------------------------------------- cleanup

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (root == null) {
            return;
        }
        List<String> problems = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        for (SyncProcess p : processes) {
            if (p.isAlive()) {
                p.killTree(); // the test failed or gave up on it; not the product's leak
            }
        }
        for (SshServer s : sshServers) {
            try {
                s.close();
            } catch (Exception e) {
                errors.add(e);
            }
        }
        try {
            if (!eventually(GRACE, () -> syncMounts().isEmpty())) {
                for (Mounts.Entry m : syncMounts()) {
                    problems.add("a sync's private mount was left behind: " + m);
                }
            }
            for (Mounts.Entry m : mountsUnderRoot()) {
                guard.track(Path.of(m.mountPoint()));
            }
            try {
                guard.close();
            } catch (AssertionError e) {
                problems.add(e.getMessage());
            }
            if (!eventually(GRACE, () -> processesUnderRoot().isEmpty())) {
                List<ProcessHandle> left = processesUnderRoot();
                for (ProcessHandle p : left) {
                    problems.add("process " + p.pid() + " was left running: " + String.join(" ", Procs.argv(p)));
                }
                Procs.killTree(left, Duration.ofSeconds(15));
            }
        } finally {
            if (devFuseModeToRestore != null) {
                Files.setPosixFilePermissions(DEV_FUSE, devFuseModeToRestore);
                devFuseModeToRestore = null;
            }
            if (mountsUnderRoot().isEmpty()) {
                deleteTree(root);
            } else {
                problems.add("not deleting " + root + ": still mounted " + mountsUnderRoot());
            }
        }
        if (!problems.isEmpty() || !errors.isEmpty()) {
            AssertionError e = new AssertionError("after the test:\n  " + String.join("\n  ", problems));
            errors.forEach(e::addSuppressed);
            throw e;
        }
    }

    /** Deletes {@code dir} and everything under it (without following symlinks). */
    public static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
