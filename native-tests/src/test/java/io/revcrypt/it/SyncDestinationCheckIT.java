package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.Commands;
import io.revcrypt.it.support.Gocryptfs;
import io.revcrypt.it.support.ProcessRunner;
import io.revcrypt.it.support.Procs;
import io.revcrypt.it.support.SyncEnv;
import io.revcrypt.it.support.TreeStat;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The first {@code rsync --delete} into a directory must not delete what is not ours (README):
 * a non-empty DEST that is not a copy made with the same key is refused with exit 2 and a message,
 * and what is there is left exactly as it was. A copy made with the same key is accepted even when
 * its {@code gocryptfs.conf} differs from ours (the config re-wrapped with {@code gocryptfs -passwd}:
 * same master key, new salt) — and so is a first copy that was interrupted before its config
 * arrived, which holds nothing but our encrypted names and rsync's temporary file.
 */
class SyncDestinationCheckIT {

    private static final Path CONFIG = Path.of(".gocryptfs.reverse.conf");

    @RegisterExtension
    final SyncEnv env = new SyncEnv();

    @Test
    @Timeout(120)
    void foreignDirectoryIsRefusedAndLeftAlone() throws Exception {
        Path src = sampleSource("src");
        Path pass = env.passfile("pass", "mine");
        env.init(src, pass);
        Path dest = env.dir("someone else's files");
        Files.writeString(dest.resolve("notes.txt"), "not a backup\n");
        Files.createDirectories(dest.resolve("photos"));
        Files.write(dest.resolve("photos/cat.jpg"), new byte[] {1, 2, 3});
        TreeStat before = TreeStat.of(dest);

        CommandResult r = env.revcrypt("sync", "--passfile", pass.toString(), src.toString(), dest.toString());

        assertRefused(r, dest);
        assertUnchanged(before, dest);
    }

    @Test
    @Timeout(180)
    void copyMadeWithAnotherKeyIsRefusedAndLeftAlone() throws Exception {
        Path mine = sampleSource("mine");
        Path theirs = sampleSource("theirs"); // the same plaintext, another key
        Path pass = env.passfile("pass", "the same password");
        env.init(mine, pass);
        env.init(theirs, pass);
        Path dest = env.root().resolve("dest");
        CommandResult first = env.revcrypt("sync", "--passfile", pass.toString(), theirs.toString(), dest.toString());
        assertEquals(0, first.exitCode(), first::describe);
        TreeStat before = TreeStat.of(dest);

        CommandResult r = env.revcrypt("sync", "--passfile", pass.toString(), mine.toString(), dest.toString());

        assertRefused(r, dest);
        assertUnchanged(before, dest);
    }

    @Test
    @Timeout(180)
    void ownCopyIsAcceptedAlsoAfterTheConfigWasRewrapped() throws Exception {
        Path src = sampleSource("src");
        Path pass = env.passfile("pass", "same key, new salt");
        env.init(src, pass);
        Path dest = env.root().resolve("dest");
        CommandResult first = env.revcrypt("sync", "--passfile", pass.toString(), src.toString(), dest.toString());
        assertEquals(0, first.exitCode(), first::describe);

        // gocryptfs -passwd re-wraps the same master key (with -passfile, the new password is the old one)
        byte[] oldConfig = Files.readAllBytes(src.resolve(CONFIG));
        Commands.check(ProcessRunner.run(List.of("gocryptfs", "-q", "-passwd", "-reverse", "-passfile", pass.toString(),
                src.toString()), Gocryptfs.TIMEOUT));
        byte[] newConfig = Files.readAllBytes(src.resolve(CONFIG));
        assertFalse(java.util.Arrays.equals(oldConfig, newConfig), "the re-wrapped config differs");
        assertArrayEquals(oldConfig, Files.readAllBytes(dest.resolve("gocryptfs.conf")), "the copy has the old one");
        Files.writeString(src.resolve("added later.txt"), "after the re-wrap\n");

        CommandResult second = env.revcrypt("sync", "--passfile", pass.toString(), src.toString(), dest.toString());

        assertEquals(0, second.exitCode(), () -> "a copy with the same master key is ours:\n" + second.describe());
        assertTrue(second.stdout().contains(">f+++++++++\tadded later.txt"), second::describe);
        assertArrayEquals(newConfig, Files.readAllBytes(dest.resolve("gocryptfs.conf")), "the copy gets the new config");
        env.assertDecryptsTo(dest, pass, src, Set.of(CONFIG));
    }

    /**
     * rsync writes a file as {@code .NAME.XXXXXX} next to where it belongs and renames it when it
     * is complete; a copy interrupted hard (power cut, SIGKILL) keeps that temporary file. Here the
     * first copy of the encrypted view (made with stock gocryptfs -reverse, byte-identical to
     * revcrypt's, and with revcrypt's --delay-updates) is killed mid-file, before gocryptfs.conf
     * arrived: the directory holds rsync's temporary file of one of our names (and its
     * {@code .~tmp~} of finished files). It is our copy; the next run must complete it.
     */
    @Test
    @Timeout(180)
    void firstCopyInterruptedBeforeItsConfigArrivedIsAccepted() throws Exception {
        Path src = sampleSource("src");
        SyncEnv.randomFile(src.resolve("big.bin"), 40L << 20, 7);
        Path pass = env.passfile("pass", "interrupted");
        env.init(src, pass);
        Path dest = env.dir("dest");
        Path view = env.dir("view");
        Gocryptfs.mountReverse(env.mounts(), src, view, "-passfile", pass.toString());
        Process rsync = new ProcessBuilder("rsync", "-a", "--delete", "--delay-updates", "--bwlimit=1000",
                view + "/", dest + "/") // as revcrypt runs it
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertTrue(SyncEnv.eventually(Duration.ofSeconds(60), () -> SyncEnv.bytesUnder(dest) > (1 << 20)),
                    "rsync started copying");
        } finally {
            // hard, like a power cut: the whole tree is stopped first, so no rsync process gets to clean up
            List<ProcessHandle> all = Stream.concat(Stream.of(rsync.toHandle()), rsync.toHandle().descendants()).toList();
            Procs.killTree(all, Duration.ofSeconds(15));
            rsync.waitFor(30, TimeUnit.SECONDS);
            ProcessRunner.run(List.of("fusermount", "-u", view.toString()), Duration.ofSeconds(30));
        }
        try (Stream<Path> s = Files.list(dest)) {
            List<String> names = s.map(p -> p.getFileName().toString()).toList();
            assertFalse(names.contains("gocryptfs.conf"), () -> "the config is copied last: " + names);
            assertTrue(names.stream().anyMatch(n -> n.matches("\\..+\\.[A-Za-z0-9]{6}")),
                    () -> "rsync's temporary file is there: " + names);
        }

        CommandResult r = env.revcrypt("sync", "--passfile", pass.toString(), src.toString(), dest.toString());

        assertEquals(0, r.exitCode(), () -> "an interrupted first copy of ours must be completed, not refused:\n"
                + r.describe());
        env.assertDecryptsTo(dest, pass, src, Set.of(CONFIG));
    }

    private Path sampleSource(String name) throws Exception {
        Path src = env.dir(name);
        Files.writeString(src.resolve("report.txt"), "quarterly\n");
        Files.createDirectories(src.resolve("Photos/2026"));
        Files.write(src.resolve("Photos/2026/beach.jpg"), new byte[5000]);
        Files.writeString(src.resolve("g".repeat(200)), "long name\n");
        return src;
    }

    private static void assertRefused(CommandResult r, Path dest) {
        assertEquals(2, r.exitCode(), () -> "refused as a configuration error (exit 2):\n" + r.describe());
        assertTrue(r.stderr().contains(dest.toString()) && r.stderr().contains("is not empty"),
                () -> "the message names the destination and why:\n" + r.describe());
    }

    private static void assertUnchanged(TreeStat before, Path dest) throws Exception {
        TreeStat after = TreeStat.of(dest);
        List<String> diff = TreeStat.differences(before, after, e -> e, Set.of());
        assertTrue(diff.isEmpty(), () -> "the refused destination was changed:\n  " + String.join("\n  ", diff));
    }
}
