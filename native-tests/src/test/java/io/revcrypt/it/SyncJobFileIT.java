package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.SyncEnv;
import io.revcrypt.it.support.SyncLines;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code revcrypt sync --job FILE} (README "A job file"): the settings come from TOML — source,
 * destination, passfile, exclude-wildcard — and excluded entries are not in the copy (a pattern
 * {@code dir/} takes what is below the directory, as in {@code gocryptfs -reverse}). A job file
 * with a misspelt key is refused with {@code file:line} and exit 2 before anything runs: no mount,
 * no lock, no log, no destination.
 */
class SyncJobFileIT {

    @RegisterExtension
    final SyncEnv env = new SyncEnv();

    @Test
    @Timeout(120)
    void jobFileRunsWithItsSettingsAndExclusions() throws Exception {
        Path src = env.dir("home");
        Files.writeString(src.resolve("keep.txt"), "keep\n");
        Files.writeString(src.resolve("scratch.tmp"), "excluded by *.tmp\n");
        Files.createDirectories(src.resolve("sub"));
        Files.writeString(src.resolve("sub/keep too.txt"), "keep\n");
        Files.writeString(src.resolve("sub/also.tmp"), "excluded by *.tmp\n");
        Files.createDirectories(src.resolve(".cache"));
        Files.writeString(src.resolve(".cache/blob"), "excluded by .cache/\n");
        Files.createDirectories(src.resolve("node_modules/pkg"));
        Files.writeString(src.resolve("node_modules/pkg/index.js"), "excluded by node_modules/\n");
        Path pass = env.passfile("laptop.pass", "from a job file");
        env.init(src, pass);
        Path dest = env.root().resolve("usb/backups/laptop");
        Files.createDirectories(dest.getParent());
        Path job = env.dir("jobs").resolve("laptop.toml");
        Files.writeString(job, String.join("\n",
                "# the README's job file, for a local disk",
                "source = " + quoted(src),
                "destination = " + quoted(dest),
                "passfile = " + quoted(pass),
                "exclude-wildcard = [\".cache/\", \"*.tmp\", \"node_modules/\"]",
                ""));

        CommandResult r = env.revcrypt("sync", "--job", job.toString());

        assertEquals(0, r.exitCode(), r::describe);
        List<String> items = SyncLines.items(r.stdout());
        assertTrue(items.contains(">f+++++++++\tsub/keep too.txt"), r::describe);
        for (String excluded : List.of("scratch.tmp", "also.tmp", "blob", "pkg", "index.js")) {
            assertTrue(items.stream().noneMatch(l -> l.contains(excluded)), () -> excluded + " is excluded:\n" + r.describe());
        }
        // "dir/" excludes what is below the directory; like gocryptfs -reverse, whose rules revcrypt
        // follows, the directory itself stays, empty
        Set<Path> excluded = Set.of(Path.of("scratch.tmp"), Path.of("sub/also.tmp"), Path.of(".cache/blob"),
                Path.of("node_modules/pkg"), Path.of("node_modules/pkg/index.js"));
        env.withDecrypted(dest, pass, mnt -> {
            for (Path p : excluded) {
                assertFalse(Files.exists(mnt.resolve(p), LinkOption.NOFOLLOW_LINKS), () -> p + " is not in the copy");
            }
        });
        // everything else is
        Set<Path> ignored = new java.util.HashSet<>(excluded);
        ignored.add(Path.of(".gocryptfs.reverse.conf"));
        env.assertDecryptsTo(dest, pass, src, ignored);
        assertTrue(Files.isDirectory(env.me().state().resolve("logs/laptop")), "the run's log is kept under the job's name");
    }

    @Test
    @Timeout(60)
    void jobFileWithATypoIsRefusedWithFileAndLineBeforeAnythingRuns() throws Exception {
        Path src = env.dir("home");
        Files.writeString(src.resolve("keep.txt"), "keep\n");
        Path pass = env.passfile("laptop.pass", "never used");
        env.init(src, pass);
        Path dest = env.root().resolve("dest");
        Path job = env.dir("jobs").resolve("typo.toml");
        Files.writeString(job, String.join("\n",
                "source = " + quoted(src),
                "passfile = " + quoted(pass),
                "destinaton = " + quoted(dest), // line 3
                ""));

        CommandResult r = env.revcrypt("sync", "--job", job.toString());

        assertEquals(2, r.exitCode(), () -> "a bad job file is a configuration error:\n" + r.describe());
        assertTrue(r.stderr().contains(job + ":3:") && r.stderr().contains("destinaton"),
                () -> "the message has file:line and the misspelt key:\n" + r.describe());
        assertFalse(Files.exists(dest), "no destination was made");
        assertTrue(env.mountsUnderRoot().isEmpty(), "nothing mounted");
        try (Stream<Path> s = Files.list(env.me().state())) {
            List<String> made = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("status")).toList();
            assertTrue(made.isEmpty(), () -> "no lock, log or journal before the job file is valid: " + made);
        }
        Path runtime = env.me().runtime().resolve("revcrypt");
        if (Files.isDirectory(runtime)) {
            try (Stream<Path> s = Files.list(runtime)) {
                List<Path> runs = s.toList();
                assertTrue(runs.isEmpty(), () -> "no run directory: " + runs);
            }
        }
    }

    /** A TOML basic string (the test paths have no quotes or backslashes). */
    private static String quoted(Path p) {
        return "\"" + p + "\"";
    }
}
