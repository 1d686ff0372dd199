package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.OpsSnapshots;
import io.revcrypt.it.support.SyncEnv;
import io.revcrypt.it.support.SyncProcess;
import io.revcrypt.it.support.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A full disk (issue 15, point 9), made for real with a tmpfs of a few MB: a destination that
 * fills up mid-copy, a state directory that is full before a run, and one that fills up while a
 * run copies. Each gives one line that names the cause and the place, never a stack trace; the
 * status and the notify report say the same; and once there is room again the next run works and
 * the copy decrypts with stock gocryptfs to the source.
 */
class SyncFullDiskIT {

    private static final long MB = 1L << 20;
    private static final Set<Path> CONFIG = Set.of(Path.of(".gocryptfs.reverse.conf"));

    @RegisterExtension
    final SyncEnv env = new SyncEnv();

    @Test
    @Timeout(240)
    void aFullDestinationFailsTheMirrorNamingItAndTheRunAfterSpaceIsFreedWorks() throws Exception {
        Path src = source(12 * MB);
        Path pass = env.passfile("pass", "full disk");
        env.init(src, pass);
        Path report = env.root().resolve("report.json");
        try (Tmpfs disk = Tmpfs.mount(env.root().resolve("disk"), 4 * MB)) {
            Path dest = disk.path().resolve("backup");

            CommandResult full = sync(src, pass, dest.toString(), "--notify", "cat > '" + report + "'");

            assertEquals(1, full.exitCode(), () -> "a destination that is full fails the run:\n" + full.describe());
            assertOneClearLine(full, "no space left on " + dest);
            assertTrue(Files.readString(report).contains("no space left on " + dest),
                    () -> "the notify report names the full destination: " + readQuietly(report));
            assertStatusNames(dest, "no space left on " + dest);

            disk.resize(64 * MB);
            assertTheRunWithRoomAgainWorks(src, pass, dest);
        }
    }

    @Test
    @Timeout(240)
    void aFullDestinationPublishesNoSnapshotAndTheRunAfterSpaceIsFreedWorks() throws Exception {
        Path src = source(12 * MB);
        Path pass = env.passfile("pass", "full disk");
        env.init(src, pass);
        try (Tmpfs disk = Tmpfs.mount(env.root().resolve("disk"), 4 * MB)) {
            Path dest = disk.path().resolve("backup");

            CommandResult full = sync(src, pass, dest.toString(), "--snapshots");

            assertEquals(1, full.exitCode(), () -> "a destination that is full fails the run:\n" + full.describe());
            assertOneClearLine(full, "no space left on " + dest);
            assertEquals(List.of(), OpsSnapshots.stamps(dest), "no snapshot is published from a copy that did not fit");
            assertEquals(Optional.empty(), OpsSnapshots.latest(dest), "nothing is called latest");
            assertStatusNames(dest, "no space left on " + dest);

            disk.resize(64 * MB);
            CommandResult again = sync(src, pass, dest.toString(), "--snapshots");
            assertEquals(0, again.exitCode(), () -> "with room again, the run works:\n" + again.describe());
            List<String> stamps = OpsSnapshots.stamps(dest);
            assertEquals(1, stamps.size(), () -> "one snapshot: " + stamps);
            env.assertDecryptsTo(dest.resolve(stamps.get(0)), pass, src, CONFIG);
        }
    }

    @Test
    @Timeout(240)
    void aFullStateDirRefusesTheRunWithOneLineThatStatusAndTheReportRepeat() throws Exception {
        Path src = source(MB);
        Path pass = env.passfile("pass", "full state");
        env.init(src, pass);
        Path dest = env.dir("dest");
        Path report = env.root().resolve("report.json");
        try (Tmpfs state = Tmpfs.mount(env.me().state(), 4 * MB)) {
            CommandResult first = sync(src, pass, dest.toString());
            assertEquals(0, first.exitCode(), first::describe);
            Path filler = state.fill("filler");
            Files.writeString(src.resolve("written after the state dir filled.txt"), "not in the copy yet\n");

            CommandResult refused = sync(src, pass, dest.toString(), "--notify", "cat > '" + report + "'");

            assertEquals(1, refused.exitCode(), () -> "a run that cannot keep its records is refused:\n" + refused.describe());
            String cause = "cannot write the state dir " + state.path();
            assertOneClearLine(refused, cause);
            assertTrue(Files.readString(report).contains(cause), () -> "the notify report names it: " + readQuietly(report));
            assertStatusNames(dest, cause);
            env.withDecrypted(dest, pass, mnt -> assertFalse(
                    Files.exists(mnt.resolve("written after the state dir filled.txt")), "nothing was copied"));

            Files.delete(filler);
            assertTheRunWithRoomAgainWorks(src, pass, dest);
        }
    }

    @Test
    @Timeout(240)
    void aStateDirThatFillsDuringTheRunLosesLogLinesNotTheBackupAndStatusSaysSo() throws Exception {
        Path src = env.dir("src");
        for (int i = 0; i < 3000; i++) { // a log far longer than the page it has when the disk fills
            Files.writeString(src.resolve(String.format("file %04d.txt", i)), "line " + i + "\n");
        }
        Path pass = env.passfile("pass", "filling state");
        env.init(src, pass);
        Path dest = env.dir("dest");
        try (Tmpfs state = Tmpfs.mount(env.me().state(), 4 * MB)) {
            CommandResult first = sync(src, pass, env.dir("warm-up").toString());
            assertEquals(0, first.exitCode(), first::describe); // leaves the status's reserve

            SyncProcess run = env.start(env.me(), syncArgs(src, pass, dest.toString()), null);
            Path logs = state.path().resolve("logs");
            run.awaitCondition("the run's log saying the view is mounted", Duration.ofSeconds(60),
                    () -> newestLogSays(logs, dest, "view mounted"));
            Path filler = state.fill("filler");
            CommandResult r = run.await(SyncEnv.RUN_TIMEOUT);

            assertEquals(0, r.exitCode(), () -> "the copy itself is sound:\n" + r.describe());
            assertOneClearLine(r, "cannot write the log ");
            assertStatusNames(dest, "the rest of this run's log is lost");
            env.assertDecryptsTo(dest, pass, src, CONFIG);

            Files.delete(filler);
            Files.writeString(src.resolve("after.txt"), "after\n");
            assertTheRunWithRoomAgainWorks(src, pass, dest);
        }
    }

    // ---------------------------------------------------------------- helpers

    private Path source(long bigFileBytes) throws Exception {
        Path src = env.dir("src");
        Files.writeString(src.resolve("notes.txt"), "a small file\n");
        Files.createDirectories(src.resolve("photos"));
        SyncEnv.randomFile(src.resolve("photos/big.raw"), bigFileBytes, 9);
        return src;
    }

    private CommandResult sync(Path src, Path pass, String dest, String... more) throws Exception {
        return env.run(env.me(), SyncEnv.RUN_TIMEOUT, syncArgs(src, pass, dest, more), null);
    }

    private static List<String> syncArgs(Path src, Path pass, String dest, String... more) {
        List<String> args = new ArrayList<>(List.of("sync", "--passfile", pass.toString()));
        args.addAll(List.of(more));
        args.addAll(List.of(src.toString(), dest));
        return args;
    }

    private void assertTheRunWithRoomAgainWorks(Path src, Path pass, Path dest) throws Exception {
        CommandResult again = sync(src, pass, dest.toString());
        assertEquals(0, again.exitCode(), () -> "with room again, the run works:\n" + again.describe());
        assertFalse(again.stderr().contains("cannot write") || again.stderr().contains("no space"), again::describe);
        env.assertDecryptsTo(dest, pass, src, CONFIG);
    }

    /** The cause is said on stderr, once by the run (the summary on stdout repeats it), with no stack trace. */
    private static void assertOneClearLine(CommandResult r, String cause) {
        List<String> lines = r.stderr().lines().filter(l -> l.startsWith("revcrypt: ") && l.contains(cause)).toList();
        assertEquals(1, lines.size(), () -> "one line on stderr names \"" + cause + "\":\n" + r.describe());
        assertFalse(r.stderr().contains("Exception") || r.stderr().contains("\tat "), () -> "no stack trace:\n" + r.describe());
        assertFalse(r.stderr().contains("internal error"), r::describe);
    }

    private void assertStatusNames(Path dest, String cause) throws Exception {
        CommandResult status = env.revcrypt("status", dest.toString());
        assertTrue(status.stdout().contains(cause), () -> "revcrypt status names \"" + cause + "\":\n" + status.describe());
    }

    private static boolean newestLogSays(Path logs, Path dest, String words) throws Exception {
        if (!Files.isDirectory(logs)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(logs)) {
            for (Path log : s.filter(p -> p.toString().endsWith(".log")).toList()) {
                String text = Files.readString(log);
                if (text.contains("-> " + dest + ",") && text.contains(words)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "(" + e + ")";
        }
    }
}
