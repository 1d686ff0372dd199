package io.revcrypt.it.support;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Kills a process together with everything it started, by process id.
 *
 * <p>Why not just {@code destroyForcibly()}: a daemon like sshd forks a child per connection and
 * that child forks the session's command; killing the parent orphans them (they are re-parented to
 * init and no longer show up as its descendants). So the whole tree is first frozen with SIGSTOP —
 * a stopped process cannot fork — re-listed until nothing new appears, and only then killed with
 * SIGKILL, which also works on stopped processes.
 */
final class ProcessTree {

    private static final int MAX_FREEZE_ROUNDS = 20;

    private ProcessTree() {}

    /**
     * Freezes and kills {@code roots} and all their descendants, and waits until they are gone.
     *
     * @throws IllegalStateException if something is still alive after {@code timeout}
     */
    static void kill(Collection<ProcessHandle> roots, Duration timeout) throws InterruptedException {
        Set<ProcessHandle> frozen = freeze(roots);
        frozen.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ProcessHandle> survivors = new ArrayList<>();
        for (ProcessHandle p : frozen) {
            long left = deadline - System.nanoTime();
            try {
                p.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                survivors.add(p);
            } catch (ExecutionException e) {
                throw new IllegalStateException("waiting for process " + p.pid() + " to exit failed", e);
            }
        }
        // onExit of a process that is not our child only polls; confirm with isAlive
        survivors.removeIf(p -> !p.isAlive());
        if (!survivors.isEmpty()) {
            throw new IllegalStateException("processes survived SIGKILL for " + timeout + ": " + describe(survivors));
        }
    }

    static void kill(ProcessHandle root, Duration timeout) throws InterruptedException {
        kill(List.of(root), timeout);
    }

    /** Stops every process of the trees, repeating until a listing finds nothing new. */
    private static Set<ProcessHandle> freeze(Collection<ProcessHandle> roots) throws InterruptedException {
        Set<ProcessHandle> frozen = new LinkedHashSet<>();
        Set<ProcessHandle> seen = new LinkedHashSet<>();
        roots.stream().filter(ProcessHandle::isAlive).forEach(seen::add);
        for (int round = 0; round < MAX_FREEZE_ROUNDS; round++) {
            for (ProcessHandle p : List.copyOf(seen)) {
                p.descendants().forEach(seen::add);
            }
            List<ProcessHandle> fresh = seen.stream().filter(p -> !frozen.contains(p)).toList();
            if (fresh.isEmpty()) {
                return frozen;
            }
            signal("STOP", fresh);
            frozen.addAll(fresh);
        }
        // still forking after many rounds: kill what we have rather than loop forever
        return frozen;
    }

    /**
     * Sends {@code signal} with kill(1). A process that exited in the meantime makes kill report an
     * error; that is expected and checked, anything else is not.
     */
    private static void signal(String signal, List<ProcessHandle> processes) throws InterruptedException {
        List<String> argv = new ArrayList<>(List.of("/bin/kill", "-s", signal, "--"));
        processes.forEach(p -> argv.add(Long.toString(p.pid())));
        CommandResult result;
        try {
            result = ProcessRunner.runWithoutTreeKill(argv, Duration.ofSeconds(10));
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + argv, e);
        }
        if (!result.succeeded()) {
            List<ProcessHandle> stillAlive = processes.stream().filter(ProcessHandle::isAlive).toList();
            if (!stillAlive.isEmpty() && !result.stderr().contains("No such process")) {
                throw new IllegalStateException("kill -" + signal + " failed for live processes "
                        + describe(stillAlive) + ":\n" + result.describe());
            }
        }
    }

    static String describe(Collection<ProcessHandle> processes) {
        StringBuilder s = new StringBuilder();
        for (ProcessHandle p : processes) {
            s.append("\n  ").append(p.pid()).append(' ').append(ProcessCommandLine.of(p).orElse("(gone)"));
        }
        return s.toString();
    }
}
