package io.revcrypt.sync.decode;

import io.revcrypt.core.view.TranslationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodeFilterTest {

    private static final String HELLO = "r1wst2nVW7jkoSbLGyt3Wg";

    @TempDir
    Path dir;

    private final RsyncOutputDecoder decoder = RsyncOutputDecoder.builder(new PathDecoder(cipherPath -> {
        if (cipherPath.equals(HELLO)) {
            return new PathDecryptor.Plaintext("hello.txt".getBytes(StandardCharsets.UTF_8), true);
        }
        throw TranslationException.noSuchFile();
    }, NameJournal.inMemory())).build();

    /** Records what had been written at each flush. */
    private static final class FlushLog extends ByteArrayOutputStream {
        final List<String> atFlush = new ArrayList<>();

        @Override
        public void flush() {
            atFlush.add(toString(StandardCharsets.UTF_8));
        }
    }

    /** Hands out one chunk per read and says nothing more is available in between. */
    private static final class Chunks extends InputStream {
        private final List<byte[]> chunks;
        private final Runnable beforeEachRead;
        private int next;

        Chunks(Runnable beforeEachRead, String... chunks) {
            this.beforeEachRead = beforeEachRead;
            this.chunks = new ArrayList<>();
            for (String c : chunks) {
                this.chunks.add(c.getBytes(StandardCharsets.ISO_8859_1));
            }
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            beforeEachRead.run();
            if (next == chunks.size()) {
                return -1;
            }
            byte[] chunk = chunks.get(next++);
            System.arraycopy(chunk, 0, b, off, chunk.length);
            return chunk.length;
        }

        @Override
        public int available() {
            return 0;
        }
    }

    private String filter(byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DecodeFilter(decoder).run(new ByteArrayInputStream(input), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void keepsEveryTerminatorAndTheLastLineWithoutOne() throws IOException {
        String input = "sending incremental file list\n"
                + ">f+++++++++\t" + HELLO + "\n"
                + "\r             51   2%    0.00kB/s    0:00:00  \r             51   2%    0.00kB/s    0:00:00 (xfr#1, to-chk=26/28)\n"
                + "\r\n"
                + "total size is 1,857  speedup is 0.41";
        String expected = input.replace(HELLO, "hello.txt");
        assertEquals(expected, filter(input.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void flushesOnceAfterEveryRead() throws IOException {
        FlushLog out = new FlushLog();
        InputStream twoReads = new java.io.SequenceInputStream(
                new ByteArrayInputStream((">f+++++++++\t" + HELLO + "\n").getBytes(StandardCharsets.US_ASCII)),
                new ByteArrayInputStream("\r  51   2%    0.00kB/s    0:00:00  \rdone\n".getBytes(StandardCharsets.US_ASCII)));
        new DecodeFilter(decoder).run(twoReads, out);
        assertTrue(out.atFlush.contains(">f+++++++++\thello.txt\n"), "the first read is out before the second "
                + "arrives: " + out.atFlush);
        assertTrue(out.atFlush.contains(">f+++++++++\thello.txt\n\r  51   2%    0.00kB/s    0:00:00  \rdone\n"),
                out.atFlush.toString());
        assertFalse(out.atFlush.contains(">f+++++++++\thello.txt\n\r"), "no flush inside a read: " + out.atFlush);
    }

    @Test
    void showsAProgressUpdateBeforeTheNextOneArrives() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> seenBeforeEachRead = new ArrayList<>();
        Chunks in = new Chunks(() -> seenBeforeEachRead.add(out.toString(StandardCharsets.UTF_8)),
                "\r      2,130,695  25%    1.97MB/s    0:00:03  ",
                "\r      4,195,079  49%    1.96MB/s    0:00:02  ",
                "\r            467   0%   15.62kB/s    0:00:00 (xfr#3, to-chk=6/10)",
                ">f+++++++++\t" + HELLO + "\n");
        new DecodeFilter(decoder).run(in, out);

        assertEquals("\r      2,130,695  25%    1.97MB/s    0:00:03  ", seenBeforeEachRead.get(1));
        assertEquals("\r      2,130,695  25%    1.97MB/s    0:00:03  \r      4,195,079  49%    1.96MB/s    0:00:02  ",
                seenBeforeEachRead.get(2));
        // rsync glued the next item onto the last update: it is decoded on its own
        assertEquals("\r      2,130,695  25%    1.97MB/s    0:00:03  \r      4,195,079  49%    1.96MB/s    0:00:02  "
                + "\r            467   0%   15.62kB/s    0:00:00 (xfr#3, to-chk=6/10)>f+++++++++\thello.txt\n",
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aPathSplitAcrossReadsIsDecodedWhole() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DecodeFilter(decoder).run(new Chunks(() -> { }, ">f+++++++++\tr1wst2n", "VW7jkoSbLGyt3Wg\n"), out);
        assertEquals(">f+++++++++\thello.txt\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void bytesThatAreNotUtf8AreEscapedNotLost() throws IOException {
        byte[] input = {'o', 'd', 'd', ' ', (byte) 0xFF, '\n'};
        assertEquals("odd \\#377\n", filter(input));
    }

    @Test
    void anEndlessLineIsPassedOnInPieces() throws IOException {
        byte[] input = new byte[DecodeFilter.MAX_SEGMENT_BYTES + 10];
        java.util.Arrays.fill(input, (byte) 'x');
        String out = filter(input);
        assertEquals(input.length, out.length());
    }

    @Test
    void decodeCommandKeepsTheJournal() throws IOException {
        Path socket = dir.resolve("ctl.sock");
        Path journal = dir.resolve("journal");
        Map<String, String> answers = Transcripts.ctlsockAnswers("tree-run1.ctlsock");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DecodeSummary.Snapshot summary;
        try (FakeCtlServer server = new FakeCtlServer(socket, answers)) {
            summary = DecodeFilter.runCommand(server.socket(), null, journal,
                    new ByteArrayInputStream(Transcripts.bytes("tree-run1.itemize.out")), out, w -> {
                        throw new AssertionError(w);
                    });
        }
        assertEquals(19, summary.created());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(">f+++++++++\tdir one/sub/deep file.txt\n"));
        // both long names and the file inside the long-named directory
        NameJournal saved = NameJournal.load(journal, w -> {
            throw new AssertionError(w);
        });
        assertEquals(3, saved.size());
        assertTrue(Files.readString(journal, StandardCharsets.ISO_8859_1).contains("gocryptfs.longname."));
    }

    @Test
    void offATerminalLinesWrittenOneByOneAreReadAndAskedForInBatches() throws Exception {
        // rsync writes a line per file; a pipe fed like that, read with and without gathering
        int lines = 400;
        List<Integer> batches = new ArrayList<>();
        PathDecoder counting = new PathDecoder(new PathDecryptor() {
            @Override
            public Plaintext decrypt(String cipherPath) {
                return new Plaintext(("plain-" + cipherPath).getBytes(StandardCharsets.UTF_8), true);
            }

            @Override
            public List<Plaintext> decryptMany(List<String> cipherPaths) {
                batches.add(cipherPaths.size());
                return cipherPaths.stream().map(this::decrypt).toList();
            }
        }, NameJournal.inMemory());
        java.io.PipedInputStream in = new java.io.PipedInputStream(1 << 16);
        java.io.PipedOutputStream rsync = new java.io.PipedOutputStream(in);
        Thread writer = new Thread(() -> {
            try (rsync) {
                for (int i = 0; i < lines; i++) {
                    rsync.write((">f+++++++++\tdir" + (i / 50) + "/file" + i + "\n").getBytes(StandardCharsets.US_ASCII));
                    rsync.flush();
                    java.util.concurrent.locks.LockSupport.parkNanos(500_000);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DecodeFilter(RsyncOutputDecoder.builder(counting).build(), true, java.time.Duration.ofMillis(20)).run(in, out);
        writer.join();

        assertEquals(lines, out.toString(StandardCharsets.UTF_8).lines().count(), "every line comes out");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(">f+++++++++\tplain-dir7/file399\n"));
        assertEquals(lines, batches.stream().mapToInt(Integer::intValue).sum());
        assertTrue(batches.size() <= lines / 4, "names asked for in " + batches.size() + " batches: " + batches);
    }
}
