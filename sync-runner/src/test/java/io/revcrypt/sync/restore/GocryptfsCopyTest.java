package io.revcrypt.sync.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.config.ConfigFile;
import io.revcrypt.core.config.FeatureFlag;
import io.revcrypt.core.testsupport.Vectors;
import io.revcrypt.core.view.PlainPath;
import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.copy.CopySession;
import io.revcrypt.sync.verify.VerifyRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copies made by the real gocryptfs 2.3 restore: an rsync of a {@code gocryptfs -reverse} mount
 * (AES-SIV, derived IVs), and an ordinary gocryptfs filesystem (AES-GCM content, random
 * directory IVs), also selectively through rsync.
 */
class GocryptfsCopyTest {

    @TempDir
    Path tmp;
    Path pass;
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void needsFuse() throws Exception {
        Fuse.require();
        pass = tmp.resolve("pass");
        Files.writeString(pass, Vectors.PASSWORD + "\n");
    }

    RestoreRun.Outcome restore(Path copy, Path dest, boolean viaRsync, String... paths) throws Exception {
        CopySession.Settings s = new CopySession.Settings(copy.toString(), null, null, List.of(), tmp.resolve("staging"),
                16 << 10, viaRsync);
        List<PlainPath> selections = Arrays.stream(paths)
                .map(p -> PlainPath.parse(p.getBytes(StandardCharsets.UTF_8))).toList();
        return new RestoreRun(s, dest, selections, false, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), false)
                .run(() -> Vectors.PASSWORD.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anRsyncOfAGocryptfsReverseMountRestores() throws Exception {
        Path plain = tmp.resolve("plain");
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        Path copy = tmp.resolve("copy");
        Trees.oddTree(plain); // its config was written by gocryptfs 2.3 (the test vectors' key)
        try {
            Fuse.run(List.of("gocryptfs", "-q", "-reverse", "-passfile", pass.toString(), plain.toString(), mnt.toString()));
            Fuse.run(List.of("rsync", "-a", mnt + "/", copy + "/"));
        } finally {
            Fuse.unmount(mnt);
        }
        assertTrue(Files.exists(copy.resolve("gocryptfs.conf")));

        Path dest = tmp.resolve("dest");
        RestoreRun.Outcome o = restore(copy, dest, false);
        assertEquals(ExitCode.OK, o.exitCode(), err.toString());
        assertEquals(Trees.describe(plain, true), Trees.describe(dest, true));

        VerifyRun.Outcome v = new VerifyRun(new CopySession.Settings(copy.toString(), null, null, List.of(),
                tmp.resolve("staging"), 8 << 10, true), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), false)
                .run(() -> Vectors.PASSWORD.getBytes(StandardCharsets.UTF_8));
        assertEquals(ExitCode.OK, v.exitCode(), err.toString());
        assertTrue(v.summary().startsWith("clean: verified 16 files, 8 directories, 5 symlinks, 1 special"), v.summary());

        Path dest2 = tmp.resolve("dest2");
        RestoreRun.Outcome sel = restore(copy, dest2, true, Trees.LONG_DIR_200 + "/sub");
        assertEquals(ExitCode.OK, sel.exitCode(), err.toString());
        assertEquals(Trees.describe(plain, false).get(Trees.LONG_DIR_200 + "/sub/deeper/data.bin"),
                Trees.describe(dest2, false).get(Trees.LONG_DIR_200 + "/sub/deeper/data.bin"));
    }

    @Test
    void anOrdinaryGocryptfsFilesystemWithGcmContentRestores() throws Exception {
        Path plain = tmp.resolve("plain");
        Path cipher = Files.createDirectories(tmp.resolve("cipher"));
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        Trees.oddTree(plain);
        Fuse.run(List.of("gocryptfs", "-q", "-init", "-scryptn", "10", "-passfile", pass.toString(), cipher.toString()));
        ConfigFile config = ConfigFile.load(cipher.resolve("gocryptfs.conf"));
        assertFalse(config.has(FeatureFlag.AESSIV), "an ordinary filesystem: AES-GCM content");
        try {
            Fuse.run(List.of("gocryptfs", "-q", "-passfile", pass.toString(), cipher.toString(), mnt.toString()));
            Fuse.run(List.of("cp", "-a", plain + "/.", mnt + "/"));
        } finally {
            Fuse.unmount(mnt);
        }

        Path dest = tmp.resolve("dest");
        RestoreRun.Outcome o = restore(cipher, dest, false);
        assertEquals(ExitCode.OK, o.exitCode(), err.toString());
        TreeMap<String, String> expected = Trees.describe(plain, true);
        TreeMap<String, String> actual = Trees.describe(dest, true);
        expected.remove(".");
        actual.remove("."); // cp -a into a mount point does not set the mount's root times
        assertEquals(expected, actual);

        Path dest3 = tmp.resolve("dest3");
        assertEquals(ExitCode.OK, restore(cipher, dest3, true).exitCode(), err.toString());
        TreeMap<String, String> fetchedWhole = Trees.describe(dest3, true);
        fetchedWhole.remove(".");
        assertEquals(expected, fetchedWhole);

        // random directory IVs: the selected path is found level by level, still without a listing
        Path dest2 = tmp.resolve("dest2");
        RestoreRun.Outcome sel = restore(cipher, dest2, true, Trees.LONG_DIR_200 + "/sub/deeper/data.bin");
        assertEquals(ExitCode.OK, sel.exitCode(), err.toString());
        assertEquals(expected.get(Trees.LONG_DIR_200 + "/sub/deeper/data.bin"),
                Trees.describe(dest2, true).get(Trees.LONG_DIR_200 + "/sub/deeper/data.bin"));
        assertEquals(4, sel.fetched().stream().filter(p -> p.endsWith("gocryptfs.diriv")).count(),
                sel.fetched().toString());

        VerifyRun.Outcome v = new VerifyRun(new CopySession.Settings(cipher.toString(), null, null, List.of(), null, 0,
                false), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                false).run(() -> Vectors.PASSWORD.getBytes(StandardCharsets.UTF_8));
        assertEquals(ExitCode.OK, v.exitCode(), err.toString());
    }
}
