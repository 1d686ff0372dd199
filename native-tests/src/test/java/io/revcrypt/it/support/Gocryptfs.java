package io.revcrypt.it.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The real gocryptfs 2.3 and gocryptfs-xray, the oracle of the format. Mounts use gocryptfs's own
 * daemon mode (it returns once the mount is ready); with its default syslog logging the daemon
 * lets go of our output pipes, so {@link ProcessRunner} sees the command end.
 */
public final class Gocryptfs {

    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Gocryptfs() {}

    /** {@code gocryptfs -q -reverse OPTIONS SRC MNT}, tracked by {@code guard}; must succeed. */
    public static void mountReverse(MountGuard guard, Path src, Path mnt, String... options)
            throws IOException, InterruptedException {
        mount(guard, true, src, mnt, options);
    }

    /** {@code gocryptfs -q OPTIONS CIPHERDIR MNT} (forward mode), tracked by {@code guard}. */
    public static void mountForward(MountGuard guard, Path cipherDir, Path mnt, String... options)
            throws IOException, InterruptedException {
        mount(guard, false, cipherDir, mnt, options);
    }

    private static void mount(MountGuard guard, boolean reverse, Path dir, Path mnt, String... options)
            throws IOException, InterruptedException {
        guard.track(mnt);
        List<String> argv = new ArrayList<>(List.of("gocryptfs", "-q"));
        if (reverse) {
            argv.add("-reverse");
        }
        argv.addAll(Arrays.asList(options));
        argv.add(dir.toAbsolutePath().toString());
        argv.add(mnt.toAbsolutePath().toString());
        CommandResult r = ProcessRunner.run(argv, TIMEOUT);
        Commands.check(r);
        assertTrue(Mounts.isMounted(mnt), () -> "gocryptfs exited 0 but nothing is mounted at " + mnt + ":\n"
                + r.describe());
    }

    /** {@code gocryptfs -reverse -init -scryptn 10 -passfile PASSFILE SRC}; must succeed. */
    public static CommandResult initReverse(Path src, Path passfile) throws IOException, InterruptedException {
        return Commands.check(ProcessRunner.run(List.of("gocryptfs", "-q", "-reverse", "-init", "-scryptn", "10",
                "-passfile", passfile.toString(), src.toAbsolutePath().toString()), TIMEOUT));
    }

    /** {@code gocryptfs -fsck -passfile PASSFILE CIPHERDIR}. */
    public static CommandResult fsck(Path cipherDir, Path passfile) throws IOException, InterruptedException {
        return ProcessRunner.run(List.of("gocryptfs", "-fsck", "-passfile", passfile.toString(),
                cipherDir.toAbsolutePath().toString()), Duration.ofSeconds(120));
    }

    /** {@code gocryptfs-xray -dumpmasterkey CONF} with the password file on stdin. */
    public static CommandResult dumpMasterKey(Path config, Path passfile) throws IOException, InterruptedException {
        return Commands.runWithStdin(passfile, List.of("gocryptfs-xray", "-dumpmasterkey", config.toString()), TIMEOUT);
    }

    /**
     * {@code gocryptfs-xray -0 MODE SOCK} ({@code -encrypt-paths} or {@code -decrypt-paths}) fed
     * {@code paths}, NUL-separated so that names with newlines pass too; stdout is NUL-separated.
     */
    public static CommandResult xrayPaths(String mode, Path socket, List<String> paths, Path scratch)
            throws IOException, InterruptedException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (String p : paths) {
            in.write(p.getBytes(StandardCharsets.UTF_8));
            in.write(0);
        }
        Files.write(scratch, in.toByteArray());
        return Commands.runWithStdin(scratch, List.of("gocryptfs-xray", "-0", mode, socket.toString()), TIMEOUT);
    }
}
