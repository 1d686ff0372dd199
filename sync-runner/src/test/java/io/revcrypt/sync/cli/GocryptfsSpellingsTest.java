package io.revcrypt.sync.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.sync.common.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** A gocryptfs user's habits (-passfile, -fg, -ew, …) work where the option exists, and only there. */
class GocryptfsSpellingsTest {

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    private static final CommandSpec ROOT = new CommandLine(new RevcryptCommand()).getCommandSpec();

    @TempDir
    Path dir;

    private static String[] rewrite(String... args) {
        return GocryptfsSpellings.rewrite(ROOT, args);
    }

    @Test
    void gocryptfsSpellingsBecomeOurs() {
        assertArrayEquals(new String[] {"mount", "--passfile", "p", "--foreground", "--exclude-wildcard", "*.tmp",
                "--exclude-wildcard=x", "--ctlsock", "s", "--allow-other", "--config=c", "src", "mnt"},
                rewrite("mount", "-passfile", "p", "-fg", "-ew", "*.tmp", "-exclude-wildcard=x", "-ctlsock", "s",
                        "-allow_other", "-config=c", "src", "mnt"));
        assertArrayEquals(new String[] {"init", "--scryptn", "10", "--extpass", "echo pw", "-q", "src"},
                rewrite("init", "-scryptn", "10", "-extpass", "echo pw", "-q", "src"));
    }

    @Test
    void anOptionsValueAndWhatFollowsDoubleDashStayAsTheyAre() {
        assertArrayEquals(new String[] {"sync", "--log", "-config", "--", "-passfile", "b"},
                rewrite("sync", "--log", "-config", "--", "-passfile", "b"));
        assertArrayEquals(new String[] {"sync", "--rsync-arg=-exclude", "a", "b"},
                rewrite("sync", "--rsync-arg=-exclude", "a", "b"));
    }

    @Test
    void aCommandWithoutTheOptionSaysSoInTheWordsGiven() {
        assertArrayEquals(new String[] {"status", "-passfile", "x"}, rewrite("status", "-passfile", "x"));
        assertEquals(ExitCode.USAGE, Main.run("status", "-passfile", "x", "/tmp"));
        String stderr = console.err();
        assertTrue(stderr.startsWith("revcrypt: unknown option '-passfile'."), stderr);
    }

    @Test
    void initWithGocryptfsSpellingsWritesTheConfig() throws Exception {
        Path pass = dir.resolve("pass");
        Files.writeString(pass, "pw\n");
        Path src = Files.createDirectory(dir.resolve("src"));
        assertEquals(ExitCode.OK, Main.run("init", "-passfile", pass.toString(), "-scryptn", "10", "-q", src.toString()),
                console.err());
        assertTrue(Files.isRegularFile(src.resolve(".gocryptfs.reverse.conf")));
    }
}
