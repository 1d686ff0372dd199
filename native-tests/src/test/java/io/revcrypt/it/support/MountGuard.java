package io.revcrypt.it.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Leaves no mount and no server process behind, whatever a test did or where it failed.
 *
 * <p>Register it with {@code @RegisterExtension}: {@code final MountGuard mounts = MountGuard.perTest();}
 * cleans up after each test, {@code static final MountGuard MOUNTS = MountGuard.perClass();} after
 * the class (mounts shared by its tests). Tests {@link #track} every
 * mount point before they mount on it, and every process they start. Cleaning up, in reverse order:
 * {@code fusermount -u}, then {@code fusermount -u -z} if that did not work (busy or dead mount);
 * the revcrypt/gocryptfs processes still serving that mount point are given a moment to exit and
 * are then killed; tracked processes still running are terminated, then killed. If a mount is
 * still there afterwards the test fails, so a leak is never silent.
 *
 * <p>JUnit runs this before it deletes {@code @TempDir} directories, so the temporary tree is
 * never deleted through a live mount.
 */
public final class MountGuard implements AfterEachCallback, AfterAllCallback, AutoCloseable {

    private static final Duration FUSERMOUNT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration EXIT_GRACE = Duration.ofSeconds(10);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(15);

    private final boolean afterEachTest;
    private final List<Path> mountPoints = new CopyOnWriteArrayList<>();
    private final List<Process> processes = new CopyOnWriteArrayList<>();

    private MountGuard(boolean afterEachTest) {
        this.afterEachTest = afterEachTest;
    }

    /** Cleans up after each test (and after the class, in case a {@code @BeforeAll} mounted). */
    public static MountGuard perTest() {
        return new MountGuard(true);
    }

    /**
     * Cleans up after the class only. (A static extension also gets the after-each callback; it
     * must not unmount what the next test still uses.)
     */
    public static MountGuard perClass() {
        return new MountGuard(false);
    }

    /** Remembers a mount point to clean up; returns it (absolute). Call before mounting on it. */
    public Path track(Path mountPoint) {
        Path abs = mountPoint.toAbsolutePath().normalize();
        if (!mountPoints.contains(abs)) {
            mountPoints.add(abs);
        }
        return abs;
    }

    /** Remembers a process to terminate if it still runs at cleanup; returns it. */
    public Process track(Process process) {
        processes.add(process);
        return process;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (afterEachTest) {
            close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    /** Unmounts and kills everything tracked so far; fails if a mount survives. */
    @Override
    public void close() throws InterruptedException, IOException {
        List<String> problems = new ArrayList<>();
        List<Path> mnts = new ArrayList<>(mountPoints);
        Collections.reverse(mnts);
        for (Path mnt : mnts) {
            cleanUp(mnt, problems);
        }
        for (Process p : processes) {
            stop(p);
        }
        for (Path mnt : mnts) {
            if (Mounts.isMounted(mnt)) {
                problems.add("still mounted: " + Mounts.find(mnt).orElseThrow());
            } else {
                mountPoints.remove(mnt);
            }
        }
        processes.removeIf(p -> !p.isAlive());
        if (!problems.isEmpty()) {
            throw new AssertionError("cleanup failed:\n  " + String.join("\n  ", problems));
        }
    }

    private static void cleanUp(Path mnt, List<String> problems) throws InterruptedException, IOException {
        if (Mounts.isMounted(mnt) && Mounts.find(mnt).orElseThrow().isFuse()) {
            CommandResult u = fusermount(mnt, false);
            if (Mounts.isMounted(mnt)) {
                CommandResult z = fusermount(mnt, true);
                if (Mounts.isMounted(mnt)) {
                    problems.add("fusermount could not unmount " + mnt + ":\n" + u.describe() + "\n" + z.describe());
                }
            }
        }
        List<ProcessHandle> servers = Procs.serving(mnt);
        long deadline = System.nanoTime() + EXIT_GRACE.toNanos();
        for (ProcessHandle p : servers) {
            Procs.awaitExit(p.pid(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        List<ProcessHandle> survivors = servers.stream().filter(p -> !Procs.hasExited(p.pid())).toList();
        if (!survivors.isEmpty()) {
            Procs.killTree(survivors, KILL_TIMEOUT);
        }
    }

    private static CommandResult fusermount(Path mnt, boolean lazy) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("fusermount", "-u"));
        if (lazy) {
            argv.add("-z");
        }
        argv.add("--");
        argv.add(mnt.toString());
        return ProcessRunner.run(argv, FUSERMOUNT_TIMEOUT);
    }

    private static void stop(Process p) throws InterruptedException {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        if (!p.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            Procs.killTree(List.of(p.toHandle()), KILL_TIMEOUT);
        }
    }
}
