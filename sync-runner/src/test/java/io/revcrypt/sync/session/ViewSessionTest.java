package io.revcrypt.sync.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.session.ViewSession.Part;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session releases what it holds once, in one order, whoever asks first (the run's own thread
 * or the shutdown hook). The order is orchestration, so most of it is checked with fakes in the
 * parts' places; the lock at a local destination is the real one.
 */
class ViewSessionTest {

    @TempDir
    Path tmp;
    Path runDirectory;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void runDirectory() throws IOException {
        runDirectory = Files.createDirectories(tmp.resolve("run/sync-1"));
    }

    ViewSession session(Path destination) {
        return ViewSession.forTest(runDirectory, Destination.parse(destination.toString()), log::add, log::add);
    }

    @Nested
    class ReleaseOrder {

        final List<Part> released = Collections.synchronizedList(new ArrayList<>());

        void holdFake(ViewSession session, Part part) {
            session.hold(part, () -> released.add(part));
        }

        @Test
        void everyPartGoesInTheOrderTheRunNeedsWhateverOrderItWasTakenIn() {
            ViewSession session = session(tmp.resolve("dest"));
            for (Part part : List.of(Part.MOUNT, Part.LOCAL_LOCK, Part.SSH, Part.CALLERS_WORK, Part.IN_PROGRESS,
                    Part.LOCK_AT_DESTINATION, Part.CONTROL_CLIENT, Part.RUN_DIRECTORY)) {
                holdFake(session, part);
            }

            session.close();

            assertEquals(List.of(Part.CALLERS_WORK, Part.CONTROL_CLIENT, Part.MOUNT, Part.LOCK_AT_DESTINATION, Part.SSH,
                    Part.RUN_DIRECTORY, Part.IN_PROGRESS, Part.LOCAL_LOCK), released);
            // the rules behind that order, as SyncRun's cleanup spelled them
            assertBefore(Part.CALLERS_WORK, Part.LOCAL_LOCK, "early links stop before the lock goes");
            assertBefore(Part.LOCK_AT_DESTINATION, Part.SSH, "the lock at the destination closes while ssh is up");
            assertBefore(Part.MOUNT, Part.LOCK_AT_DESTINATION, "nothing writes to DEST once its lock is gone");
            assertBefore(Part.IN_PROGRESS, Part.LOCAL_LOCK, "the in-progress mark ends while the lock is held");
        }

        private void assertBefore(Part first, Part then, String why) {
            assertTrue(released.indexOf(first) < released.indexOf(then), why + ": " + released);
        }

        @Test
        void aSecondCloseReleasesNothingAgain() {
            ViewSession session = session(tmp.resolve("dest"));
            holdFake(session, Part.MOUNT);
            holdFake(session, Part.LOCAL_LOCK);

            session.close();
            session.close();

            assertEquals(List.of(Part.MOUNT, Part.LOCAL_LOCK), released);
        }

        @Test
        void theHookThatComesSecondWaitsForTheReleaseUnderWayAndDoesNothing() throws Exception {
            ViewSession session = session(tmp.resolve("dest"));
            CountDownLatch mountClosing = new CountDownLatch(1);
            CountDownLatch letItFinish = new CountDownLatch(1);
            session.hold(Part.MOUNT, () -> {
                released.add(Part.MOUNT);
                mountClosing.countDown();
                await(letItFinish);
            });
            holdFake(session, Part.LOCAL_LOCK);
            Thread main = new Thread(session::close, "main");
            main.start();
            assertTrue(mountClosing.await(10, TimeUnit.SECONDS));
            Thread hook = new Thread(session::close, "hook");
            hook.start();

            hook.join(300);
            assertTrue(hook.isAlive(), "the hook must not let the JVM exit while the lock is still held");
            letItFinish.countDown();
            main.join(10_000);
            hook.join(10_000);

            assertFalse(main.isAlive() || hook.isAlive());
            assertEquals(List.of(Part.MOUNT, Part.LOCAL_LOCK), released);
        }

        @Test
        void aPartThatFailsToCloseDoesNotKeepTheLocksAfterIt() {
            ViewSession session = session(tmp.resolve("dest"));
            session.hold(Part.MOUNT, () -> {
                throw new IllegalStateException("the child would not stop");
            });
            holdFake(session, Part.IN_PROGRESS);
            holdFake(session, Part.LOCAL_LOCK);

            IllegalStateException e = assertThrows(IllegalStateException.class, session::close);

            assertEquals("the child would not stop", e.getMessage());
            assertEquals(List.of(Part.IN_PROGRESS, Part.LOCAL_LOCK), released);
        }

        @Test
        void somethingTakenAfterTheHookReleasedEverythingIsReleasedAtOnce() {
            ViewSession session = session(tmp.resolve("dest"));
            session.close();

            holdFake(session, Part.MOUNT);

            assertEquals(List.of(Part.MOUNT), released);
        }
    }

    @Nested
    class RealParts {

        @Test
        void theRunDirectoryIsRemovedOnClose() throws IOException {
            Files.writeString(runDirectory.resolve("changed-while-read"), "x\n");
            ViewSession session = session(tmp.resolve("dest"));

            session.close();

            assertFalse(Files.exists(runDirectory));
        }

        @Test
        void theLockAtALocalMirrorIsHeldUntilCloseAndThenGone() throws IOException {
            Path dest = Files.createDirectories(tmp.resolve("dest"));
            ViewSession first = session(dest);
            first.lockAtDestinationIfOurs(false, false);
            assertEquals(1, lockFiles(dest).size());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("locked " + dest + "/" + LockAtDestination.PREFIX)), log::toString);

            Path otherRun = Files.createDirectories(tmp.resolve("run/sync-2"));
            ViewSession second = ViewSession.forTest(otherRun, Destination.parse(dest.toString()), l -> { }, l -> { });
            UserException refused = assertThrows(UserException.class, () -> second.lockAtDestinationIfOurs(false, false));
            assertEquals(ExitCode.LOCKED, refused.exitCode());
            second.close();

            first.close();

            assertEquals(List.of(), lockFiles(dest));
        }

        @Test
        void aDestinationThatIsNotOursGetsNoLockBeforeTheCheckButOneAfterIt() throws IOException {
            Path dest = Files.createDirectories(tmp.resolve("dest"));
            Files.writeString(dest.resolve("someones-file.txt"), "not ours\n");
            ViewSession session = session(dest);

            session.lockAtDestinationIfOurs(false, false);
            assertEquals(List.of(), lockFiles(dest), "nothing is written to a directory the check may refuse");
            session.lockAtDestinationOnceChecked(false, false);
            List<Path> held = lockFiles(dest);
            session.lockAtDestinationOnceChecked(false, false);
            assertEquals(held, lockFiles(dest), "one lock, not two");

            session.close();

            assertEquals(List.of(), lockFiles(dest));
        }

        @Test
        void aDryRunWritesNoLock() throws IOException {
            Path dest = Files.createDirectories(tmp.resolve("dest"));
            ViewSession session = session(dest);

            session.lockAtDestinationIfOurs(false, true);
            session.lockAtDestinationOnceChecked(false, true);

            assertEquals(List.of(), lockFiles(dest));
            session.close();
        }

        @Test
        void aLocalDestinationNeedsNoSsh() {
            ViewSession session = session(tmp.resolve("dest"));

            assertEquals(null, session.connect());
            assertSame(null, session.ssh());
            session.close();
        }
    }

    private static List<Path> lockFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(LockAtDestination.PREFIX)).sorted().toList();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
