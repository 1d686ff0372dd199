package io.revcrypt.sync.run;

import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.session.DestinationCheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.snapshot.LocalSnapshotStore;
import io.revcrypt.sync.snapshot.RetentionPolicy;
import io.revcrypt.sync.snapshot.SnapshotLayout;
import io.revcrypt.sync.snapshot.SnapshotRecord;
import io.revcrypt.sync.snapshot.SnapshotStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SnapshotTarget} through the {@link CopyTarget} calls, in the order {@link SyncRun} makes
 * them, over a real {@link LocalSnapshotStore} in a temporary directory. rsync is a stand-in: the
 * "main pass" copies a plain directory that plays the view into {@code .inprogress}, and the
 * further passes a run offers (publishing, counting deletions) are lambdas that record their call.
 * Real rsync and FUSE are the native tests' (Snapshot*IT).
 */
class SnapshotTargetTest {

    /** A gocryptfs.conf as far as a snapshot reads one: its key fingerprint and the destination check. */
    private static final byte[] CONF = "{\"EncryptedKey\":\"a2V5\",\"ScryptObject\":{\"Salt\":\"c2FsdA==\"}}"
            .getBytes(StandardCharsets.UTF_8);
    private static final Instant FIRST_RUN = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant SECOND_RUN = Instant.parse("2026-03-02T10:00:00Z");

    @TempDir
    Path tmp;
    Path top;
    Path view;
    Destination dest;
    RecordingStore store;
    ByteArrayOutputStream notesBytes;
    PrintStream notes;
    List<String> log;

    @BeforeEach
    void destinationAndView() throws IOException {
        top = tmp.resolve("dest");
        view = Files.createDirectory(tmp.resolve("view"));
        Files.write(view.resolve("gocryptfs.conf"), CONF);
        Files.writeString(view.resolve("kept.txt"), "kept");
        Files.createDirectories(view.resolve("dir"));
        Files.writeString(view.resolve("dir/also-kept.txt"), "also kept");
        dest = Destination.parse(top.toString());
        store = new RecordingStore(new LocalSnapshotStore(top), true);
        notesBytes = new ByteArrayOutputStream();
        notes = new PrintStream(notesBytes, true, StandardCharsets.UTF_8);
        log = new ArrayList<>();
    }

    private SnapshotTarget target(boolean dryRun, boolean fillFromBase) {
        return new SnapshotTarget(dest, store, new DestinationCheck(DestinationCheck.local()), RetentionPolicy.none(),
                dryRun, fillFromBase, notes);
    }

    private String notes() {
        return notesBytes.toString(StandardCharsets.UTF_8);
    }

    /** What rsync's main pass leaves: the view's entries in {@code .inprogress}. */
    private void mainPass() throws IOException {
        Path into = Files.createDirectories(top.resolve(SnapshotLayout.IN_PROGRESS));
        try (Stream<Path> all = Files.walk(view)) {
            for (Path p : all.toList()) {
                Path copy = into.resolve(view.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(copy);
                } else if (!Files.exists(copy, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(p, copy);
                }
            }
        }
    }

    private static SyncOutcome outcome(int exitCode) {
        return new SyncOutcome(exitCode, "done: 2 created", 2, 0, 0, 0, 100, List.of(), null, null);
    }

    private static CopyTarget.RunFacts facts(Instant started) {
        return new CopyTarget.RunFacts(started, 2, 0, 0, 100, 0);
    }

    private static final CopyTarget.ViewPass NO_PASS = (target, links) -> fail("no publishing pass on a local disk");
    private static final CopyTarget.DeletionCount NO_COUNT = target -> fail("rsync's own count is right here");

    /** A whole run as SyncRun makes it, with rsync's main pass a copy of the view. */
    private CopyTarget.Published run(SnapshotTarget target, Instant started, int exitCode) throws Exception {
        target.prepare(CONF, null);
        target.beforeRsync(view, log::add);
        mainPass();
        target.afterRsync(log::add);
        target.deletionsSinceBase(NO_COUNT);
        return target.publish(outcome(exitCode), facts(started), NO_PASS);
    }

    @Nested
    class Publishing {

        @Test
        void publishingRecordThenRenameThenCompletionRecordThenLatest() throws Exception {
            CopyTarget.Published published = run(target(false, true), FIRST_RUN, ExitCode.OK);

            assertEquals("2026-03-01T100000Z", published.snapshot());
            assertEquals(List.of("record 2026-03-01T100000Z publishing", "rename .inprogress 2026-03-01T100000Z",
                    "record 2026-03-01T100000Z complete", "latest 2026-03-01T100000Z"), store.writes,
                    "the completion record is the last write that makes the snapshot; latest moves only after it");
            assertEquals(Optional.of("2026-03-01T100000Z"), store.latestTarget());
            assertEquals("kept", Files.readString(top.resolve("2026-03-01T100000Z/kept.txt")));
            assertFalse(Files.exists(top.resolve(SnapshotLayout.IN_PROGRESS)));
            assertTrue(notes().contains("revcrypt: first snapshot in " + dest + ": a full copy"), notes());
        }

        @Test
        void aPartialSnapshotIsRecordedAsSuchAndLatestStaysOnTheCompleteOne() throws Exception {
            run(target(false, true), FIRST_RUN, ExitCode.OK);
            store.writes.clear();

            CopyTarget.Published published = run(target(false, true), SECOND_RUN, ExitCode.PARTIAL);

            assertEquals(List.of("record 2026-03-02T100000Z publishing", "rename .inprogress 2026-03-02T100000Z",
                    "record 2026-03-02T100000Z partial"), store.writes);
            assertEquals(Optional.of("2026-03-01T100000Z"), store.latestTarget());
            assertTrue(published.words().contains("(partial: latest still points to 2026-03-01T100000Z)"),
                    published.words());
        }

        @Test
        void aFailedRsyncPublishesNothingAndKeepsInProgressForTheNextRun() throws Exception {
            CopyTarget.Published published = run(target(false, true), FIRST_RUN, ExitCode.FAILED);

            assertNull(published.snapshot());
            assertEquals("nothing published (what was copied stays in .inprogress and the next run resumes from it)",
                    published.words());
            assertEquals(List.of(), store.writes);
            assertTrue(Files.isDirectory(top.resolve(SnapshotLayout.IN_PROGRESS)));
            assertEquals(Optional.empty(), store.latestTarget());
        }

        @Test
        void aDryRunWritesNothing() throws Exception {
            SnapshotTarget target = target(true, true);
            target.prepare(CONF, null);
            target.beforeRsync(view, log::add);
            target.afterRsync(log::add);
            assertEquals(OptionalLong.empty(), target.deletionsSinceBase(NO_COUNT));
            CopyTarget.Published published = target.publish(outcome(ExitCode.OK), facts(FIRST_RUN), NO_PASS);

            assertEquals(CopyTarget.Published.NOTHING, published);
            assertFalse(Files.exists(top), "not even DEST is made");
            assertEquals(List.of(), store.writes);
            assertEquals(List.of(), log);
        }

        @Test
        void aSecondRunInTheSameSecondTakesTheNextFreeStamp() throws Exception {
            run(target(false, true), FIRST_RUN, ExitCode.OK);

            CopyTarget.Published again = run(target(false, true), FIRST_RUN, ExitCode.OK);

            assertEquals("2026-03-01T100001Z", again.snapshot());
        }
    }

    @Nested
    class WithoutRename {

        @BeforeEach
        void aStoreThatCannotRename() {
            store = new RecordingStore(new LocalSnapshotStore(top), false); // as one over ssh: rsync alone
        }

        @Test
        void aPublishingPassLinksFromInProgressThenTheRecordThenLatestThenInProgressGoes() throws Exception {
            SnapshotTarget target = target(false, true);
            target.prepare(CONF, null);
            target.beforeRsync(view, log::add);
            mainPass();
            target.afterRsync(log::add);
            CopyTarget.Published published = target.publish(outcome(ExitCode.OK), facts(FIRST_RUN), (into, links) -> {
                store.writes.add("pass " + into + " " + links);
                LocalSnapshotStore.deleteTree(top.resolve("2026-03-01T100000Z"));
                Files.createDirectories(top.resolve("2026-03-01T100000Z"));
                return 0;
            });

            assertEquals("2026-03-01T100000Z", published.snapshot());
            assertEquals(List.of("record 2026-03-01T100000Z publishing",
                    "pass " + dest.rsyncArg("2026-03-01T100000Z") + " [../.inprogress]",
                    "record 2026-03-01T100000Z complete", "latest 2026-03-01T100000Z", "delete [.inprogress]"),
                    store.writes, ".inprogress goes only after the record: killed before, the next run resumes from it");
        }

        @Test
        void aFailedPublishingPassLeavesNoCompletionRecordAndKeepsInProgress() throws Exception {
            SnapshotTarget target = target(false, true);
            target.prepare(CONF, null);
            mainPass();

            IOException e = assertThrows(IOException.class,
                    () -> target.publish(outcome(ExitCode.OK), facts(FIRST_RUN), (into, links) -> 12));

            assertEquals("publishing 2026-03-01T100000Z failed (rsync exit 12: the connection to the other end broke); "
                    + "the run stays in .inprogress for the next one", e.getMessage());
            assertEquals(List.of("record 2026-03-01T100000Z publishing"), store.writes);
            assertEquals(SnapshotRecord.PUBLISHING, store.records().get("2026-03-01T100000Z").status());
            assertEquals(Optional.empty(), store.latestTarget());
            assertTrue(Files.isDirectory(top.resolve(SnapshotLayout.IN_PROGRESS)));
        }
    }

    @Nested
    class FromTheBase {

        static final String BASE = "2026-03-01T100000Z";

        @BeforeEach
        void aFirstSnapshot() throws Exception {
            run(target(false, true), FIRST_RUN, ExitCode.OK);
            store.writes.clear();
            log.clear();
        }

        @Test
        void beforeRsyncLinksUnchangedFilesFromTheBaseAndSaysSoInTheLog() throws Exception {
            SnapshotTarget target = target(false, true);
            target.prepare(CONF, null);
            assertEquals(BASE, target.base());
            assertEquals(List.of("../" + BASE), target.linkDests());

            target.beforeRsync(view, log::add);

            assertEquals(inode(top.resolve(BASE + "/kept.txt")), inode(top.resolve(".inprogress/kept.txt")),
                    "an unchanged file is a link to the base's");
            assertEquals(1, log.size(), log.toString());
            assertTrue(log.get(0).startsWith("linked from " + BASE + ": 3 files linked, 0 copied (mode or owner changed), "
                    + "1 directories, 0 symlinks; "), log.get(0));
            assertEquals(List.of(), target.linkDests(), "everything the base gives is in place: no --link-dest to look again");
            assertFalse(target.readsViewAfterRsync(), "rsync runs into a copy of the base: its own count of deletions is right");
            assertEquals(OptionalLong.empty(), target.deletionsSinceBase(NO_COUNT));
        }

        @Test
        void withThePersonsOwnRsyncOptionsNothingIsLinkedAndDeletionsAreCountedAgainstTheBase() throws Exception {
            SnapshotTarget target = target(false, false);
            target.prepare(CONF, null);
            target.beforeRsync(view, log::add);

            assertFalse(Files.exists(top.resolve(SnapshotLayout.IN_PROGRESS)), "rsync could change a linked file in place");
            assertEquals(List.of(), log);
            assertEquals(List.of("../" + BASE), target.linkDests(), "rsync links from the base itself");
            assertTrue(target.readsViewAfterRsync(), "the count of deletions takes a pass over the view");
            List<String> counted = new ArrayList<>();
            OptionalLong deleted = target.deletionsSinceBase(against -> {
                counted.add(against);
                return OptionalLong.of(7);
            });
            assertEquals(List.of(dest.rsyncArg(BASE)), counted);
            assertEquals(OptionalLong.of(7), deleted);
        }

        @Test
        void aDryRunCountsNoDeletionsWithASecondPass() throws Exception {
            SnapshotTarget target = target(true, false);
            target.prepare(CONF, null);

            assertEquals(OptionalLong.empty(), target.deletionsSinceBase(NO_COUNT));
        }

        @Test
        void afterRsyncGivesTheBaseBackTheModeRsyncChangedOnASharedFile() throws Exception {
            SnapshotTarget target = target(false, true);
            target.prepare(CONF, null);
            target.beforeRsync(view, log::add);
            log.clear();
            Path shared = top.resolve(".inprogress/kept.txt");
            String before = permissions(top.resolve(BASE + "/kept.txt"));
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwx------")); // what rsync's chmod does

            target.afterRsync(log::add);

            assertEquals(before, permissions(top.resolve(BASE + "/kept.txt")), "the older snapshot has its mode back");
            assertEquals("rwx------", permissions(shared), "the new snapshot keeps the new one");
            assertNotEquals(inode(top.resolve(BASE + "/kept.txt")), inode(shared), "on an inode of its own");
            String note = "1 file(s) changed mode or owner in the source while this run ran; rsync changed them where "
                    + "the older snapshots share them, and revcrypt set them back there (this snapshot has its own copies "
                    + "with the new ones)";
            assertEquals(List.of(note), log);
            assertTrue(notes().contains("revcrypt: " + note), notes());
        }

        @Test
        void whatStaysWhenTheRunFailsBeforePublishing() {
            assertEquals("what was copied stays in " + dest + "/.inprogress for the next run",
                    target(false, true).keptWhenNothingIsPublished());
        }
    }

    private static Object inode(Path p) throws IOException {
        return Files.readAttributes(p, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino");
    }

    private static String permissions(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    /** A real store that notes every write, in order; {@code canRename} false plays a remote one. */
    static final class RecordingStore implements SnapshotStore {

        final List<String> writes = new ArrayList<>();
        private final SnapshotStore real;
        private final boolean canRename;

        RecordingStore(SnapshotStore real, boolean canRename) {
            this.real = real;
            this.canRename = canRename;
        }

        @Override
        public List<String> names() throws IOException {
            return real.names();
        }

        @Override
        public void createTop() throws IOException {
            writes.add("create top");
            real.createTop();
        }

        @Override
        public Optional<String> latestTarget() throws IOException {
            return real.latestTarget();
        }

        @Override
        public Map<String, SnapshotRecord> records() throws IOException {
            return real.records();
        }

        @Override
        public void putRecord(SnapshotRecord record) throws IOException {
            writes.add("record " + record.stamp() + " " + record.status());
            real.putRecord(record);
        }

        @Override
        public void pointLatest(String stamp) throws IOException {
            writes.add("latest " + stamp);
            real.pointLatest(stamp);
        }

        @Override
        public void delete(List<String> names) throws IOException {
            writes.add("delete " + names);
            real.delete(names);
        }

        @Override
        public void deleteRecord(String stamp) throws IOException {
            writes.add("delete record " + stamp);
            real.deleteRecord(stamp);
        }

        @Override
        public boolean canRename() {
            return canRename;
        }

        @Override
        public void rename(String from, String to) throws IOException {
            writes.add("rename " + from + " " + to);
            real.rename(from, to);
        }

        @Override
        public Map<String, byte[]> configs(Collection<String> stamps) throws IOException {
            return real.configs(stamps);
        }
    }
}
