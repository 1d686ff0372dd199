package io.revcrypt.sync.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where commands print: UTF-8 standard output and error, whatever the locale says; standard error
 * with priority prefixes when it is the journal ({@link JournalStream}).
 */
final class Console {

    private static PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
            StandardCharsets.UTF_8);
    private static PrintStream err = new PrintStream(stderr(), true, StandardCharsets.UTF_8);

    private Console() {
    }

    /** File descriptor 2, with journald's priority prefixes when it is the journal. */
    private static java.io.OutputStream stderr() {
        java.io.OutputStream fd2 = new java.io.FileOutputStream(java.io.FileDescriptor.err);
        return JournalStream.isStderr(System.getenv("JOURNAL_STREAM")) ? new JournalStream(fd2) : fd2;
    }

    static PrintStream out() {
        return out;
    }

    static PrintStream err() {
        return err;
    }

    /** For a daemon that has detached from its terminal. */
    static void redirect(PrintStream newOut, PrintStream newErr) {
        out = newOut;
        err = newErr;
    }
}
