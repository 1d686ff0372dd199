package io.revcrypt.sync.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private static final String PROGRESS_1 = "          5,617   5%  463.60kB/s    0:00:00 (xfr#6, to-chk=3/12)";
    private static final String PROGRESS_2 = "        106,451  99%    1.44MB/s    0:00:00 (xfr#8, to-chk=0/12)";

    @Test
    void offATerminalProgressBecomesAnOccasionalPlainLine(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Path logFile = dir.resolve("run.log");
        List<String> observed = new ArrayList<>();
        try (RunLog log = RunLog.open(logFile);
             OutputSink sink = new OutputSink(new PrintStream(screen, true, StandardCharsets.UTF_8), false, log,
                     observed::add, Duration.ofHours(1))) {
            String input = "\r" + PROGRESS_1 + "\n>f+++++++++\tdocs/a b.txt\n\r" + PROGRESS_2 + "\r" + PROGRESS_2
                    + "\nsent 10 bytes  received 2 bytes  4.00 bytes/sec\n";
            sink.write(input.getBytes(StandardCharsets.UTF_8));
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
            sink.write(("\r" + PROGRESS_1 + "\r>f+++++++++\tx\n").getBytes(StandardCharsets.UTF_8));
        }
        String shown = screen.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("\r" + PROGRESS_1.strip() + "\033[K"), shown);
        assertTrue(shown.contains("\r\033[K>f+++++++++\tx\n"), "an item clears the progress line first: " + shown);
    }
}
