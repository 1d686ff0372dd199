package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.OpsEnv;
import io.revcrypt.it.support.OpsTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Run logs (issue 6): one file per run under {@code $REVCRYPT_STATE_DIR/logs/<job>/}, whose last
 * line is the run's summary, and only the newest 50 are kept.
 *
 * <p>Only runs that get as far as taking the destination's lock write a log (a missing source fails
 * before that), and a real run takes seconds, so 51 runs are not made here: the directory is filled
 * with 60 older logs (log names sort by their UTC stamp) and one more run must leave exactly 50 —
 * its own, the earlier real one, and the 48 newest of the old ones.
 */
class OpsLogsIT {

    private static final int KEPT = 50;

    @RegisterExtension
    final OpsEnv ops = OpsEnv.perTest();

    @Test
    @Timeout(120)
    void oneLogPerRunEndingWithTheSummaryAndTheNewest50Kept() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path dest = ops.path("mirror");

        CommandResult first = ops.syncOk(src, dest.toString());
        Path jobLogs = onlyJobDirectory();
        List<Path> afterFirst = logs(jobLogs);
        assertEquals(1, afterFirst.size(), "one log for one run: " + afterFirst);
        Path firstLog = afterFirst.get(0);
        assertLastLineIsSummary(firstLog, first, 0);

        List<String> old = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String name = String.format("2020-01-01T%02d%02d00Z-%d.log", i / 60, i % 60, 1000 + i);
            Files.writeString(jobLogs.resolve(name), "an old run\n");
            old.add(name);
        }
        OpsTrees.change(src, "v2\n");
        CommandResult second = ops.syncOk(src, dest.toString());

        List<Path> now = logs(jobLogs);
        assertEquals(KEPT, now.size(), "only the newest " + KEPT + " logs are kept");
        Set<Path> expected = new HashSet<>();
        expected.add(firstLog);
        old.subList(old.size() - (KEPT - 2), old.size()).forEach(n -> expected.add(jobLogs.resolve(n)));
        List<Path> secondLogs = now.stream().filter(p -> !expected.contains(p)).toList();
        assertEquals(1, secondLogs.size(), "the second run's own log, besides the kept ones: " + secondLogs);
        assertTrue(now.containsAll(expected), "the newest of the old logs and the first run's are kept: " + now);
        assertLastLineIsSummary(secondLogs.get(0), second, 0);
    }

    private Path onlyJobDirectory() throws IOException {
        try (Stream<Path> dirs = Files.list(ops.stateDir().resolve("logs"))) {
            List<Path> all = dirs.toList();
            assertEquals(1, all.size(), "one log directory for the one job: " + all);
            return all.get(0);
        }
    }

    private static List<Path> logs(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    /** The last line is {@code <time>  summary: <what the run printed>; exit N}. */
    private static void assertLastLineIsSummary(Path log, CommandResult run, int exitCode) throws IOException {
        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.size() > 2, "the log holds the transcript: " + lines);
        String last = lines.get(lines.size() - 1);
        String printed = run.stdout().lines().filter(l -> l.startsWith("revcrypt: done")).findFirst()
                .orElseThrow(() -> new AssertionError("no summary printed:\n" + run.describe()))
                .substring("revcrypt: ".length());
        assertTrue(last.contains("  summary: " + printed + "; exit " + exitCode),
                "the last line of " + log + " is the summary the run printed (" + printed + "): " + last);
    }
}
