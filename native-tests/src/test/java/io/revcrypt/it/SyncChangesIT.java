package io.revcrypt.it;

import static io.revcrypt.it.support.SyncLines.CHANGED_FILE;
import static io.revcrypt.it.support.SyncLines.CONFIG;
import static io.revcrypt.it.support.SyncLines.CREATED_DIR;
import static io.revcrypt.it.support.SyncLines.CREATED_FILE;
import static io.revcrypt.it.support.SyncLines.CREATED_LINK;
import static io.revcrypt.it.support.SyncLines.DELETED;
import static io.revcrypt.it.support.SyncLines.DIR_IV;
import static io.revcrypt.it.support.SyncLines.DIR_TIME;
import static io.revcrypt.it.support.SyncLines.LONG_NAME_FILE;
import static io.revcrypt.it.support.SyncLines.TIME_CHANGED_FILE;
import static io.revcrypt.it.support.SyncLines.escape;
import static io.revcrypt.it.support.SyncLines.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.testsupport.RawFiles;
import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.SyncEnv;
import io.revcrypt.it.support.SyncLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a person reads while syncing: every created, changed and deleted entry with its plaintext
 * path, for every kind of name that is hard to get right — spaces, a TAB, a newline (rsync's
 * {@code \#012}), {@code " -> "} inside a name, the same word in NFC and in NFD, a name that is not
 * UTF-8 ({@code \#377}), 175/176/255-byte names (176 and more are hashed long names with a
 * {@code .name} file; deleted ones decode from the name journal, as the plaintext is gone), a
 * symlink (its target in plaintext) and a directory rename (everything below is sent again: the
 * encrypted names below a directory depend on its path). A second run with nothing changed
 * transfers nothing.
 *
 * <p>The expected lines are written here from the plaintext names the test created, with rsync's
 * own item flags; gocryptfs's files appear as their owner plus a marker: a directory's
 * {@code gocryptfs.diriv} (which has the directory's time) as {@code dir/ [dir IV]}, a long name's
 * {@code .name} file (which has its file's time) as {@code name [long-name file]}.
 */
class SyncChangesIT {

    private static final String SPACE = "with space.txt";
    private static final String TAB = "tab\there.txt";
    private static final String NEWLINE = "new\nline.txt";
    private static final String ARROW = "a -> b.txt";
    private static final String NFC = "caf\u00e9.txt";
    private static final String NFD = "cafe\u0301.txt";
    private static final byte[] NON_UTF8 = {'b', 'a', 'd', '-', (byte) 0xff, '-', 'n', 'a', 'm', 'e'};
    private static final String N175 = "a".repeat(175);
    private static final String N176 = "b".repeat(176);
    private static final String N255 = "c".repeat(255);
    private static final String LINK = "link to space";
    private static final String KEEP = "keep.txt";
    private static final String OLD_DIR = "old dir";

    private static final String ADDED = "added file.txt";
    private static final String ADDED_LONG = "d".repeat(200);
    private static final String ARROW_RENAMED = "c -> d.txt";
    private static final String TAB_RENAMED = "renamed\ttab.txt";
    private static final String NEWLINE_RENAMED = "newer\nline.txt";
    private static final String N175_RENAMED = "A" + N175;
    private static final String NEW_LINK = "fresh link";
    private static final String NEW_DIR = "new dir";

    @RegisterExtension
    final SyncEnv env = new SyncEnv();

    @Test
    @Timeout(240)
    void everyChangeIsShownWithItsPlaintextPath() throws Exception {
        Path src = env.dir("src");
        for (String name : List.of(SPACE, TAB, NEWLINE, ARROW, NFC, NFD, N175, N176, N255, KEEP)) {
            write(src, name, "first version of " + name);
        }
        RawFiles.writeFile(src, NON_UTF8, bytes("not utf-8"));
        Files.createSymbolicLink(src.resolve(LINK), Path.of(SPACE));
        Files.createDirectories(src.resolve(OLD_DIR).resolve("sub"));
        write(src.resolve(OLD_DIR), "f1", "one");
        write(src.resolve(OLD_DIR).resolve("sub"), "f2", "two");
        Path pass = env.passfile("pass", "show me the names");
        env.init(src, pass);
        // DEST exists, empty, with the source's permissions and an old time: the first run sets its time,
        // which rsync itemizes as '.d..t...... ./' (rsync compares directory times to the second)
        Path dest = env.dir("dest");
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setLastModifiedTime(dest, FileTime.from(Instant.parse("2001-09-09T01:46:40Z")));

        // ---- first run: everything is created
        List<String> first = new ArrayList<>(List.of(
                line(DIR_TIME, "./"),
                line(CREATED_FILE, "./" + DIR_IV),
                line(CREATED_FILE, ".gocryptfs.reverse.conf" + CONFIG)));
        for (String name : List.of(SPACE, TAB, NEWLINE, ARROW, NFC, NFD, N175, N176, N255, KEEP)) {
            first.add(line(CREATED_FILE, escape(name)));
        }
        first.add(line(CREATED_FILE, "bad-\\#377-name"));
        first.add(line(CREATED_FILE, N176 + LONG_NAME_FILE));
        first.add(line(CREATED_FILE, N255 + LONG_NAME_FILE));
        first.add(line(CREATED_LINK, LINK + " -> " + SPACE));
        first.addAll(createdDirectoryTree(OLD_DIR));
        CommandResult run1 = sync(src, dest, pass);
        SyncLines.assertItems(first, run1.stdout(), "first run");
        assertSummary(run1, 16, 0, 0);

        // ---- second run, nothing changed: nothing to show
        CommandResult run2 = sync(src, dest, pass);
        SyncLines.assertItems(List.of(), run2.stdout(), "second run with nothing changed");
        assertSummary(run2, 0, 0, 0);

        // ---- edits, additions, renames, deletions
        List<String> third = new ArrayList<>(List.of(
                line(DIR_TIME, "./"),
                line(TIME_CHANGED_FILE, "./" + DIR_IV)));
        write(src, SPACE, "second, longer version of " + SPACE);
        third.add(line(CHANGED_FILE, SPACE));
        write(src, N176, "second, longer version of the 176-byte name");
        third.add(line(CHANGED_FILE, N176));
        third.add(line(TIME_CHANGED_FILE, N176 + LONG_NAME_FILE));
        write(src, NFD, "second, longer version of the NFD name");
        third.add(line(CHANGED_FILE, NFD));

        write(src, ADDED, "new");
        third.add(line(CREATED_FILE, ADDED));
        write(src, ADDED_LONG, "new with a long name");
        third.add(line(CREATED_FILE, ADDED_LONG));
        third.add(line(CREATED_FILE, ADDED_LONG + LONG_NAME_FILE));

        for (String[] rename : List.of(new String[] {ARROW, ARROW_RENAMED}, new String[] {TAB, TAB_RENAMED},
                new String[] {NEWLINE, NEWLINE_RENAMED}, new String[] {N175, N175_RENAMED})) {
            Files.move(src.resolve(rename[0]), src.resolve(rename[1]));
            third.add(line(DELETED, escape(rename[0])));
            third.add(line(CREATED_FILE, escape(rename[1])));
        }
        third.add(line(CREATED_FILE, N175_RENAMED + LONG_NAME_FILE)); // 176 bytes now: a long name

        Files.delete(src.resolve(N255));
        third.add(line(DELETED, N255));
        third.add(line(DELETED, N255 + LONG_NAME_FILE)); // only the name journal still knows this one
        deleteNonUtf8(src);
        third.add(line(DELETED, "bad-\\#377-name"));
        Files.delete(src.resolve(NFC));
        third.add(line(DELETED, NFC));

        Files.delete(src.resolve(LINK));
        Files.createSymbolicLink(src.resolve(LINK), Path.of(KEEP));
        // rsync's flags for a symlink made anew, seconds later, with another target: 'c' target, 't' time
        third.add(line("cLc.t......", LINK + " -> " + KEEP));
        Files.createSymbolicLink(src.resolve(NEW_LINK), Path.of(NFD));
        third.add(line(CREATED_LINK, NEW_LINK + " -> " + NFD));

        Files.move(src.resolve(OLD_DIR), src.resolve(NEW_DIR));
        third.addAll(deletedDirectoryTree(OLD_DIR));
        third.addAll(createdDirectoryTree(NEW_DIR));

        CommandResult run3 = sync(src, dest, pass);
        SyncLines.assertItems(third, run3.stdout(), "run after edits, additions, renames and deletions");
        assertSummary(run3, 11, 4, 11);

        env.assertDecryptsTo(dest, pass, src, Set.of(Path.of(".gocryptfs.reverse.conf")));
    }

    private CommandResult sync(Path src, Path dest, Path pass) throws Exception {
        CommandResult r = env.revcrypt("sync", "--passfile", pass.toString(), src.toString(), dest.toString());
        assertEquals(0, r.exitCode(), r::describe);
        return r;
    }

    /** {@code NAME/}, {@code NAME/f1}, {@code NAME/sub/}, {@code NAME/sub/f2}, and both directories' IVs. */
    private static List<String> createdDirectoryTree(String name) {
        return List.of(
                line(CREATED_DIR, name + "/"),
                line(CREATED_FILE, name + "/" + DIR_IV),
                line(CREATED_FILE, name + "/f1"),
                line(CREATED_DIR, name + "/sub/"),
                line(CREATED_FILE, name + "/sub/" + DIR_IV),
                line(CREATED_FILE, name + "/sub/f2"));
    }

    private static List<String> deletedDirectoryTree(String name) {
        return List.of(
                line(DELETED, name + "/"),
                line(DELETED, name + "/" + DIR_IV),
                line(DELETED, name + "/f1"),
                line(DELETED, name + "/sub/"),
                line(DELETED, name + "/sub/" + DIR_IV),
                line(DELETED, name + "/sub/f2"));
    }

    /** The summary line counts the person's entries only (not gocryptfs's files, not the root's time). */
    private static void assertSummary(CommandResult r, int created, int changed, int deleted) {
        String counts = "revcrypt: done: " + created + " created, " + changed + " changed, " + deleted + " deleted";
        assertTrue(r.stdout().lines().anyMatch(l -> l.startsWith(counts + ",")),
                () -> "expected a summary starting with '" + counts + "':\n" + r.describe());
    }

    private static void write(Path dir, String name, String content) throws IOException {
        Files.write(dir.resolve(name), bytes(content));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Java cannot name it, but a listed Path keeps the raw bytes of its name. */
    private static void deleteNonUtf8(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().startsWith("bad-")).toList();
            assertEquals(1, found.size(), () -> "the non-UTF-8 name in " + dir + ": " + found);
            Files.delete(found.get(0));
        }
    }
}
