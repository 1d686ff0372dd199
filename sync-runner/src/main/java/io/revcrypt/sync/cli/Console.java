package io.revcrypt.sync.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Where commands print: UTF-8 standard output and error, whatever the locale says. */
final class Console {

    private static PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
            StandardCharsets.UTF_8);
    private static PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
            StandardCharsets.UTF_8);

    private Console() {
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
