package io.revcrypt.sync.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.testsupport.Vectors;
import io.revcrypt.core.testsupport.Views;
import io.revcrypt.core.view.PlainPath;
import io.revcrypt.core.view.ReverseView;
import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.copy.CopySession;
import io.revcrypt.sync.copy.Staging;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restoring selected plaintext paths: their cipher paths are computed without listing, and only
 * they (plus the IV and long-name files on the way, and the config) are fetched.
 */
class SelectiveRestoreTest {

    static final String LONG = "L".repeat(190);
    static final String DEEP_FILE = "deep/a/b/" + LONG + "/file.txt";

    @TempDir
    Path tmp;
    Path plain;
    Path copy;
    Path dest;
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void tree() throws Exception {
        plain = tmp.resolve("plain");
        copy = tmp.resolve("copy");
        dest = tmp.resolve("dest");
        Path docs = Files.createDirectories(plain.resolve("Documents"));
        Files.write(docs.resolve("tax 2025.pdf"), Trees.random(20_000, 7));
        Files.writeString(docs.resolve("other.txt"), "other\n");
        Path deep = Files.createDirectories(plain.resolve("deep/a/b/" + LONG));
        Files.writeString(deep.resolve("file.txt"), "deep down\n");
        Files.writeString(deep.resolve("sibling.txt"), "not wanted\n");
        Files.writeString(plain.resolve("deep/a/b/near.txt"), "not wanted\n");
        Path photos = Files.createDirectories(plain.resolve("Photos/2024/summer"));
        Files.write(photos.resolve("beach.jpg"), Trees.random(50_000, 8));
        Files.write(photos.resolve("p".repeat(200) + ".jpg"), Trees.random(5_000, 9));
        Files.createSymbolicLink(plain.resolve("Photos/latest"), Path.of("2024/summer/beach.jpg"));
        Files.createDirectories(plain.resolve("Photos/empty"));
        Files.write(plain.resolve("unrelated.bin"), Trees.random(100_000, 10));
        Files.write(plain.resolve(".gocryptfs.reverse.conf"), Vectors.configBytes());
        Trees.stampTimes(plain, 1_700_000_000L);
        Trees.copyOf(plain, copy);
    }

    RestoreRun.Outcome restore(boolean viaRsync, String... paths) throws Exception {
        CopySession.Settings s = new CopySession.Settings(copy.toString(), null, null, List.of(), tmp.resolve("staging"),
                4096, viaRsync);
        List<PlainPath> selections = Arrays.stream(paths)
                .map(p -> PlainPath.parse(p.getBytes(StandardCharsets.UTF_8))).toList();
        return new RestoreRun(s, dest, selections, false, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), false)
                .run(() -> Vectors.PASSWORD.getBytes(StandardCharsets.UTF_8));
    }

    /** The plaintext tree's description limited to the selected paths and the directories above them. */
    TreeMap<String, String> expected() throws Exception {
        TreeMap<String, String> all = Trees.describe(plain, true);
        Set<String> keep = Set.of("deep", "deep/a", "deep/a/b", "deep/a/b/" + LONG, DEEP_FILE, "Photos");
        TreeMap<String, String> out = new TreeMap<>();
        all.forEach((k, v) -> {
            if (keep.contains(k) || k.startsWith("Photos/")) {
                out.put(k, v);
            }
        });
        return out;
    }

    static TreeMap<String, String> withoutRoot(TreeMap<String, String> m) {
        TreeMap<String, String> out = new TreeMap<>(m);
        out.remove(".");
        return out;
    }

    @Test
    void onlyTheSelectedPathsAreFetchedAndRestored() throws Exception {
        RestoreRun.Outcome o = restore(true, DEEP_FILE, "Photos");

        assertEquals(ExitCode.OK, o.exitCode(), o.summary() + "\n" + err);
        assertEquals(expected(), withoutRoot(Trees.describe(dest, true)));

        Set<String> wanted = new TreeSet<>();
        try (ReverseView view = Views.open(plain)) {
            wanted.add("gocryptfs.conf");
            String file = view.encryptPath(DEEP_FILE.getBytes(StandardCharsets.UTF_8));
            String[] c = file.split("/");
            String dir = "";
            for (int i = 0; i < c.length; i++) {
                wanted.add(dir.isEmpty() ? "gocryptfs.diriv" : dir + "/gocryptfs.diriv");
                if (c[i].startsWith("gocryptfs.longname.")) {
                    wanted.add(dir + "/" + c[i] + ".name");
                }
                dir = dir.isEmpty() ? c[i] : dir + "/" + c[i];
            }
            wanted.add(file);
            String photos = view.encryptPath("Photos".getBytes(StandardCharsets.UTF_8));
            for (String f : Trees.files(copy.resolve(photos))) {
                wanted.add(photos + "/" + f);
            }
        }
        assertTrue(wanted.stream().anyMatch(p -> p.endsWith(".name")), "long names on the way are part of the test");
        assertEquals(wanted, new TreeSet<>(o.fetched()), "exactly these were fetched");
        assertFalse(Files.exists(dest.resolve("unrelated.bin")));
        assertFalse(Files.exists(dest.resolve("Documents")));
        assertFalse(Files.exists(dest.resolve("deep/a/b/near.txt")));
    }

    @Test
    void aLocalCopyIsReadInPlace() throws Exception {
        RestoreRun.Outcome o = restore(false, DEEP_FILE, "Photos");

        assertEquals(ExitCode.OK, o.exitCode(), o.summary() + "\n" + err);
        assertEquals(expected(), withoutRoot(Trees.describe(dest, true)));
        assertEquals(List.of(), o.fetched());
    }

    @Test
    void aFileWithASpaceInItsName() throws Exception {
        RestoreRun.Outcome o = restore(true, "Documents/tax 2025.pdf");

        assertEquals(ExitCode.OK, o.exitCode(), err.toString());
        assertEquals(Files.readString(plain.resolve("Documents/tax 2025.pdf"), StandardCharsets.ISO_8859_1),
                Files.readString(dest.resolve("Documents/tax 2025.pdf"), StandardCharsets.ISO_8859_1));
        assertEquals(List.of("tax 2025.pdf"), Files.list(dest.resolve("Documents")).map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void aPathNotInTheCopyIsReportedAndTheRestStillRestores() throws Exception {
        for (boolean viaRsync : new boolean[] {false, true}) {
            err.reset();
            Staging.deleteTree(dest);
            RestoreRun.Outcome o = restore(viaRsync, "Documents/nope.txt", "no/such/dir", "Documents/other.txt");

            assertEquals(ExitCode.PARTIAL, o.exitCode());
            assertEquals("other\n", Files.readString(dest.resolve("Documents/other.txt")));
            assertTrue(err.toString().contains("not in the copy: Documents/nope.txt: no such path in the copy"), err.toString());
            assertTrue(err.toString().contains("not in the copy: no/such/dir"), err.toString());
            assertEquals(2, o.problems().size(), o.problems().toString());
        }
    }

    @Test
    void overlappingSelectionsRestoreOnce() throws Exception {
        RestoreRun.Outcome o = restore(true, "Photos/2024", "Photos", "Photos/2024/summer/beach.jpg");

        assertEquals(ExitCode.OK, o.exitCode(), err.toString());
        assertTrue(Files.exists(dest.resolve("Photos/2024/summer/beach.jpg")));
    }
}
