package io.revcrypt.sync.decode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NameJournalTest {

    private static final String LONG_DIR = "XtGX-T9V9TO1oDIfEY235w/gocryptfs.longname.EttnQTX9wxUmlWs6TbyR5mZh00dwu5V_flMcwqSuNpY";
    private static final String CHILD = LONG_DIR + "/9ytKoDCFwZ5WZ8nhuV-GlA";

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void roundTripsNamesWithAnyBytes() throws IOException {
        Path file = dir.resolve("journal");
        byte[] weird = concat("dir one/".getBytes(StandardCharsets.UTF_8),
                new byte[] {'n', '\n', 'l', '\t', (byte) 0xFF, '\r', '#', '\\'}, "L".repeat(240).getBytes(StandardCharsets.US_ASCII));
        NameJournal journal = NameJournal.load(file, warnings::add);
        journal.record(LONG_DIR, weird);
        journal.record(CHILD, concat(weird, "/inside long.txt".getBytes(StandardCharsets.UTF_8)));
        journal.save();

        NameJournal again = NameJournal.load(file, warnings::add);
        assertEquals(2, again.size());
        assertArrayEquals(weird, again.lookup(LONG_DIR).orElseThrow());
        assertTrue(again.lookup("AAAAAAAAAAAAAAAAAAAAAA").isEmpty());
        assertEquals(List.of(), warnings);
    }

    @Test
    void fileIsPrivateAndReplacedAtomically() throws IOException {
        Path file = dir.resolve("state/journal");
        NameJournal journal = NameJournal.load(file, warnings::add);
        journal.record(LONG_DIR, "dir one/x".getBytes(StandardCharsets.UTF_8));
        journal.save();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        journal.record(CHILD, "dir one/x/y".getBytes(StandardCharsets.UTF_8));
        journal.save();
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("# revcrypt name journal v1"), text);
        assertTrue(text.contains(CHILD + "\t"), text);
    }

    @Test
    void missingFileIsAnEmptyJournalAndUnchangedJournalIsNotWritten() throws IOException {
        Path file = dir.resolve("journal");
        NameJournal journal = NameJournal.load(file, warnings::add);
        assertEquals(0, journal.size());
        journal.save();
        assertFalse(Files.exists(file));
    }

    @Test
    void damagedLinesAreSkippedWithOneWarning() throws IOException {
        Path file = dir.resolve("journal");
        String good = CHILD + "\t" + b64("dir one/L/inside") + "\n";
        Files.write(file, concat(
                ("# comment\n"
                        + good
                        + "no tab here\n"
                        + LONG_DIR + "\tnot base64 !!\n"
                        + LONG_DIR + "\t" + b64("one/too/many") + "\n"    // component count differs
                        + "\t" + b64("x") + "\n"                          // empty cipher path
                        + "\n").getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {(byte) 0xFF, '\t', 'x', '\n'},
                (LONG_DIR + "\t" + b64("dir one/L")).getBytes(StandardCharsets.ISO_8859_1))); // cut short: no newline

        NameJournal journal = NameJournal.load(file, warnings::add);
        assertEquals(1, journal.size());
        assertArrayEquals("dir one/L/inside".getBytes(StandardCharsets.UTF_8), journal.lookup(CHILD).orElseThrow());
        assertTrue(journal.lookup(LONG_DIR).isEmpty());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("skipped 6 damaged lines"), warnings.get(0));
    }

    @Test
    void refusesToRecordNonsense() {
        NameJournal journal = NameJournal.inMemory();
        assertThrows(IllegalArgumentException.class, () -> journal.record("a/b", "only-one".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> journal.record("a\tb", "x".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void lookupReturnsACopy() {
        NameJournal journal = NameJournal.inMemory();
        journal.record(LONG_DIR, "a/b".getBytes(StandardCharsets.UTF_8));
        journal.lookup(LONG_DIR).orElseThrow()[0] = 'X';
        assertArrayEquals("a/b".getBytes(StandardCharsets.UTF_8), journal.lookup(LONG_DIR).orElseThrow());
    }

    private static String b64(String plain) {
        return java.util.Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[0];
        for (byte[] part : parts) {
            int at = all.length;
            all = Arrays.copyOf(all, at + part.length);
            System.arraycopy(part, 0, all, at, part.length);
        }
        return all;
    }
}
