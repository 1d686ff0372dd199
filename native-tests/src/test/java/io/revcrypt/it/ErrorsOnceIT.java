package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.SyncEnv;
import io.revcrypt.it.support.SyncProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every documented error, one per exit code of the design's table, is printed once, on stderr,
 * as {@code revcrypt: <what happened>}, with none of our internal words ("usage-error:"); the
 * real command, as a person runs it.
 */
class ErrorsOnceIT {

    @RegisterExtension
    final SyncEnv env = new SyncEnv();

    /** The error's line: exactly once on stderr, and not repeated on stdout in other words. */
    private static void saidOnce(CommandResult r, String line) {
        assertEquals(1, r.stderr().lines().filter(line::equals).count(), () -> "'" + line + "' once on stderr:\n" + r.describe());
        assertInternalWordsAbsent(r);
    }

    private static void assertInternalWordsAbsent(CommandResult r) {
        for (String internal : List.of("usage-error", "Exception", "\tat ", "Unmatched argument")) {
            assertTrue(!(r.stdout() + r.stderr()).contains(internal), () -> "'" + internal + "' shown:\n" + r.describe());
        }
    }

    private static long count(String text, Predicate<String> line) {
        return text.lines().filter(line).count();
    }

    @Test
    @Timeout(60)
    void exit1AMissingSourceIsSaidOnce() throws Exception {
        Path missing = env.root().resolve("no such source");
        Path pass = env.passfile("pass", "irrelevant");
        CommandResult r = env.revcrypt("sync", "--passfile", pass.toString(), missing.toString(),
                env.root().resolve("dest").toString());
        assertEquals(1, r.exitCode(), r::describe);
        saidOnce(r, "revcrypt: source directory " + missing + " does not exist (is the disk mounted?)");
        assertEquals(1, count(r.stdout() + r.stderr(), l -> l.contains(missing.toString())), r::describe);
    }

    @Test
    @Timeout(60)
    void exit2AMistypedCommandOrOptionGetsPicocliSuggestionOnce() throws Exception {
        CommandResult command = env.revcrypt("snyc");
        assertEquals(2, command.exitCode(), command::describe);
        saidOnce(command, "revcrypt: unknown command 'snyc'. Did you mean: sync?");
        assertEquals("", command.stdout(), command::describe);
        assertEquals(1, command.stderr().lines().count(), command::describe);

        CommandResult option = env.revcrypt("sync", "--pasfile", "p", "a", "b");
        assertEquals(2, option.exitCode(), option::describe);
        saidOnce(option, "revcrypt: unknown option '--pasfile'. Did you mean: --passfile?");

        CommandResult sub = env.revcrypt("snapshots", "lst", "/tmp");
        assertEquals(2, sub.exitCode(), sub::describe);
        saidOnce(sub, "revcrypt: unknown command 'lst'. Did you mean: list?");
    }

    @Test
    @Timeout(90)
    void exit2AWrongPasswordIsSaidOnce() throws Exception {
        Path src = env.dir("src");
        Files.writeString(src.resolve("notes.txt"), "notes\n");
        env.init(src, env.passfile("pass", "the right one"));
        Path wrong = env.passfile("wrong", "not the right one");
        CommandResult r = env.revcrypt("sync", "--passfile", wrong.toString(), src.toString(),
                env.root().resolve("dest").toString());
        assertEquals(2, r.exitCode(), r::describe);
        List<String> errors = r.stderr().lines().filter(l -> l.startsWith("revcrypt: ")).toList();
        assertEquals(1, errors.size(), r::describe);
        assertTrue(errors.get(0).contains("password"), r::describe);
        assertTrue(!r.stdout().contains("password"), () -> "not repeated on stdout:\n" + r.describe());
        assertInternalWordsAbsent(r);
    }

    @Test
    @Timeout(180)
    void exit3AnUnreadableFileIsNamedOnceByRevcrypt() throws Exception {
        SyncEnv.User nobody = env.unprivilegedUser("nobody");
        Path src = env.dir("src");
        Files.writeString(src.resolve("readable.txt"), "everyone may read this\n");
        Path pass = env.passfile("pass", "nobody's backup");
        env.init(src, pass);
        Path dest = env.dir("dest");
        env.chown("nobody", src);
        env.chown("nobody", dest);
        env.chown("nobody", pass);
        Path secret = src.resolve("secret.txt");
        Files.writeString(secret, "root's eyes only\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));

        CommandResult r = env.run(nobody, SyncEnv.RUN_TIMEOUT,
                List.of("sync", "--passfile", pass.toString(), src.toString(), dest.toString()), null);

        assertEquals(3, r.exitCode(), r::describe);
        assertEquals(1, count(r.stderr(), l -> l.startsWith("revcrypt: ") && l.contains("could not be read")
                && l.endsWith(secret.toString())), r::describe);
        assertEquals(0, count(r.stdout(), l -> l.contains("could not be read")), r::describe);
        assertInternalWordsAbsent(r);
    }

    @Test
    @Timeout(180)
    void exit4ALockedDestinationIsSaidOnce() throws Exception {
        Path src = env.dir("src");
        SyncEnv.randomFile(src.resolve("four MiB.bin"), 4L << 20, 4);
        Path pass = env.passfile("pass", "one at a time");
        env.init(src, pass);
        Path dest = env.root().resolve("backup");
        SyncProcess first = env.start("sync", "--passfile", pass.toString(), "--rsync-arg=--bwlimit=1000",
                src.toString(), dest.toString());
        first.awaitCondition("part of the file in DEST", Duration.ofSeconds(60), () -> SyncEnv.bytesUnder(dest) > (256 << 10));

        CommandResult second = env.revcrypt("sync", "--passfile", pass.toString(), src.toString(), dest.toString());

        assertEquals(4, second.exitCode(), second::describe);
        assertEquals(1, count(second.stdout() + second.stderr(), l -> l.contains("another revcrypt sync to " + dest)),
                second::describe);
        assertEquals(1, count(second.stderr(), l -> l.startsWith("revcrypt: another revcrypt sync to " + dest)),
                second::describe);
        assertInternalWordsAbsent(second);
        assertEquals(0, first.await(Duration.ofSeconds(120)).exitCode());
    }
}
