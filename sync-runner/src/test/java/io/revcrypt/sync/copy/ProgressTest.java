package io.revcrypt.sync.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {

    final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    final ByteArrayOutputStream errors = new ByteArrayOutputStream();

    Progress progress(boolean terminal, Duration plainEvery) {
        return new Progress(new PrintStream(screen, true, StandardCharsets.UTF_8), terminal, "restored", plainEvery);
    }

    String screen() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theLineSaysFilesBytesShareAndRate() {
        Progress p = progress(false, Duration.ofSeconds(30));
        p.total(4, 4_000_000);
        p.addBytes(1_000_000);
        p.fileDone();
        String line = p.render();
        assertTrue(line.startsWith("restored 1 of 4 files, 1.0 MB of 4.0 MB (25%), "), line);
        assertTrue(line.matches(".*, [0-9.]+ [kMG]?B/s.*"), line);
        p.phase("fetching batch 2 of 3, 256 MB");
        assertTrue(p.render().endsWith(" (fetching batch 2 of 3, 256 MB)"), p.render());
    }

    @Test
    void aSkippedFileLeavesTheTotal() {
        Progress p = progress(false, Duration.ofSeconds(30));
        p.total(2, 2000);
        p.skip(1000);
        assertTrue(p.render().startsWith("restored 0 of 1 files, 0 B of 1.0 kB (0%)"), p.render());
    }

    @Test
    void onATerminalTheLiveLineIsRedrawnAndProblemsGoAboveIt() throws Exception {
        Progress p = progress(true, Duration.ofSeconds(30)).start();
        p.total(1, 100);
        for (int i = 0; i < 200 && !screen().contains("\r"); i++) {
            Thread.sleep(50);
        }
        assertTrue(screen().startsWith("\rrestored 0 of 1 files"), screen());
        p.println(new PrintStream(errors, true, StandardCharsets.UTF_8), "revcrypt: damaged: x: block 1");
        p.close();
        assertEquals("revcrypt: damaged: x: block 1\n", errors.toString(StandardCharsets.UTF_8));
        assertTrue(screen().contains("\r\033[K"), "the live line is cleared before the problem line");
        assertTrue(screen().endsWith("\r\033[K"), "and cleared at the end");
    }

    @Test
    void offATerminalPlainLinesComeNowAndThenWithoutCarriageReturns() throws Exception {
        Progress p = progress(false, Duration.ofMillis(10)).start();
        p.total(1, 100);
        for (int i = 0; i < 200 && !screen().contains("progress: "); i++) {
            Thread.sleep(50);
        }
        p.close();
        assertTrue(screen().startsWith("progress: restored 0 of 1 files"), screen());
        assertFalse(screen().contains("\r"), screen());
    }

    @Test
    void durationsReadLikeAPersonWouldSayThem() {
        assertEquals("42 s", Progress.duration(42));
        assertEquals("2 min 5 s", Progress.duration(125));
        assertEquals("1 h 1 min", Progress.duration(3660));
    }
}
