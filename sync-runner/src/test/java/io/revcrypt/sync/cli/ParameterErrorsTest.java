package io.revcrypt.sync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.sync.common.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A mistyped command or option: one line on stderr, with the name meant, nothing on stdout. */
class ParameterErrorsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = Console.out();
        oldErr = Console.err();
        Console.redirect(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        Console.redirect(oldOut, oldErr);
    }

    private List<String> errorLines(String... args) {
        err.reset();
        assertEquals(ExitCode.USAGE, Main.run(args));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aSwappedPairOfLettersFindsTheCommand() {
        assertEquals(List.of("revcrypt: unknown command 'snyc'. Did you mean: sync?"), errorLines("snyc"));
        assertEquals(List.of("revcrypt: unknown command 'mont'. Did you mean: mount?"), errorLines("mont"));
        assertEquals(List.of("revcrypt: unknown command 'lst'. Did you mean: list?"), errorLines("snapshots", "lst", "/d"));
    }

    @Test
    void aMistypedOptionFindsTheOption() {
        assertEquals(List.of("revcrypt: unknown option '--pasfile'. Did you mean: --passfile?"),
                errorLines("sync", "--pasfile", "p", "a", "b"));
        assertEquals(List.of("revcrypt: unknown option '--snapshot'. Did you mean: --snapshots?"),
                errorLines("sync", "--snapshot", "a", "b"));
    }

    @Test
    void nothingCloseMeansThePointerToTheHelp() {
        assertEquals(List.of("revcrypt: unknown option '--zzzzzz'. Try 'revcrypt status --help'."),
                errorLines("status", "--zzzzzz", "/d"));
        List<String> missing = errorLines("unmount");
        assertEquals(1, missing.size(), missing.toString());
        assertTrue(missing.get(0).startsWith("revcrypt: missing required parameter: 'MNT'"), missing.toString());
    }

    @Test
    void distanceCountsASwapAsOneEdit() {
        assertEquals(1, ParameterErrors.distance("snyc", "sync"));
        assertEquals(1, ParameterErrors.distance("mont", "mount"));
        assertEquals(3, ParameterErrors.distance("abc", ""));
    }
}
