package io.revcrypt.sync.session;

/**
 * What a process holds (a mount, locks, a run directory), released exactly once: by the thread
 * that took it when the work ends, or by the JVM's shutdown hook when Ctrl-C or SIGTERM ends the
 * process first. Whichever comes second waits for the first to finish and then finds nothing
 * left to do, so a release is never done twice nor cut short by the JVM's exit.
 */
public final class ReleaseOnce {

    private final Runnable release;
    private Thread hook;
    private boolean done;

    ReleaseOnce(Runnable release) {
        this.release = release;
    }

    /** Releases with {@code release}, also from a shutdown hook (a thread named {@code hookName}). */
    public static ReleaseOnce onExit(String hookName, Runnable release) {
        ReleaseOnce once = new ReleaseOnce(release);
        once.hook = new Thread(once::release, hookName);
        Runtime.getRuntime().addShutdownHook(once.hook);
        return once;
    }

    /** Releases now, unless that was done already. */
    public synchronized void release() {
        if (done) {
            return;
        }
        done = true;
        release.run();
    }

    /** Releases now and drops the shutdown hook: the work ended the ordinary way. */
    public void releaseAndForget() {
        release();
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already; it finds everything released
        }
    }
}
