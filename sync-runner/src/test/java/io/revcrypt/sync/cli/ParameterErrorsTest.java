package io.revcrypt.sync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.sync.common.ExitCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A mistyped command or option: one line on stderr, with the name meant, nothing on stdout. */
class ParameterErrorsTest {

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();


    private List<String> errorLines(String... args) {
        console.reset();
        assertEquals(ExitCode.USAGE, Main.run(args));
        assertEquals("", console.out());
        return console.err().lines().toList();
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
