package io.revcrypt.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Processes as the tests see them through {@code /proc}: their exact argv, and whether they have
 * exited. A daemon (revcrypt's detached mount process, gocryptfs) is re-parented to pid 1 when its
 * starter exits, and pid 1 on these machines may reap late, so an exited daemon can linger as a
 * zombie for a while; here a zombie whose threads have all exited counts as exited
 * ({@link ProcessHandle#isAlive} says alive).
 */
public final class Procs {

    private Procs() {}

    /** The argv of a process, each argument as it was passed; empty if the process is gone. */
    public static List<String> argv(ProcessHandle process) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
        } catch (IOException gone) {
            return List.of();
        }
        List<String> args = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < raw.length) {
            args.add(new String(raw, start, raw.length - start, StandardCharsets.UTF_8));
        }
        return args;
    }

    /**
     * True if the process is gone, or a zombie all of whose threads have exited. (When a
     * multi-threaded process is killed, its main thread can show as a zombie while other threads,
     * which may still hold its files and its FUSE connection, are still exiting: "State: Z" with
     * "Threads: 2" was seen right after a SIGKILL of a JVM.)
     */
    public static boolean hasExited(long pid) {
        try {
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
            String state = field(status, "State:");
            int threads = Integer.parseInt(field(status, "Threads:"));
            return (state.startsWith("Z") || state.startsWith("X")) && threads <= 1;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }
    }

    /** "State: … Threads: …" of a process from /proc, for messages. */
    public static String describe(long pid) {
        try {
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
            return "pid " + pid + " State: " + field(status, "State:") + ", Threads: " + field(status, "Threads:");
        } catch (IOException | RuntimeException e) {
            return "pid " + pid + " gone";
        }
    }

    private static String field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name)) {
                return line.substring(name.length()).strip();
            }
        }
        throw new IllegalStateException("no " + name + " in /proc/<pid>/status");
    }

    /** Waits until {@link #hasExited}; true if it did within {@code timeout}. */
    public static boolean awaitExit(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!hasExited(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /**
     * The live (not zombie) revcrypt and gocryptfs processes that have {@code mountPoint} as one of
     * their arguments: the servers of a mount the tests started (tests always pass absolute paths).
     */
    public static List<ProcessHandle> serving(Path mountPoint) {
        String mnt = mountPoint.toAbsolutePath().normalize().toString();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> {
                    List<String> args = argv(p);
                    return args.contains(mnt) && !args.isEmpty() && isServer(args);
                })
                .filter(p -> !hasExited(p.pid()))
                .toList();
    }

    private static boolean isServer(List<String> args) {
        if (args.get(0).endsWith("gocryptfs")) {
            return true;
        }
        return args.stream().anyMatch(a -> a.contains("revcrypt"));
    }

    /** Kills processes and everything they started (SIGSTOP the tree, then SIGKILL), by pid. */
    public static void killTree(List<ProcessHandle> processes, Duration timeout) throws InterruptedException {
        if (!processes.isEmpty()) {
            ProcessTree.kill(processes, timeout);
        }
    }
}
