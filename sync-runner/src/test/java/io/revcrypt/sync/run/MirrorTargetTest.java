package io.revcrypt.sync.run;

import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.session.DestinationCheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.revcrypt.sync.common.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MirrorTarget} through the {@link CopyTarget} calls: rsync writes DEST itself, so every
 * hook is a no-op, and what differs from a snapshot is said by the target, not asked by the run.
 */
class MirrorTargetTest {

    private static final byte[] CONF = "{\"EncryptedKey\":\"a2V5\",\"ScryptObject\":{\"Salt\":\"c2FsdA==\"}}"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    Path top;
    Path view;
    Destination dest;
    List<String> log;

    @BeforeEach
    void destinationAndView() throws IOException {
        top = tmp.resolve("dest");
        view = Files.createDirectory(tmp.resolve("view"));
        Files.write(view.resolve("gocryptfs.conf"), CONF);
        dest = Destination.parse(top.toString());
        log = new ArrayList<>();
    }

    private MirrorTarget target(boolean dryRun) {
        return new MirrorTarget(dest, new DestinationCheck(DestinationCheck.local()), dryRun);
    }

    @Nested
    class Prepare {

        @Test
        void aFirstCopyMakesDestAndSkipsTheDelayedRenames() throws Exception {
            MirrorTarget target = target(false);
            target.prepare(CONF, null);

            assertTrue(Files.isDirectory(top));
            assertFalse(target.delayUpdates(), "a first copy has nothing to protect");
            assertEquals(dest.rsyncArg(""), target.rsyncTarget());
            assertEquals(List.of(), target.linkDests());
        }

        @Test
        void overAnExistingCopyChangedFilesAreRenamedInTogether() throws Exception {
            Files.createDirectories(top);
            Files.write(top.resolve("gocryptfs.conf"), CONF);
            MirrorTarget target = target(false);
            target.prepare(CONF, null);

            assertTrue(target.delayUpdates(), "an interrupted run leaves the copy as it was");
        }

        @Test
        void aDryRunMakesNoDest() throws Exception {
            target(true).prepare(CONF, null);

            assertFalse(Files.exists(top));
        }

        @Test
        void aDirectoryOfSomethingElseIsRefused() throws Exception {
            Files.createDirectories(top);
            Files.writeString(top.resolve(".tax-return.pdf"), "not ours"); // no name to decrypt: no control socket asked

            try {
                target(false).prepare(CONF, null);
                fail("rsync --delete would delete what is there");
            } catch (DestinationCheck.RefusedException e) {
                assertTrue(e.getMessage().startsWith(dest + " is not empty and holds no names encrypted with this key"),
                        e.getMessage());
            }
        }
    }

    @Nested
    class Hooks {

        @Test
        void aroundRsyncNothingHappensAndNothingMoreIsAskedOfTheView() throws Exception {
            MirrorTarget target = target(false);
            target.prepare(CONF, null);

            target.beforeRsync(view, log::add);
            assertFalse(target.readsViewAfterRsync(), "the mount may start closing as soon as rsync is done");
            target.afterRsync(log::add);
            OptionalLong deleted = target.deletionsSinceBase(against -> fail("rsync's own count of deletions is right"));
            CopyTarget.Published published = target.publish(
                    new SyncOutcome(ExitCode.OK, "done", 1, 0, 0, 0, 10, List.of(), null, null),
                    new CopyTarget.RunFacts(Instant.now(), 1, 0, 0, 10, 0),
                    (into, links) -> fail("a mirror publishes nothing"));

            assertEquals(OptionalLong.empty(), deleted);
            assertEquals(CopyTarget.Published.NOTHING, published);
            assertEquals(List.of(), log);
            try (Stream<Path> inDest = Files.list(top)) {
                assertEquals(List.of(), inDest.toList(), "the hooks write nothing into DEST");
            }
        }

        @Test
        void whatStaysWhenTheRunFailsBeforePublishing() {
            assertEquals(dest + " keeps its earlier files and those rsync had finished",
                    target(false).keptWhenNothingIsPublished());
        }
    }
}
