package io.revcrypt.sync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.sync.common.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors end with exit 2 and a message, never a stack trace; no FUSE needed for these. */
class CommandLineTest {

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    @TempDir
    Path dir;

    private String stderr() {
        return console.err();
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(ExitCode.USAGE, Main.run("sync", "--no-such-option", "a", "b"));
        assertTrue(stderr().contains("--no-such-option"), stderr());
    }

    @Test
    void syncWithoutDestinationIsAUsageError() {
        assertEquals(ExitCode.USAGE, Main.run("sync", dir.toString()));
        assertTrue(stderr().contains("sync needs SRC and DEST"), stderr());
    }

    @Test
    void jobAndPositionalArgumentsDoNotMix() {
        assertEquals(ExitCode.USAGE, Main.run("sync", "--job", "x", dir.toString(), "/tmp/y"));
        assertTrue(stderr().contains("with --job"), stderr());
    }

    @Test
    void aJobFileWithATypoStopsBeforeAnythingRuns() throws Exception {
        Path job = dir.resolve("bad.toml");
        Files.writeString(job, "source = \"/a\"\ndestination = \"/b\"\nexlude = 1\n");
        assertEquals(ExitCode.USAGE, Main.run("sync", "--job", job.toString()));
        assertTrue(stderr().contains(job + ":3: unknown setting 'exlude'"), stderr());
    }

    @Test
    void initOfAMissingDirectoryIsAUsageError() {
        assertEquals(ExitCode.USAGE, Main.run("init", "--passfile", "/dev/null", dir.resolve("absent").toString()));
        assertTrue(stderr().contains("does not exist"), stderr());
        assertTrue(!stderr().contains("\tat "), "no stack trace");
    }

    @Test
    void initRefusesToOverwriteAConfig() throws Exception {
        Files.writeString(dir.resolve(".gocryptfs.reverse.conf"), "{}");
        Path pass = dir.resolve("pass");
        Files.writeString(pass, "pw\n");
        assertEquals(ExitCode.USAGE, Main.run("init", "--passfile", pass.toString(), dir.toString()));
        assertTrue(stderr().contains("already exists"), stderr());
        assertEquals("{}", Files.readString(dir.resolve(".gocryptfs.reverse.conf")));
    }

    @Test
    void aDamagedConfigIsNamedWithoutAStackTrace() throws Exception {
        Files.writeString(dir.resolve(".gocryptfs.reverse.conf"), "{ \"Version\": 2, ");
        Path pass = dir.resolve("pass");
        Files.writeString(pass, "pw\n");
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        assertEquals(ExitCode.USAGE, Main.run("mount", "--foreground", "--passfile", pass.toString(), dir.toString(),
                mnt.toString()));
        assertTrue(stderr().contains("damaged config"), stderr());
        assertTrue(!stderr().contains("\tat "), "no stack trace");
    }
}
