package io.revcrypt.sync.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.testsupport.RawFiles;
import io.revcrypt.core.testsupport.Vectors;
import io.revcrypt.core.testsupport.ViewCopy;
import io.revcrypt.core.testsupport.Views;
import io.revcrypt.core.view.PlainPath;
import io.revcrypt.core.view.ReverseView;
import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.copy.CopySession;
import io.revcrypt.sync.restore.Report;
import io.revcrypt.sync.restore.RestoreRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** verify names every problem of a copy; restore of a damaged copy restores the rest. */
class VerifyTest {

    static final int MB100 = 100 << 20;
    static final long BAD_BLOCK = 1000;

    @TempDir
    Path tmp;
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    Path plain() {
        return tmp.resolve("plain");
    }

    Path copy() {
        return tmp.resolve("copy");
    }

    CopySession.Settings settings(boolean viaRsync, long batch) {
        return new CopySession.Settings(copy().toString(), null, null, List.of(), tmp.resolve("staging"), batch, viaRsync);
    }

    VerifyRun.Outcome verify(boolean viaRsync, long batch) throws Exception {
        return new VerifyRun(settings(viaRsync, batch), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), false)
                .run(() -> Vectors.PASSWORD.getBytes(StandardCharsets.UTF_8));
    }

    /** A tree with a 100 MB file, copied; returns the 100 MB file's cipher path. */
    String bigTree() throws Exception {
        Path videos = Files.createDirectories(plain().resolve("videos"));
        byte[] big = new byte[MB100];
        new Random(42).nextBytes(big);
        Files.write(videos.resolve("holiday.mp4"), big);
        Files.writeString(plain().resolve("notes.txt"), "notes\n");
        Files.write(plain().resolve("small.bin"), Arrays.copyOf(big, 10_000));
        Files.write(plain().resolve(".gocryptfs.reverse.conf"), Vectors.configBytes());
        try (ReverseView view = Views.open(plain())) {
            ViewCopy.copy(view, copy());
            return view.encryptPath("videos/holiday.mp4".getBytes(StandardCharsets.UTF_8));
        }
    }

    static void flipByte(Path file, long offset) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x01);
        }
    }

    @ParameterizedTest(name = "via rsync: {0}")
    @ValueSource(booleans = {false, true})
    void aFlippedByteInA100MbFileIsNamedWithItsBlock(boolean viaRsync) throws Exception {
        String cipher = bigTree();
        assertEquals(ExitCode.OK, verify(viaRsync, 32 << 20).exitCode(), err.toString());

        flipByte(copy().resolve(cipher), 18 + BAD_BLOCK * 4128 + 2000);
        err.reset();
        VerifyRun.Outcome o = verify(viaRsync, 32 << 20);

        assertEquals(ExitCode.PARTIAL, o.exitCode());
        assertEquals(1, o.problems().size(), o.problems().toString());
        Report.Problem p = o.problems().get(0);
        assertEquals(Report.Kind.DAMAGED, p.kind());
        assertEquals("videos/holiday.mp4", p.plainPath());
        assertEquals(cipher, p.cipherPath());
        assertTrue(p.message().startsWith("block 1000 does not authenticate"), p.message());
        assertTrue(err.toString().contains("damaged: videos/holiday.mp4 (in the copy: " + cipher + "): block 1000 "),
                err.toString());
        assertTrue(o.summary().startsWith("problems found: verified 2 files"), o.summary());
    }

    @Test
    void restoreOfADamagedCopyRestoresTheRestAndKeepsTheDamagedFileAside() throws Exception {
        String cipher = bigTree();
        flipByte(copy().resolve(cipher), 18 + BAD_BLOCK * 4128 + 2000);
        Path dest = tmp.resolve("dest");

        RestoreRun.Outcome o = new RestoreRun(settings(false, 0), dest, List.of(), false,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), false)
                .run(() -> Vectors.PASSWORD.getBytes(StandardCharsets.UTF_8));

        assertEquals(ExitCode.PARTIAL, o.exitCode());
        assertEquals("notes\n", Files.readString(dest.resolve("notes.txt")));
        assertEquals(-1, Files.mismatch(plain().resolve("small.bin"), dest.resolve("small.bin")));
        assertFalse(Files.exists(dest.resolve("videos/holiday.mp4")), "no plausible-looking damaged file");
        Path kept = dest.resolve("videos/holiday.mp4.revcrypt-damaged");
        byte[] original = Files.readAllBytes(plain().resolve("videos/holiday.mp4"));
        byte[] restored = Files.readAllBytes(kept);
        assertEquals(original.length, restored.length);
        int from = (int) BAD_BLOCK * 4096;
        assertTrue(Arrays.equals(original, 0, from, restored, 0, from), "blocks before the bad one are intact");
        assertTrue(Arrays.equals(original, from + 4096, original.length, restored, from + 4096, restored.length),
                "blocks after it too");
        assertTrue(Arrays.equals(new byte[4096], 0, 4096, restored, from, from + 4096), "the bad block is zeros");
        assertTrue(err.toString().contains("damaged: videos/holiday.mp4 (in the copy: " + cipher
                + "): block 1000 does not authenticate"), err.toString());
        assertTrue(err.toString().contains("holiday.mp4.revcrypt-damaged"), err.toString());
        assertEquals(1, o.problems().size(), o.problems().toString());
    }

    @ParameterizedTest(name = "via rsync: {0}")
    @ValueSource(booleans = {false, true})
    void damagedNamesIvFilesAndTruncationsAreNamed(boolean viaRsync) throws Exception {
        Path docs = Files.createDirectories(plain().resolve("docs"));
        Files.writeString(docs.resolve("a.txt"), "a\n");
        Path lost = Files.createDirectories(plain().resolve("lost-iv"));
        Files.writeString(lost.resolve("b.txt"), "b\n");
        Files.writeString(plain().resolve("n".repeat(200)), "long\n");
        Files.write(plain().resolve("cut.bin"), new byte[10_000]);
        Files.createSymbolicLink(plain().resolve("link"), Path.of("docs/a.txt"));
        Files.writeString(plain().resolve("fine.txt"), "fine\n");
        Files.write(plain().resolve(".gocryptfs.reverse.conf"), Vectors.configBytes());
        String lostIv;
        String longName;
        String cut;
        String link;
        try (ReverseView view = Views.open(plain())) {
            ViewCopy.copy(view, copy());
            lostIv = view.encryptPath("lost-iv".getBytes());
            longName = view.encryptPath("n".repeat(200).getBytes());
            cut = view.encryptPath("cut.bin".getBytes());
            link = view.encryptPath("link".getBytes());
        }
        Files.delete(copy().resolve(lostIv).resolve("gocryptfs.diriv"));
        Files.writeString(copy().resolve(longName + ".name"), "AAAAAAAAAAAAAAAAAAAAAA");
        try (RandomAccessFile f = new RandomAccessFile(copy().resolve(cut).toFile(), "rw")) {
            f.setLength(18 + 4128 + 20); // the second block cut to 20 bytes
        }
        String target = Files.readSymbolicLink(copy().resolve(link)).toString();
        Files.delete(copy().resolve(link));
        Files.createSymbolicLink(copy().resolve(link), Path.of((target.charAt(0) == 'A' ? "B" : "A") + target.substring(1)));
        RawFiles.writeFile(copy(), "bm90LWEtbmFtZQ".getBytes(), "x".getBytes()); // base64 of "not-a-name"

        VerifyRun.Outcome o = verify(viaRsync, 4096);

        assertEquals(ExitCode.PARTIAL, o.exitCode());
        String e = err.toString();
        assertTrue(e.contains("damaged metadata: lost-iv (in the copy: " + lostIv + "): directory has no gocryptfs.diriv"), e);
        assertTrue(e.contains("undecryptable name: cipher path " + longName
                + ": name cannot be decrypted: its .name file does not match its hash"), e);
        assertTrue(e.contains("damaged: cut.bin (in the copy: " + cut + "): block 1 is truncated (20 bytes); truncated: "), e);
        assertTrue(e.contains("damaged: link (in the copy: " + link + "): symlink target: symlink target does not authenticate"), e);
        assertTrue(e.contains("undecryptable name: cipher path bm90LWEtbmFtZQ: name cannot be decrypted"), e);
        assertEquals(5, o.problems().size(), o.problems().toString());
        assertTrue(o.summary().contains("verified 2 files"), o.summary());
    }

    @Test
    void aGarbledHeaderIsReportedAsBlockZero() throws Exception {
        Files.createDirectories(plain());
        Files.write(plain().resolve("f.bin"), new byte[50_000]);
        Files.write(plain().resolve(".gocryptfs.reverse.conf"), Vectors.configBytes());
        String cipher;
        try (ReverseView view = Views.open(plain())) {
            ViewCopy.copy(view, copy());
            cipher = view.encryptPath("f.bin".getBytes());
        }
        flipByte(copy().resolve(cipher), 5);

        VerifyRun.Outcome o = verify(false, 0);

        assertEquals(ExitCode.PARTIAL, o.exitCode());
        assertTrue(o.problems().get(0).message().startsWith("block 0 does not authenticate (tampered or damaged), and 12 more"),
                o.problems().toString());
        assertEquals(PlainPath.parse("f.bin".getBytes()).toString(), o.problems().get(0).plainPath());
    }
}
