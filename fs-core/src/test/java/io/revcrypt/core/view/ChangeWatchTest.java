package io.revcrypt.core.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.format.BlockLayout;
import io.revcrypt.core.testsupport.Views;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file written between two reads of it is reported to the view's {@link ChangeWatch}; one left alone is not. */
class ChangeWatchTest {

    @TempDir
    Path plain;

    private final List<String> reported = new CopyOnWriteArrayList<>();

    private ReverseView view() throws Exception {
        ReverseView view = ReverseView.open(ViewOptions.defaults(plain), Views.testCore());
        view.watchChanges(reported::add);
        return view;
    }

    /** Written long enough ago that the open does not count it as possibly still being written. */
    private Path settledFile(String name, int size) throws Exception {
        Path f = Files.write(plain.resolve(name), new byte[size]);
        Thread.sleep(FileOpener.POSSIBLY_BEING_WRITTEN_NANOS / 1_000_000 + 100);
        return f;
    }

    @Test
    void aFileLeftAloneIsNotReported() throws Exception {
        settledFile("quiet.bin", 100_000);
        try (ReverseView view = view()) {
            String c = view.encryptPath("quiet.bin".getBytes(StandardCharsets.UTF_8));
            try (OpenFile f = view.open(c)) {
                byte[] buf = new byte[8192];
                for (long off = 0; f.read(off, buf, 0, buf.length) > 0; off += buf.length) {
                    // read it all
                }
            }
            assertEquals(List.of(), reported);
        }
    }

    @Test
    void aFileWrittenBetweenTwoReadsIsReportedOnTheReadAfterAndEveryReadFromThen() throws Exception {
        Path file = settledFile("busy.bin", 100_000);
        try (ReverseView view = view()) {
            String c = view.encryptPath("busy.bin".getBytes(StandardCharsets.UTF_8));
            try (OpenFile f = view.open(c)) {
                byte[] buf = new byte[8192];
                f.read(0, buf, 0, buf.length);
                assertEquals(List.of(), reported, "nothing changed yet");
                Files.write(file, new byte[] {1, 2, 3}, StandardOpenOption.WRITE); // in place, same size
                Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5))); // past the coarse clock
                f.read(8192, buf, 0, buf.length);
                assertEquals(List.of(c), reported);
                f.read(16384, buf, 0, buf.length);
                assertEquals(List.of(c, c), reported, "once changed, every later read says so");
            }
        }
    }

    /**
     * A write() stamps the file's times once, as it begins: a file opened during one long write
     * looks the same before and after every read while its blocks change under the reader. So a
     * file changed just before it was opened is reported for the reads soon after the open, and
     * no longer once a copier would have waited to copy it again.
     */
    @Test
    void aFileChangedJustBeforeItsOpenIsReportedForTheReadsRightAfterTheOpenOnly() throws Exception {
        Path file = plain.resolve("just written.bin");
        Files.write(file, new byte[100_000]);
        try (ReverseView view = view()) {
            String c = view.encryptPath("just written.bin".getBytes(StandardCharsets.UTF_8));
            try (OpenFile f = view.open(c)) {
                byte[] buf = new byte[8192];
                f.read(0, buf, 0, buf.length);
                assertEquals(List.of(c), reported, "opened right after a write: maybe read while being written");
                Thread.sleep(EncryptedFile.SUSPECT_READS_NANOS / 1_000_000 + 100);
                f.read(8192, buf, 0, buf.length);
                assertEquals(List.of(c), reported, "left alone since: the reads after the settle time are trusted");
            }
        }
    }

    /**
     * The copy-again pass of a file opened while possibly being written reads it through the same
     * open file (its attributes did not move): a block the first copy left half-served must then
     * be encrypted from the file as it is now, not finished from the piece kept during the write.
     */
    @Test
    void aSuspectFilesHalfServedBlockIsEncryptedAfreshOnceTheCopierHasWaited() throws Exception {
        int plainSize = 3 * BlockLayout.PLAIN_BLOCK;
        int cipherSize = (int) BlockLayout.cipherSize(plainSize);
        int cut = (int) BlockLayout.cipherBlockOffset(1) + 1000;
        Random random = new Random(17);
        Path file = Files.write(plain.resolve("rewritten.bin"), randomBytes(random, plainSize));
        try (ReverseView view = view()) {
            String c = view.encryptPath("rewritten.bin".getBytes(StandardCharsets.UTF_8));
            byte[] copy = new byte[cipherSize];
            byte[] whole = new byte[cipherSize];
            try (OpenFile f = view.open(c)) {
                assertEquals(cut, f.read(0, copy, 0, cut));
                Files.write(file, randomBytes(random, plainSize), StandardOpenOption.WRITE);
                Thread.sleep(EncryptedFile.SUSPECT_SPLIT_BLOCK_NANOS / 1_000_000 + 200);
                assertEquals(cipherSize - cut, f.read(cut, copy, cut, cipherSize - cut));
                try (OpenFile again = view.open(c)) {
                    assertEquals(cipherSize, again.read(0, whole, 0, cipherSize));
                }
            }
            assertArrayEquals(Arrays.copyOfRange(whole, cut, cipherSize), Arrays.copyOfRange(copy, cut, cipherSize),
                    "the rest of the cut block comes from the file as it is now");
        }
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Test
    void aFileOpenedAtAnotherSizeThanTheReaderWasToldIsReported() throws Exception {
        settledFile("grown.bin", 5000);
        try (ReverseView view = view()) {
            String c = view.encryptPath("grown.bin".getBytes(StandardCharsets.UTF_8));
            try (OpenFile f = view.open(c, 4000)) {
                f.read(0, new byte[4096], 0, 4096);
            }
            assertTrue(reported.contains(c), "told 4000 bytes, found 5000: " + reported);
        }
    }

    @Test
    void aViewWithoutAWatchReportsNothing() throws Exception {
        Path file = settledFile("unwatched.bin", 100_000);
        try (ReverseView view = ReverseView.open(ViewOptions.defaults(plain), Views.testCore())) {
            String c = view.encryptPath("unwatched.bin".getBytes(StandardCharsets.UTF_8));
            try (OpenFile f = view.open(c)) {
                f.read(0, new byte[8192], 0, 8192);
                Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
                f.read(8192, new byte[8192], 0, 8192);
            }
        }
        assertEquals(List.of(), reported);
    }
}
