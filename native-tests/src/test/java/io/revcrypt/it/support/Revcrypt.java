package io.revcrypt.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code revcrypt} command, run as a process from the distribution jar the reactor built
 * ({@code <revcrypt.home>/sync-runner/target/revcrypt.jar}), with the JVM options of the launcher.
 */
public final class Revcrypt {

    public static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** The key block {@code revcrypt init} prints: 8 groups of 8 hex digits over two lines. */
    private static final Pattern PRINTED_KEY = Pattern.compile(
            "([0-9a-f]{8}(?:-[0-9a-f]{8}){3}-)\\s*\\n\\s*([0-9a-f]{8}(?:-[0-9a-f]{8}){3})");

    private Revcrypt() {}

    /** The repository root, from the system property the failsafe configuration sets. */
    public static Path home() {
        String home = System.getProperty("revcrypt.home");
        if (home == null || home.isEmpty()) {
            throw new AssertionError("system property revcrypt.home is not set (run the tests with failsafe)");
        }
        return Path.of(home).toAbsolutePath().normalize();
    }

    public static Path jar() {
        Path jar = home().resolve("sync-runner/target/revcrypt.jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("the distribution jar " + jar + " is missing; build with 'mvn -pl native-tests -am verify'");
        }
        return jar;
    }

    public static List<String> argv(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-Xmx512m", "-jar", jar().toString()));
        argv.addAll(args);
        return argv;
    }

    public static CommandResult run(String... args) throws IOException, InterruptedException {
        return ProcessRunner.run(argv(Arrays.asList(args)), TIMEOUT);
    }

    /** {@code revcrypt init --passfile PASSFILE --scryptn 10 SRC}; must succeed. */
    public static CommandResult init(Path src, Path passfile) throws IOException, InterruptedException {
        return Commands.check(run("init", "--passfile", passfile.toString(), "--scryptn", "10", src.toString()));
    }

    /** The master key as {@code init} printed it: dashed groups, the two lines joined. */
    public static String printedKey(CommandResult init) {
        Matcher m = PRINTED_KEY.matcher(init.stdout());
        if (!m.find()) {
            throw new AssertionError("no master key in the output of init:\n" + init.describe());
        }
        return m.group(1) + m.group(2);
    }

    /** The printed key as plain lowercase hex ({@code gocryptfs-xray -dumpmasterkey}'s form). */
    public static String hex(String printedKey) {
        return printedKey.replace("-", "").toLowerCase();
    }

    /**
     * {@code revcrypt mount OPTIONS SRC MNT} (daemonized), tracked by {@code guard}; must exit 0.
     * Returns the result, whose output may be checked further.
     */
    public static CommandResult mount(MountGuard guard, Path src, Path mnt, String... options)
            throws IOException, InterruptedException {
        CommandResult r = tryMount(guard, src, mnt, options);
        assertEquals(0, r.exitCode(), () -> "mount failed:\n" + r.describe());
        assertTrue(Mounts.isMounted(mnt), () -> "mount exited 0 but nothing is mounted at " + mnt + ":\n" + r.describe());
        return r;
    }

    /** As {@link #mount}, but returns whatever happened. */
    public static CommandResult tryMount(MountGuard guard, Path src, Path mnt, String... options)
            throws IOException, InterruptedException {
        guard.track(mnt);
        List<String> args = new ArrayList<>(List.of("mount"));
        args.addAll(Arrays.asList(options));
        args.add(src.toAbsolutePath().toString());
        args.add(mnt.toAbsolutePath().toString());
        return ProcessRunner.run(argv(args), TIMEOUT);
    }

    /**
     * Starts {@code revcrypt mount --foreground OPTIONS SRC MNT} as a child process, output to
     * {@code log}, tracked by {@code guard}. Does not wait for the mount.
     */
    public static Process startForeground(MountGuard guard, Path log, Path src, Path mnt, String... options)
            throws IOException {
        guard.track(mnt);
        List<String> args = new ArrayList<>(List.of("mount", "--foreground"));
        args.addAll(Arrays.asList(options));
        args.add(src.toAbsolutePath().toString());
        args.add(mnt.toAbsolutePath().toString());
        Process p = new ProcessBuilder(argv(args))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return guard.track(p);
    }

    /** {@code revcrypt unmount MNT}. */
    public static CommandResult unmount(Path mnt) throws IOException, InterruptedException {
        return run("unmount", mnt.toAbsolutePath().toString());
    }
}
