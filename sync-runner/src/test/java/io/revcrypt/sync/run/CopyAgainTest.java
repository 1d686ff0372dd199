package io.revcrypt.sync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.revcrypt.core.view.ChangeWatch;
import io.revcrypt.sync.session.RunLog;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report passed from the mount child to the runner, and the passes that copy again what it names. */
class CopyAgainTest {

    @TempDir
    Path dir;

    @Test
    void theReportGivesWhatWasWrittenSinceAMarkOncePerPathAndNoHalfLine() throws Exception {
        ChangedWhileRead report = new ChangedWhileRead(dir.resolve("changed"));
        assertEquals(0, report.mark(), "no report yet");
        ChangeWatch writer = ChangedWhileRead.writer(report.file());
        writer.changedWhileRead("a/b");
        writer.changedWhileRead("a/b"); // a large file reports on every read: written once
        long mark = report.mark();
        writer.changedWhileRead("c");
        Files.writeString(report.file(), "half", StandardOpenOption.APPEND);
        assertEquals(Set.of("a/b", "c"), report.since(0));
        assertEquals(Set.of("c"), report.since(mark));
    }

    @Test
    void passesStopWhenAPassReadsTheFilesUnchangedAndReportWhatNeverSettled() throws Exception {
        ChangedWhileRead report = reportOf("settles", "busy");
        ChangeWatch mount = ChangedWhileRead.writer(report.file());
        List<List<String>> asked = new ArrayList<>();
        try (RunLog log = RunLog.open(dir.resolve("run.log"))) {
            CopyAgain.Result r = new CopyAgain(report, dir, log, paths -> { }).repair(0, filesFrom -> {
                asked.add(Files.readAllLines(filesFrom));
                try {
                    Thread.sleep(600); // the writer repeats a path only after half a second
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
                mount.changedWhileRead("busy");
                return 0;
            });
            assertEquals(Set.of("busy"), r.stillChanging());
            assertEquals(2, r.copiedAgain());
            assertEquals(CopyAgain.TRIES, r.passes());
        }
        assertEquals(List.of("settles", "busy"), asked.get(0));
        assertEquals(List.of("busy"), asked.get(1));
    }

    @Test
    void eachPassDropsTheKernelsCachedPagesOfItsFilesBeforeRsyncReadsThem() throws Exception {
        ChangedWhileRead report = reportOf("a", "b");
        List<String> events = new ArrayList<>();
        try (RunLog log = RunLog.open(dir.resolve("run.log"))) {
            new CopyAgain(report, dir, log, paths -> events.add("drop " + new TreeSet<>(paths)))
                    .repair(0, filesFrom -> {
                        events.add("pass " + Files.readAllLines(filesFrom));
                        return 0;
                    });
        }
        assertEquals(List.of("drop [a, b]", "pass [a, b]"), events);
    }

    /** A report in which the mount has named {@code paths}, in that order. */
    private ChangedWhileRead reportOf(String... paths) {
        ChangedWhileRead report = new ChangedWhileRead(dir.resolve("changed"));
        ChangeWatch mount = ChangedWhileRead.writer(report.file());
        for (String p : paths) {
            mount.changedWhileRead(p);
        }
        return report;
    }
}
