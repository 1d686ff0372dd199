package io.revcrypt.sync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.decode.DecodeSummary;
import io.revcrypt.sync.decode.DecodeSummary.PathList;
import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.transport.RsyncExit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The exit code table of the README, from rsync's exit code and the decoder's counts. */
class RunVerdictTest {

    private static final PathList NONE = new PathList(List.of(), 0);

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private RunVerdict verdict(boolean dryRun) {
        return new RunVerdict(Destination.parse("/backup/copy"), dryRun, err);
    }

    private static DecodeSummary.Snapshot counts(PathList errors, PathList vanished, PathList destinationErrors,
                                                 PathList incomplete) {
        return new DecodeSummary.Snapshot(3, 2, 0, 1, 10, 0, errors, vanished, NONE, NONE, destinationErrors,
                OptionalInt.empty(), 1, incomplete);
    }

    private static DecodeSummary.Snapshot clean() {
        return counts(NONE, NONE, NONE, NONE);
    }

    private String stderr() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Nested
    class Done {
        @Test
        void rsyncOkIsExitZeroWithTheCountsAndNothingOnStderr() {
            SyncOutcome o = verdict(false).of(RsyncExit.OK, clean(), 1, 2048, 4096, false);
            assertEquals(ExitCode.OK, o.exitCode());
            assertTrue(o.summary().startsWith("done: 3 created, 3 changed, 1 deleted"), o.summary());
            assertTrue(o.summary().contains("sent") && o.summary().contains("(source "), o.summary());
            assertEquals("", stderr());
            assertEquals(List.of(), o.problems());
        }

        @Test
        void aDryRunSaysNothingChanged() {
            SyncOutcome o = verdict(true).of(RsyncExit.OK, clean(), 0, -1, -1, false);
            assertTrue(o.summary().endsWith("[dry run: nothing changed]"), o.summary());
            assertTrue(!o.summary().contains("sent"), "no byte count where rsync gave none: " + o.summary());
        }

        @Test
        void vanishedFilesAreAWarningNotAFailure() {
            PathList gone = new PathList(List.of("/src/tmp/a"), 1);
            SyncOutcome o = verdict(false).of(RsyncExit.VANISHED, counts(NONE, gone, NONE, NONE), 0, 0, 0, false);
            assertEquals(ExitCode.OK, o.exitCode());
            assertTrue(o.summary().startsWith("done with a warning: ") && o.summary().endsWith("1 vanished"), o.summary());
            assertTrue(stderr().startsWith("revcrypt: warning: 1 file(s) vanished") && stderr().contains("/src/tmp/a"), stderr());
            assertEquals(List.of("/src/tmp/a (vanished)"), o.problems());
        }
    }

    @Nested
    class PartialOrFailed {
        @Test
        void unreadableFilesMakeThePartialExitAndAreNamed() {
            PathList unread = new PathList(List.of("/src/secret"), 1);
            SyncOutcome o = verdict(false).of(RsyncExit.PARTIAL, counts(unread, NONE, NONE, NONE), 0, 0, 0, false);
            assertEquals(ExitCode.PARTIAL, o.exitCode());
            assertTrue(o.summary().startsWith("partial: ") && o.summary().endsWith("1 not copied"), o.summary());
            assertTrue(stderr().contains("could not be read") && stderr().contains("/src/secret"), stderr());
            assertEquals(1, o.notCopied());
        }

        @Test
        void aPathTheDestinationCouldNotWriteFailsTheRun() {
            PathList unwritten = new PathList(List.of("d/x"), 1);
            SyncOutcome o = verdict(false).of(RsyncExit.PARTIAL, counts(NONE, NONE, unwritten, NONE), 0, 0, 0, false);
            assertEquals(ExitCode.FAILED, o.exitCode());
            assertTrue(o.summary().startsWith("failed: the destination could not be written (rsync exit 23)"), o.summary());
        }

        @Test
        void aFullDestinationIsNamedAsSuchWhateverRsyncsCode() {
            SyncOutcome o = verdict(false).of(11, clean(), 0, 0, 0, true);
            assertEquals(ExitCode.FAILED, o.exitCode());
            assertTrue(o.summary().contains("no space left on /backup/copy") && o.summary().contains("nothing was published"),
                    o.summary());
            assertTrue(stderr().contains("(rsync exit code 11)"), stderr());
        }

        @Test
        void anOtherwiseOkRunWithADirectoryCopiedWithoutItsIvIsPartial() {
            PathList noIv = new PathList(List.of("/src/d"), 1);
            SyncOutcome o = verdict(false).of(RsyncExit.OK, counts(NONE, NONE, NONE, noIv), 0, 0, 0, false);
            assertEquals(ExitCode.PARTIAL, o.exitCode());
            assertTrue(o.summary().endsWith("1 incomplete (vanished)"), o.summary());
            assertEquals(List.of("/src/d (incomplete: vanished)"), o.problems());
        }

        @Test
        void noFileThatChangedWhileReadLeavesTheOutcomeAsItWas() {
            SyncOutcome o = verdict(false).of(RsyncExit.OK, clean(), 0, 0, 0, false);
            assertEquals(o, verdict(false).withChangedWhileRead(o, CopyAgain.Result.NONE, null, null, null));
        }
    }
}
