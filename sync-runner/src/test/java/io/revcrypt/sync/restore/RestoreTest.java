package io.revcrypt.sync.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.posix.DestFs;
import io.revcrypt.core.testsupport.Vectors;
import io.revcrypt.core.view.PlainPath;
import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.copy.CopySession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole-copy restores, read in place and fetched with rsync in batches, compared byte for byte. */
class RestoreTest {

    @TempDir
    Path tmp;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    RestoreRun.Outcome restore(Path copy, Path dest, boolean viaRsync, long batch, boolean force, PlainPath... paths)
            throws Exception {
        CopySession.Settings s = new CopySession.Settings(copy.toString(), null, null, List.of(), tmp.resolve("staging"),
                batch, viaRsync);
        return new RestoreRun(s, dest, List.of(paths), force, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false)
                .run(() -> Vectors.PASSWORD.getBytes(StandardCharsets.UTF_8));
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "via rsync: {0}")
    @ValueSource(booleans = {false, true})
    void wholeCopyRestoresToTheSameTree(boolean viaRsync) throws Exception {
        Path plain = tmp.resolve("plain");
        Path copy = tmp.resolve("copy");
        Path dest = tmp.resolve("dest");
        Trees.oddTree(plain);
        Trees.copyOf(plain, copy);

        // batches of 8 KiB: every content file of the tree comes in a batch of its own or two
        RestoreRun.Outcome o = restore(copy, dest, viaRsync, 8 << 10, false);

        assertEquals(ExitCode.OK, o.exitCode(), o.summary() + "\n" + err());
        TreeMap<String, String> expected = Trees.describe(plain, true);
        TreeMap<String, String> actual = Trees.describe(dest, true);
        assertEquals(expected, actual);
        // the odd ones are really there (a comparison of two empty maps would pass too)
        assertTrue(actual.containsKey("f\\#377\\#376.txt"), actual.keySet().toString());
        assertTrue(actual.containsKey("two\\#012lines"));
        assertTrue(actual.containsKey(Trees.LONG_DIR_200 + "/sub/deeper/data.bin"));
        assertTrue(actual.get("fifo").startsWith("special 010640"), actual.get("fifo"));
        assertTrue(actual.get("modes/setuid").startsWith("file 4755"), actual.get("modes/setuid"));
        assertTrue(actual.get("modes/sticky").startsWith("dir 1777"), actual.get("modes/sticky"));
        assertEquals("link -> f\\#377\\#376.txt", actual.get("link-odd").replaceAll(" [0-9.]+$", ""));
        assertFalse(actual.containsKey("gocryptfs.conf"));
        assertTrue(o.summary().startsWith("done: restored "), o.summary());
        if (viaRsync) {
            assertTrue(o.fetched().contains("gocryptfs.conf"), o.fetched().toString());
            assertFalse(Files.exists(tmp.resolve("staging")) && Files.list(tmp.resolve("staging")).findAny().isPresent(),
                    "the staging directory is gone");
        } else {
            assertEquals(List.of(), o.fetched());
        }
    }

    @Test
    void noTemporaryFilesAreLeftBehind() throws Exception {
        Path plain = tmp.resolve("plain");
        Path copy = tmp.resolve("copy");
        Path dest = tmp.resolve("dest");
        Trees.oddTree(plain);
        Trees.copyOf(plain, copy);
        assertEquals(ExitCode.OK, restore(copy, dest, false, 0, false).exitCode(), err());
        try (var s = Files.walk(dest)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".revcrypt-")).toList());
        }
    }

    @Test
    void existingFilesAreNotOverwrittenWithoutForce() throws Exception {
        Path plain = tmp.resolve("plain");
        Path copy = tmp.resolve("copy");
        Path dest = tmp.resolve("dest");
        Trees.oddTree(plain);
        Trees.copyOf(plain, copy);
        assertEquals(ExitCode.OK, restore(copy, dest, false, 0, false).exitCode(), err());
        Files.writeString(dest.resolve("plain.txt"), "changed by the person since\n");
        Files.delete(dest.resolve("big.bin"));

        RestoreRun.Outcome again = restore(copy, dest, false, 0, false);

        assertEquals(ExitCode.PARTIAL, again.exitCode());
        assertEquals("changed by the person since\n", Files.readString(dest.resolve("plain.txt")));
        assertEquals(Files.size(plain.resolve("big.bin")), Files.size(dest.resolve("big.bin")), "the missing one came back");
        assertTrue(err().contains("not restored, already exists: plain.txt: not overwritten (--force overwrites)"), err());
        assertTrue(again.problems().stream().allMatch(p -> p.kind() == Report.Kind.EXISTS), again.problems().toString());
        assertTrue(again.problems().stream().anyMatch(p -> "link-rel".equals(p.plainPath())), "symlinks too");
        assertTrue(again.problems().stream().anyMatch(p -> "fifo".equals(p.plainPath())), "FIFOs too");

        RestoreRun.Outcome forced = restore(copy, dest, false, 0, true);

        assertEquals(ExitCode.OK, forced.exitCode(), err());
        assertEquals("hello world\n", Files.readString(dest.resolve("plain.txt")));
        TreeMap<String, String> expected = Trees.describe(plain, false);
        TreeMap<String, String> actual = Trees.describe(dest, false);
        assertEquals(expected, actual);
    }

    @Test
    void aSymlinkInTheDestinationIsNeverFollowed() throws Exception {
        Path plain = tmp.resolve("plain");
        Path copy = tmp.resolve("copy");
        Path dest = tmp.resolve("dest");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createDirectories(plain.resolve("docs"));
        Files.writeString(plain.resolve("docs/a.txt"), "a\n");
        Files.write(plain.resolve(".gocryptfs.reverse.conf"), Vectors.configBytes());
        Trees.copyOf(plain, copy);
        Files.createDirectories(dest);
        Files.createSymbolicLink(dest.resolve("docs"), outside);

        RestoreRun.Outcome o = restore(copy, dest, false, 0, false);

        assertEquals(ExitCode.PARTIAL, o.exitCode());
        assertEquals(List.of(), Files.list(outside).toList(), "nothing was written through the symlink");
        assertTrue(err().contains("docs: something that is not a directory has that name"), err());

        // --force replaces the symlink itself (it does not follow it)
        assertEquals(ExitCode.OK, restore(copy, dest, false, 0, true).exitCode(), err());
        assertEquals(List.of(), Files.list(outside).toList(), "nothing was written through the symlink");
        assertTrue(Files.isDirectory(dest.resolve("docs"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("a\n", Files.readString(dest.resolve("docs/a.txt")));
    }

    @Test
    void aFileInTheWayOfADirectoryIsReplacedOnlyWithForce() throws Exception {
        Path plain = tmp.resolve("plain");
        Path copy = tmp.resolve("copy");
        Path dest = tmp.resolve("dest");
        Files.createDirectories(plain.resolve("docs"));
        Files.writeString(plain.resolve("docs/a.txt"), "a\n");
        Files.write(plain.resolve(".gocryptfs.reverse.conf"), Vectors.configBytes());
        Trees.copyOf(plain, copy);
        Files.createDirectories(dest);
        Files.writeString(dest.resolve("docs"), "a file\n");

        assertEquals(ExitCode.PARTIAL, restore(copy, dest, false, 0, false).exitCode());
        assertEquals("a file\n", Files.readString(dest.resolve("docs")));
        assertEquals(ExitCode.OK, restore(copy, dest, false, 0, true).exitCode(), err());
        assertEquals("a\n", Files.readString(dest.resolve("docs/a.txt")));
    }

    @ParameterizedTest(name = "via rsync: {0}")
    @ValueSource(booleans = {false, true})
    void theLatestSymlinkOfSnapshotsIsACopy(boolean viaRsync) throws Exception {
        Path plain = tmp.resolve("plain");
        Path backup = Files.createDirectories(tmp.resolve("backup"));
        Path snapshot = backup.resolve("2026-11-23T010000Z");
        Trees.oddTree(plain);
        Trees.copyOf(plain, snapshot);
        Files.createSymbolicLink(backup.resolve("latest"), Path.of("2026-11-23T010000Z"));
        Path dest = tmp.resolve("dest");

        RestoreRun.Outcome o = restore(backup.resolve("latest"), dest, viaRsync, 0, false);

        assertEquals(ExitCode.OK, o.exitCode(), o.summary() + "\n" + err());
        assertEquals(Trees.describe(plain, true), Trees.describe(dest, true));
    }

    @Test
    void ownersAreRestoredWhenRunningAsRoot() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(DestFs.get().geteuid() == 0, "needs root");
        Path plain = tmp.resolve("plain");
        Path copy = tmp.resolve("copy");
        Path dest = tmp.resolve("dest");
        Files.createDirectories(plain.resolve("home"));
        Files.writeString(plain.resolve("home/owned.txt"), "mine\n");
        Files.createSymbolicLink(plain.resolve("home/link"), Path.of("owned.txt"));
        Files.write(plain.resolve(".gocryptfs.reverse.conf"), Vectors.configBytes());
        int fd = DestFs.get().openRoot(plain);
        int home = DestFs.get().openDir(fd, "home".getBytes());
        DestFs.get().chownEntry(home, "owned.txt".getBytes(), 1234, 5678);
        DestFs.get().chownEntry(home, "link".getBytes(), 4321, 8765);
        DestFs.get().chownEntry(fd, "home".getBytes(), 1111, 2222);
        DestFs.get().close(home);
        DestFs.get().close(fd);
        Trees.copyOf(plain, copy);

        assertEquals(ExitCode.OK, restore(copy, dest, true, 0, false).exitCode(), err());

        assertEquals(1234, Files.getAttribute(dest.resolve("home/owned.txt"), "unix:uid"));
        assertEquals(5678, Files.getAttribute(dest.resolve("home/owned.txt"), "unix:gid"));
        assertEquals(4321, Files.getAttribute(dest.resolve("home/link"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(1111, Files.getAttribute(dest.resolve("home"), "unix:uid"));
        assertEquals(2222, Files.getAttribute(dest.resolve("home"), "unix:gid"));
    }
}
