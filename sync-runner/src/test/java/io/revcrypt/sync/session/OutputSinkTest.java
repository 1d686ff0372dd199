package io.revcrypt.sync.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.sync.decode.DecodedEvent;
import io.revcrypt.sync.decode.DecodedOutput;
import io.revcrypt.sync.decode.RsyncEvent;
import io.revcrypt.sync.decode.RsyncLineParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputSinkTest {

    private static final RsyncLineParser PARSER = new RsyncLineParser();

    private static final String PROGRESS_1 = "          5,617   5%  463.60kB/s    0:00:00 (xfr#6, to-chk=3/12)";
    private static final String PROGRESS_2 = "        106,451  99%    1.44MB/s    0:00:00 (xfr#8, to-chk=0/12)";

    @Test
    void offATerminalProgressBecomesAnOccasionalPlainLine(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Path logFile = dir.resolve("run.log");
        List<String> observed = new ArrayList<>();
        try (RunLog log = RunLog.open(logFile);
             OutputSink sink = new OutputSink(new PrintStream(screen, true, StandardCharsets.UTF_8), false, log,
                     line -> observed.add(line.text()), Duration.ofHours(1))) {
            String input = "\r" + PROGRESS_1 + "\n>f+++++++++\tdocs/a b.txt\n\r" + PROGRESS_2 + "\r" + PROGRESS_2
                    + "\nsent 10 bytes  received 2 bytes  4.00 bytes/sec\n";
            feed(sink, input);
        }
        String shown = screen.toString(StandardCharsets.UTF_8);
        assertFalse(shown.contains("\r"), "no carriage returns in a log or a pipe");
        assertTrue(shown.contains(">f+++++++++\tdocs/a b.txt\n"));
        assertTrue(shown.endsWith("progress: " + PROGRESS_2.strip() + "\n"), shown);
        assertEquals(List.of(">f+++++++++\tdocs/a b.txt", "sent 10 bytes  received 2 bytes  4.00 bytes/sec"), observed);
        List<String> logLines = Files.readAllLines(logFile);
        assertEquals(3, logLines.size(), logLines.toString());
        assertTrue(logLines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z  >f\\+{9}\tdocs/a b.txt"), logLines.get(0));
    }

    @Test
    void onATerminalOneLiveProgressLineStaysBelowTheItems() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (OutputSink sink = new OutputSink(new PrintStream(screen, true, StandardCharsets.UTF_8), true, RunLog.none(),
                s -> { }, Duration.ofSeconds(30))) {
            feed(sink, "\r" + PROGRESS_1 + "\r>f+++++++++\tx\n");
        }
        String shown = screen.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("\r" + PROGRESS_1.strip() + "\033[K"), shown);
        assertTrue(shown.contains("\r\033[K>f+++++++++\tx\n"), "an item clears the progress line first: " + shown);
    }

    @Test
    void progressAndLinesAreToldApartByTheEventNotTheText() {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        List<RsyncEvent> observed = new ArrayList<>();
        try (OutputSink sink = new OutputSink(new PrintStream(screen, true, StandardCharsets.UTF_8), false, RunLog.none(),
                line -> observed.add(line.event()), Duration.ZERO)) {
            // an update ended by \n is still progress; one with an item glued on is a line; \r is always progress
            feed(sink, PROGRESS_1 + "\n" + PROGRESS_2 + ">f+++++++++\tx\n" + "not progress\r");
            // a text that reads like an update but is an item's decoded name stays a line
            sink.accept(new DecodedEvent(PARSER.parse(">f+++++++++\tx"), PROGRESS_1.strip()), '\n');
        }
        String shown = screen.toString(StandardCharsets.UTF_8);
        assertEquals("progress: " + PROGRESS_1.strip() + "\n" + PROGRESS_2 + ">f+++++++++\tx\n"
                + "progress: not progress\n" + PROGRESS_1.strip() + "\n" + "progress: not progress\n", shown);
        assertEquals(2, observed.size(), observed.toString());
        assertTrue(observed.get(0) instanceof RsyncEvent.Progress p && p.then().orElseThrow() instanceof RsyncEvent.Itemized,
                "the glued item reaches the observer typed: " + observed);
        assertTrue(observed.get(1) instanceof RsyncEvent.Itemized, observed.toString());
    }

    @Test
    void piecesOfOneSegmentBecomeOneLineAtItsTerminator() {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        List<String> observed = new ArrayList<>();
        try (OutputSink sink = new OutputSink(new PrintStream(screen, true, StandardCharsets.UTF_8), false, RunLog.none(),
                line -> observed.add(line.text()), Duration.ofHours(1))) {
            sink.accept(new DecodedEvent(new RsyncEvent.Other("xxxx"), "xxxx"), DecodedOutput.NO_TERMINATOR);
            sink.accept(new DecodedEvent(new RsyncEvent.Other("yy"), "yy"), '\n');
            sink.accept(DecodedEvent.EMPTY, '\n');
            sink.accept(new DecodedEvent(PARSER.parse(">f+++++++++\tlast"), ">f+++++++++\tlast"),
                    DecodedOutput.NO_TERMINATOR);
        }
        assertEquals(List.of("xxxxyy", ">f+++++++++\tlast"), observed, "an empty segment is no line; the last "
                + "one without a terminator is ended at close");
        assertEquals("xxxxyy\n>f+++++++++\tlast\n", screen.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theTargetsCreatedDirectoryLineIsLoggedButNeitherShownNorObserved(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Path logFile = dir.resolve("run.log");
        List<String> observed = new ArrayList<>();
        try (RunLog log = RunLog.open(logFile);
             OutputSink sink = new OutputSink(new PrintStream(screen, true, StandardCharsets.UTF_8), false, log,
                     line -> observed.add(line.text()), Duration.ofHours(1))
                     .logOnly(CreatedTargetLine.of("/backup/disk/.inprogress/"))) {
            feed(sink, "created directory /backup/disk/.inprogress\ncd+++++++++\t./\n"
                    + "created directory /backup/disk/.inprogress/mine\ncd+++++++++\tmine/\n");
        }
        String shown = screen.toString(StandardCharsets.UTF_8);
        assertFalse(shown.contains("created directory /backup/disk/.inprogress\n"), shown);
        assertEquals("cd+++++++++\t./\ncreated directory /backup/disk/.inprogress/mine\ncd+++++++++\tmine/\n", shown,
                "only the target's own line is hidden; any other line, and the person's new directory, is shown");
        assertEquals(List.of("cd+++++++++\t./", "created directory /backup/disk/.inprogress/mine", "cd+++++++++\tmine/"),
                observed);
        assertTrue(Files.readString(logFile).contains("created directory /backup/disk/.inprogress\n"),
                "the log keeps every line");
    }

    @Test
    void theCreatedDirectoryLineOfARemoteTargetNamesItsPath() {
        CreatedTargetLine remote = CreatedTargetLine.of("me@host:backups/laptop/");
        assertTrue(remote.test(segment("created directory backups/laptop")));
        assertFalse(remote.test(segment("created directory me@host:backups/laptop")));
        assertFalse(remote.test(segment("created directory backups/laptop/x")));
        assertTrue(CreatedTargetLine.of("/d").test(segment("created directory /d")));
        assertFalse(CreatedTargetLine.of("/d").test(segment("cd+++++++++\t/d/")));
    }

    /**
     * What a DecodeFilter hands the sink for {@code output}: each segment classified, with its
     * terminator (the text is its own decoding: these lines name no cipher paths).
     */
    static void feed(OutputSink sink, String output) {
        int start = 0;
        for (int i = 0; i < output.length(); i++) {
            char c = output.charAt(i);
            if (c == '\n' || c == '\r') {
                sink.accept(segment(output.substring(start, i)), c);
                start = i + 1;
            }
        }
        if (start < output.length()) {
            sink.accept(segment(output.substring(start)), DecodedOutput.NO_TERMINATOR);
        }
        sink.flush();
    }

    private static DecodedEvent segment(String text) {
        return text.isEmpty() ? DecodedEvent.EMPTY : new DecodedEvent(PARSER.parse(text), text);
    }
}
