package io.revcrypt.sync.cli;

import java.lang.management.ManagementFactory;

/** Start-up timings on stderr when REVCRYPT_TRACE is set: where the time to a ready mount goes. */
final class Trace {

    private static final boolean ON = System.getenv("REVCRYPT_TRACE") != null;

    private Trace() {
    }

    static void mark(String what) {
        if (ON) {
            long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            System.err.println("[trace] " + sinceStart + " ms since JVM start: " + what);
        }
    }
}
