package io.revcrypt.sync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.RuntimeDirs;
import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.decode.CtlClient;
import io.revcrypt.sync.decode.DecodeFilter;
import io.revcrypt.sync.decode.RsyncOutputDecoder;
import io.revcrypt.sync.session.DestinationCheck;
import io.revcrypt.sync.session.MountProcess;
import io.revcrypt.sync.session.MountSpec;
import io.revcrypt.sync.session.MountedView;
import io.revcrypt.sync.session.OutputSink;
import io.revcrypt.sync.session.RunSession;
import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.transport.SshTransport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SyncRun}'s orchestration over fakes of its parts ({@link SyncParts}): the session's
 * steps, the target's hooks and each rsync are recorded in one list, in the order the run takes
 * them, so that a test says what happens, what a failure skips and that everything is released
 * once, at the end. The output decoding and the verdict are the real ones, fed rsync's words.
 * Real rsync, FUSE and ssh are tested in native-tests (SyncUsageIT, MountChildDeathIT, ...).
 */
class SyncRunTest {

    private static final byte[] CONF = "{\"EncryptedKey\":\"a2V5\"}".getBytes(StandardCharsets.UTF_8);
    private static final String STATS = "sent 1,234 bytes  received 56 bytes  2,580.00 bytes/sec\n"
            + "total size is 4,096  speedup is 3.18\n";

    @TempDir
    Path tmp;
    Path source;
    Path view;
    Destination dest;
    final List<String> steps = Collections.synchronizedList(new ArrayList<>());
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    FakeSession session;
    FakeTarget target;
    FakeRsync rsync;

    @BeforeEach
    void parts() throws IOException {
        source = Files.createDirectory(tmp.resolve("src"));
        view = Files.createDirectory(tmp.resolve("view"));
        dest = Destination.parse(tmp.resolve("dest").toString());
        session = new FakeSession(Files.createDirectory(tmp.resolve("run")));
        target = new FakeTarget();
        rsync = new FakeRsync();
    }

    private SyncOutcome run(boolean dryRun) throws IOException {
        SyncSettings settings = new SyncSettings("unit", source, dest, null, List.of(), List.of(), List.of(), List.of(),
                dryRun, null, List.of(), SyncSettings.MIRROR, null);
        SyncParts parts = new SyncParts((d, sshOptions, log, notes) -> session,
                (s, runSession, early, linkStart, err) -> target, rsync, () -> RuntimeDirs.privateDir(tmp.resolve("state")));
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        return new SyncRun(settings, List.of("java"), out, err, false, parts).run("secret".getBytes(StandardCharsets.UTF_8),
                false);
    }

    private SyncOutcome run() throws IOException {
        return run(false);
    }

    private String stderr() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Nested
    class StepsInOrder {

        @Test
        void aMirrorRunLocksMountsChecksCopiesPublishesAndThenReleasesOnce() throws IOException {
            rsync.replies.add(Reply.exit(0, STATS, ""));

            SyncOutcome outcome = run();

            assertEquals(List.of("lock on this machine", "mark in progress", "connect", "lock at destination if ours",
                    "mount", "control client", "prepare", "lock at destination once checked", "before rsync", "rsync",
                    "mount begins to close", "after rsync", "deletions since base", "publish (exit 0)", "release"), steps);
            assertEquals(1, session.releases);
            assertEquals(ExitCode.OK, outcome.exitCode());
        }

        @Test
        void aDryRunMarksNoRunInProgressAndAsksRsyncForADryRun() throws IOException {
            rsync.replies.add(Reply.exit(0, STATS, ""));

            SyncOutcome outcome = run(true);

            assertFalse(steps.contains("mark in progress"), steps::toString);
            assertTrue(rsync.argvs.get(0).contains("--dry-run"), rsync.argvs::toString);
            assertTrue(outcome.summary().contains("[dry run: nothing changed]"), outcome.summary());
        }

        @Test
        void aTargetThatReadsTheViewAfterRsyncKeepsTheMountUpToTheEnd() throws IOException {
            target.readsViewAfterRsync = true;
            rsync.replies.add(Reply.exit(0, STATS, ""));

            run();

            assertFalse(steps.contains("mount begins to close"), steps::toString);
            assertEquals("release", steps.get(steps.size() - 1));
        }

        @Test
        void rsyncCopiesTheMountedViewIntoTheTargetsDirectory() throws IOException {
            rsync.replies.add(Reply.exit(0, STATS, ""));

            run();

            List<String> argv = rsync.argvs.get(0);
            assertEquals(List.of(view + "/", target.rsyncTarget()), argv.subList(argv.size() - 2, argv.size()), argv::toString);
        }

        @Test
        void theDeletionCountOfTheTargetIsOneMoreRsyncAndItsCountIsTheSummarys() throws IOException {
            target.countDeletionsAgainst = "base/";
            rsync.replies.add(Reply.exit(0, STATS, ""));
            // the count is of the person's files (gocryptfs's virtual files are not): two cipher names
            rsync.replies.add(Reply.exit(0, "*deleting\tAAAAAAAAAAAAAAAAAAAAAA\n*deleting\tBBBBBBBBBBBBBBBBBBBBBB\n", ""));

            SyncOutcome outcome = run();

            assertEquals(2, rsync.argvs.size(), "the run's rsync and the deletion pass");
            assertEquals(2, outcome.deleted());
            assertTrue(outcome.summary().contains(", 2 deleted"), outcome.summary());
        }
    }

    @Nested
    class WhenSomethingFails {

        @Test
        void aFailingRsyncPublishesNothingAsksNoDeletionCountAndStillReleasesOnceAtTheEnd() throws IOException {
            rsync.replies.add(Reply.exit(12, "", "rsync error: error in rsync protocol data stream (code 12)\n"));

            SyncOutcome outcome = run();

            assertEquals(ExitCode.FAILED, outcome.exitCode());
            assertFalse(steps.contains("deletions since base"), "asked only after an rsync that copied: " + steps);
            assertEquals(List.of("publish (exit 1)"), steps.stream().filter(s -> s.startsWith("publish")).toList(),
                    "the target is told the run failed, and publishes nothing");
            assertNull(outcome.snapshot());
            assertEquals(List.of("rsync", "mount begins to close", "after rsync", "publish (exit 1)", "release"),
                    steps.subList(steps.indexOf("rsync"), steps.size()));
            assertEquals(1, session.releases);
        }

        @Test
        void anRsyncThatCannotStartEndsTheRunAndReleasesOnce() {
            rsync.replies.add(Reply.failing(UserException.failed("cannot run rsync (is it installed?): gone")));

            UserException e = assertThrows(UserException.class, SyncRunTest.this::run);

            assertEquals(ExitCode.FAILED, e.exitCode());
            assertTrue(steps.stream().noneMatch(s -> s.startsWith("publish") || s.equals("after rsync")), steps::toString);
            assertEquals("release", steps.get(steps.size() - 1));
            assertEquals(1, session.releases);
        }

        @Test
        void aBeforeRsyncHookThatFailsCopiesNothing() {
            target.beforeRsyncFails = new IOException("cannot fill the snapshot from its base");

            IOException e = assertThrows(IOException.class, SyncRunTest.this::run);

            assertEquals("cannot fill the snapshot from its base", e.getMessage());
            assertEquals(List.of(), rsync.argvs, "no rsync once the hook failed");
            assertTrue(steps.stream().noneMatch(s -> s.startsWith("publish")), steps::toString);
            assertEquals(List.of("before rsync", "release"), steps.subList(steps.size() - 2, steps.size()));
            assertEquals(1, session.releases);
        }

        @Test
        void aDestinationTheCheckRefusesIsAUsageErrorAndNothingIsLockedThereOrCopied() {
            target.prepareRefuses = new DestinationCheck.RefusedException("the destination holds someone's files");

            UserException e = assertThrows(UserException.class, SyncRunTest.this::run);

            assertEquals(ExitCode.USAGE, e.exitCode());
            assertEquals("the destination holds someone's files", e.getMessage());
            assertFalse(steps.contains("lock at destination once checked"), steps::toString);
            assertEquals(List.of(), rsync.argvs);
            assertEquals(List.of("prepare", "release"), steps.subList(steps.size() - 2, steps.size()));
        }

        @Test
        void aDestinationThatCannotBeReachedForTheCheckCopiesNothing() {
            target.prepareFails = new IOException("Connection refused");

            UserException e = assertThrows(UserException.class, SyncRunTest.this::run);

            assertEquals(ExitCode.FAILED, e.exitCode());
            assertEquals("cannot reach the destination " + dest + ": Connection refused", e.getMessage());
            assertEquals(List.of(), rsync.argvs);
            assertEquals(1, session.releases);
        }

        @Test
        void aMountThatDiedDuringRsyncFailsTheRunBeforeAnythingIsPublished() {
            rsync.replies.add(Reply.exit(23, STATS, "rsync: [sender] read errors mapping \"" + view
                    + "/gocryptfs.conf\": Transport endpoint is not connected (107)\n"));
            rsync.whileRunning = () -> session.mount.failure = "the mount process (pid 7) was killed by signal 9 (SIGKILL)";

            UserException e = assertThrows(UserException.class, SyncRunTest.this::run);

            assertEquals(ExitCode.FAILED, e.exitCode());
            assertEquals("the view went away during the run: the mount process (pid 7) was killed by signal 9 (SIGKILL)."
                    + " Nothing was published (" + target.keptWhenNothingIsPublished() + "); run the sync again", e.getMessage());
            assertTrue(steps.stream().noneMatch(s -> s.startsWith("publish") || s.equals("after rsync")), steps::toString);
            assertEquals(List.of("rsync", "release"), steps.subList(steps.size() - 2, steps.size()));
        }

        @Test
        void aMountThatDiesStopsTheRsyncThatReadsIt() throws IOException {
            rsync.replies.add(Reply.exit(0, STATS, ""));
            rsync.whileRunning = () -> session.mount.unexpectedExit.run();

            run();

            assertTrue(rsync.destroyed, "rsync would read errors from the dead view to the end");
        }

        @Test
        void aPublishThatFailsIsExitOneWithTheReasonBeforeTheSummary() throws IOException {
            rsync.replies.add(Reply.exit(0, STATS, ""));
            target.publishFails = new IOException("cannot rename .inprogress");

            SyncOutcome outcome = run();

            assertEquals(ExitCode.FAILED, outcome.exitCode());
            assertTrue(outcome.summary().startsWith("failed to publish: done: "), outcome.summary());
            assertTrue(stderr().contains("revcrypt: cannot rename .inprogress"), stderr());
            assertEquals(1, session.releases);
        }
    }

    @Nested
    class ExitCodeAndSummary {

        @Test
        void aCleanRsyncIsExitZeroWithRsyncsCountsAndTheTimeTaken() throws IOException {
            rsync.replies.add(Reply.exit(0, ">f+++++++++\tAAAAAAAAAAAAAAAAAAAAAA\n" + STATS, ""));

            SyncOutcome outcome = run();

            assertEquals(ExitCode.OK, outcome.exitCode());
            assertTrue(outcome.summary().matches("done: 1 created, 0 changed, 0 deleted, \\S+ \\S+ sent \\(source \\S+ \\S+\\)"
                    + " in \\d+\\.\\d s"), outcome.summary());
            assertEquals(1, outcome.created());
            assertEquals(1234, outcome.bytesSent());
        }

        @Test
        void anRsyncThatCouldNotReadAFileIsPartialExitThreeAndNamesIt() throws IOException {
            rsync.replies.add(Reply.exit(23, STATS, "rsync: [sender] send_files failed to open \"" + view
                    + "/gocryptfs.conf\": Permission denied (13)\n"));

            SyncOutcome outcome = run();

            assertEquals(ExitCode.PARTIAL, outcome.exitCode());
            assertTrue(outcome.summary().startsWith("partial: 0 created, 0 changed, 0 deleted, "), outcome.summary());
            assertTrue(outcome.summary().contains(", 1 not copied in "), outcome.summary());
            assertEquals(1, outcome.notCopied());
            assertTrue(stderr().contains("1 file(s) could not be read and were not copied"), stderr());
            assertEquals(List.of("publish (exit 3)"), steps.stream().filter(s -> s.startsWith("publish")).toList(),
                    "a partial run publishes what it copied");
        }

        @Test
        void whatPublishingDidIsAddedToTheSummaryAndTheOutcome() throws IOException {
            rsync.replies.add(Reply.exit(0, STATS, ""));
            target.published = new CopyTarget.Published("published 2026-12-07T153000Z", "2026-12-07T153000Z");

            SyncOutcome outcome = run();

            assertEquals("2026-12-07T153000Z", outcome.snapshot());
            // publishing's words come before the time the whole run took
            assertTrue(outcome.summary().matches("done: .*; published 2026-12-07T153000Z in \\d+\\.\\d s"), outcome.summary());
        }

        @Test
        void theSummaryIsTheLogsLastLineWithTheExitCode() throws IOException {
            rsync.replies.add(Reply.exit(24, STATS, ""));

            SyncOutcome outcome = run();

            List<String> lines = Files.readAllLines(Path.of(outcome.log()));
            assertEquals("summary: " + outcome.summary() + "; exit 0", lines.get(lines.size() - 1).replaceFirst("^\\S+ +", ""));
        }
    }

    // ---------------------------------------------------------------- the fakes

    /** The session's steps, recorded; release is one step, whose order of parts ViewSessionTest checks. */
    final class FakeSession implements RunSession {
        final Path runDirectory;
        FakeMount mount;
        int releases;

        FakeSession(Path runDirectory) {
            this.runDirectory = runDirectory;
        }

        @Override
        public Path runDirectory() {
            return runDirectory;
        }

        @Override
        public void stopFirst(Runnable stop) {
            steps.add("stop first");
        }

        @Override
        public void lockOnThisMachine() {
            steps.add("lock on this machine");
        }

        @Override
        public void markInProgress() {
            steps.add("mark in progress");
        }

        @Override
        public SshTransport connect() {
            steps.add("connect");
            return null;
        }

        @Override
        public SshTransport ssh() {
            return null;
        }

        @Override
        public void lockAtDestinationIfOurs(boolean snapshots, boolean dryRun) {
            steps.add("lock at destination if ours");
        }

        @Override
        public void lockAtDestinationOnceChecked(boolean snapshots, boolean dryRun) {
            steps.add("lock at destination once checked");
        }

        @Override
        public MountedView startMount(List<String> javaCommand, MountSpec spec, byte[] secret, boolean masterKey,
                                      MountProcess.ChildLog childLog) {
            steps.add("mount");
            mount = new FakeMount();
            return mount;
        }

        @Override
        public MountedView mount() {
            return mount;
        }

        @Override
        public CtlClient controlClient() {
            steps.add("control client");
            return new CtlClient(runDirectory.resolve("ctl.sock"), Duration.ofSeconds(1)); // connects on first use only
        }

        @Override
        public byte[] viewConfig() {
            return CONF;
        }

        @Override
        public DestinationCheck destinationCheck() {
            return new DestinationCheck(DestinationCheck.local());
        }

        @Override
        public void close() {
            steps.add("release");
            releases++;
        }
    }

    final class FakeMount implements MountedView {
        volatile String failure;
        Runnable unexpectedExit = () -> { };

        @Override
        public Path mountPoint() {
            return view;
        }

        @Override
        public Optional<String> failure() {
            return Optional.ofNullable(failure);
        }

        @Override
        public void onUnexpectedExit(Runnable action) {
            unexpectedExit = action;
        }

        @Override
        public void beginClose() {
            steps.add("mount begins to close");
        }
    }

    /** Records its hooks; each may be told to fail. */
    final class FakeTarget implements CopyTarget {
        IOException prepareFails;
        DestinationCheck.RefusedException prepareRefuses;
        IOException beforeRsyncFails;
        IOException publishFails;
        boolean readsViewAfterRsync;
        String countDeletionsAgainst;
        Published published = Published.NOTHING;

        @Override
        public void prepare(byte[] viewConfig, CtlClient ctl) throws IOException, DestinationCheck.RefusedException {
            steps.add("prepare");
            if (prepareRefuses != null) {
                throw prepareRefuses;
            }
            if (prepareFails != null) {
                throw prepareFails;
            }
        }

        @Override
        public void beforeRsync(Path view, Consumer<String> log) throws IOException {
            steps.add("before rsync");
            if (beforeRsyncFails != null) {
                throw beforeRsyncFails;
            }
        }

        @Override
        public String rsyncTarget() {
            return dest.rsyncArg("");
        }

        @Override
        public List<String> linkDests() {
            return List.of();
        }

        @Override
        public boolean delayUpdates() {
            return false;
        }

        @Override
        public boolean readsViewAfterRsync() {
            return readsViewAfterRsync;
        }

        @Override
        public void afterRsync(Consumer<String> log) {
            steps.add("after rsync");
        }

        @Override
        public OptionalLong deletionsSinceBase(DeletionCount count) throws IOException {
            steps.add("deletions since base");
            return countDeletionsAgainst == null ? OptionalLong.empty() : count.against(countDeletionsAgainst);
        }

        @Override
        public String keptWhenNothingIsPublished() {
            return "the fake destination keeps what it had";
        }

        @Override
        public Published publish(SyncOutcome outcome, RunFacts facts, ViewPass pass) throws IOException {
            steps.add("publish (exit " + outcome.exitCode() + ")");
            if (publishFails != null) {
                throw publishFails;
            }
            return published;
        }
    }

    /** What one rsync says and how it ends, or that it cannot start. */
    record Reply(int code, String stdout, String stderr, UserException refused) {
        static Reply exit(int code, String stdout, String stderr) {
            return new Reply(code, stdout, stderr, null);
        }

        static Reply failing(UserException e) {
            return new Reply(0, "", "", e);
        }
    }

    /** Plays its replies, one an rsync, through the run's own decoder and sinks, as RsyncRun's pumps would. */
    final class FakeRsync implements SyncParts.Rsync {
        final Deque<Reply> replies = new ArrayDeque<>();
        final List<List<String>> argvs = new ArrayList<>();
        Runnable whileRunning = () -> { };
        volatile boolean destroyed;

        @Override
        public int run(List<String> argv, RsyncOutputDecoder decoder, OutputSink stdout, OutputSink stderr,
                       Duration gatherStdout, Consumer<Process> running) throws IOException {
            Reply reply = replies.remove();
            if (reply.refused() != null) {
                throw reply.refused();
            }
            argvs.add(argv);
            if (argvs.size() == 1) {
                steps.add("rsync");
            }
            running.accept(new StoppableProcess());
            try {
                whileRunning.run();
                new DecodeFilter(decoder, false, Duration.ZERO).run(bytes(reply.stdout()), stdout);
                new DecodeFilter(decoder, false, Duration.ZERO).run(bytes(reply.stderr()), stderr);
                return reply.code();
            } finally {
                running.accept(null);
                stdout.close();
                stderr.close();
            }
        }

        private static ByteArrayInputStream bytes(String text) {
            return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        }

        /** Only {@link #destroy} is asked of it: by the run, when the mount dies. */
        final class StoppableProcess extends Process {
            @Override
            public void destroy() {
                destroyed = true;
            }

            @Override
            public OutputStream getOutputStream() {
                return OutputStream.nullOutputStream();
            }

            @Override
            public InputStream getInputStream() {
                return InputStream.nullInputStream();
            }

            @Override
            public InputStream getErrorStream() {
                return InputStream.nullInputStream();
            }

            @Override
            public int waitFor() {
                return 0;
            }

            @Override
            public int exitValue() {
                return 0;
            }
        }
    }
}
