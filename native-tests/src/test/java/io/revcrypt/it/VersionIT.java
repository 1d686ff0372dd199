package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.ProcessRunner;
import io.revcrypt.it.support.Revcrypt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code revcrypt --version} (issue 19): the version Maven built (the one the packages are named
 * from), the Java runtime, and the libfuse it found; with libfuse unloadable it says so and
 * still exits 0. The library is made unloadable for one process only, by bind-mounting
 * /dev/null over it in a private mount namespace.
 */
class VersionIT {

    private static final Pattern LIBFUSE = Pattern.compile("libfuse (3\\.\\d+\\.\\d+) \\((/\\S+libfuse3\\.so[^)]*)\\)");

    private static String projectVersion() throws Exception {
        Matcher m = Pattern.compile("<artifactId>revcrypt-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Revcrypt.home().resolve("pom.xml")));
        assertTrue(m.find(), "the parent pom's version");
        return m.group(1);
    }

    @Test
    @Timeout(60)
    void versionNamesTheBuildTheJavaRuntimeAndLibfuse() throws Exception {
        CommandResult r = Revcrypt.run("--version");
        assertEquals(0, r.exitCode(), r::describe);
        List<String> lines = r.stdout().lines().toList();
        assertEquals(3, lines.size(), r::describe);
        assertEquals("revcrypt " + projectVersion(), lines.get(0), r::describe);
        assertTrue(lines.get(1).matches("Java \\d+\\S* \\(.+\\) at /\\S+"), r::describe);
        assertTrue(LIBFUSE.matcher(lines.get(2)).matches(), r::describe);
        assertEquals(r.stdout(), Revcrypt.run("sync", "--version").stdout(), "a subcommand's --version says the same");
    }

    @Test
    @Timeout(60)
    void withoutLibfuseVersionSaysSoAndSucceeds() throws Exception {
        Matcher found = LIBFUSE.matcher(Revcrypt.run("--version").stdout());
        assertTrue(found.find(), "libfuse is installed here");
        Path library = Path.of(found.group(2));
        List<String> argv = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount --bind /dev/null \"$0\" && exec \"$@\"", library.toString()));
        argv.addAll(Revcrypt.argv(List.of("--version")));

        CommandResult r = ProcessRunner.run(argv, Duration.ofSeconds(60));

        assertEquals(0, r.exitCode(), r::describe);
        List<String> lines = r.stdout().lines().toList();
        assertEquals("revcrypt " + projectVersion(), lines.get(0), r::describe);
        assertEquals(3, lines.size(), () -> "one line for libfuse:\n" + r.describe());
        assertTrue(lines.get(2).startsWith("libfuse 3: not found (") && lines.get(2).contains("libfuse3"), r::describe);
        assertEquals("", r.stderr(), r::describe);
    }
}
