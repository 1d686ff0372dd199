package io.revcrypt.sync.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.decode.NameJournal;
import io.revcrypt.sync.decode.PathDecoder;
import io.revcrypt.sync.decode.PathDecryptor;
import io.revcrypt.sync.decode.RsyncEvent;
import io.revcrypt.sync.decode.RsyncOutputDecoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RsyncRun runs any argv; a shell stands in for rsync so that what it prints is known. */
@Timeout(30)
class RsyncRunTest {

    private static final String CIPHER = "r1wst2nVW7jkoSbLGyt3Wg";

    private final RsyncOutputDecoder decoder = RsyncOutputDecoder.builder(new PathDecoder(cipherPath ->
            new PathDecryptor.Plaintext("hello.txt".getBytes(StandardCharsets.UTF_8), true), NameJournal.inMemory())).build();
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    private final List<RsyncEvent> seen = Collections.synchronizedList(new ArrayList<>());

    private RsyncRun run() {
        OutputSink stdout = new OutputSink(new PrintStream(screen, true, StandardCharsets.UTF_8), false, RunLog.none(),
                line -> seen.add(line.event()), Duration.ofHours(1));
        OutputSink stderr = new OutputSink(new PrintStream(errors, true, StandardCharsets.UTF_8), false, RunLog.none(),
                line -> seen.add(line.event()), Duration.ofHours(1));
        return new RsyncRun(decoder, stdout, stderr);
    }

    @Test
    void bothStreamsAreDecodedIntoTypedEventsAndTheExitCodeIsRsyncs() throws Exception {
        List<Process> running = new ArrayList<>();
        int code = run().lookAhead().gatherStdout(Duration.ofMillis(5)).whileRunning(running::add).run(List.of("sh", "-c",
                "printf '>f+++++++++\\t" + CIPHER + "\\n'; printf 'rsync error: some files (code 23) at main.c(1)\\n' >&2; exit 23"));
        assertEquals(23, code);
        assertEquals(">f+++++++++\thello.txt\n", screen.toString(StandardCharsets.UTF_8));
        assertEquals("rsync error: some files (code 23) at main.c(1)\n", errors.toString(StandardCharsets.UTF_8));
        assertTrue(seen.stream().anyMatch(e -> e instanceof RsyncEvent.Itemized), seen.toString());
        assertTrue(seen.stream().anyMatch(e -> e instanceof RsyncEvent.ExitMessage x && x.code() == 23), seen.toString());
        assertEquals(2, running.size(), "told the process, then that it ended");
        assertNull(running.get(1));
        assertEquals(1, decoder.summary().snapshot().created());
    }

    @Test
    void rsyncsStdinIsClosedSoThatItNeverWaitsForAnAnswer() throws Exception {
        assertEquals(7, run().run(List.of("sh", "-c", "cat; exit 7")));
    }

    @Test
    void aProgramThatCannotBeStartedIsTheRunsFailureInWords() {
        UserException e = assertThrows(UserException.class, () -> run().run(List.of("/nonexistent/rsync", "--version")));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot run rsync (is it installed?): "), e.getMessage());
    }
}
