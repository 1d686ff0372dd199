package io.revcrypt.sync.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BaseLinks} on plain directories: "view" stands for the mounted view (only its entries'
 * type, mode and owner are read), "base" for the older snapshot, "new" for {@code .inprogress}.
 */
class BaseLinksTest {

    @TempDir
    Path tmp;
    Path base;
    Path view;
    Path target;

    @BeforeEach
    void trees() throws IOException {
        base = Files.createDirectory(tmp.resolve("base"));
        view = Files.createDirectory(tmp.resolve("view"));
        target = tmp.resolve("new");
        for (Path top : new Path[] {base, view}) {
            Files.createDirectories(top.resolve("dir/deeper"));
            Files.writeString(top.resolve("same.txt"), top == base ? "old content" : "new content, same mode");
            Files.writeString(top.resolve("chmodded.txt"), "x");
            Files.writeString(top.resolve("dir/deeper/kept.txt"), "kept");
            Files.createSymbolicLink(top.resolve("link"), Path.of("same.txt"));
            Files.setPosixFilePermissions(top.resolve("dir"), PosixFilePermissions.fromString("r-xr-x---"));
        }
        Files.setPosixFilePermissions(view.resolve("chmodded.txt"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(base.resolve("gone.txt"), "deleted from the source since");
        Files.createDirectories(base.resolve("gone-dir"));
        Files.writeString(base.resolve("gone-dir/inside.txt"), "also gone");
        Files.writeString(base.resolve("now-a-dir"), "was a file");
        Files.createDirectory(view.resolve("now-a-dir"));
        Files.writeString(view.resolve("brand-new.txt"), "only in the view");
        Files.setLastModifiedTime(base.resolve("dir"), FileTime.fromMillis(1_500_000_000_123L));
    }

    @Test
    void linksWhatTheViewShowsUnchangedInModeCopiesWhatChangedModeAndLeavesTypeChangesToRsync() throws IOException {
        BaseLinks.Result result = BaseLinks.fill(base, view, target);

        assertTrue(sameInode(base.resolve("same.txt"), target.resolve("same.txt")),
                "a file with the same mode and owner is linked, whatever its content (rsync replaces it by rename)");
        assertTrue(sameInode(base.resolve("dir/deeper/kept.txt"), target.resolve("dir/deeper/kept.txt")));
        assertTrue(Files.exists(target.resolve("chmodded.txt"), LinkOption.NOFOLLOW_LINKS));
        assertNotEquals(inode(base.resolve("chmodded.txt")), inode(target.resolve("chmodded.txt")),
                "a file whose mode changed is not linked: rsync would chmod the inode the base shares");
        assertEquals("x", Files.readString(target.resolve("chmodded.txt")), "it is copied instead");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                target.resolve("chmodded.txt"))), "with the base's mode, for rsync to change (and report)");
        assertEquals(Files.getLastModifiedTime(base.resolve("chmodded.txt")),
                Files.getLastModifiedTime(target.resolve("chmodded.txt")), "and its mtime, so rsync sends nothing");
        assertTrue(sameInode(base.resolve("gone.txt"), target.resolve("gone.txt")),
                "a file the view no longer has is linked, so that rsync deletes it and says so");
        assertTrue(sameInode(base.resolve("gone-dir/inside.txt"), target.resolve("gone-dir/inside.txt")));
        assertTrue(sameInode(base.resolve("now-a-dir"), target.resolve("now-a-dir")),
                "a file that is now a directory is linked too: rsync unlinks it before it makes the directory");
        assertFalse(Files.exists(target.resolve("brand-new.txt")), "only the base's entries are linked");

        assertTrue(Files.isSymbolicLink(target.resolve("link")));
        assertEquals(Path.of("same.txt"), Files.readSymbolicLink(target.resolve("link")));
        assertNotEquals(inode(base.resolve("link")), inode(target.resolve("link")), "a symlink is made anew, not shared");

        assertEquals("r-xr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("dir"))));
        assertEquals(FileTime.fromMillis(1_500_000_000_123L), Files.getLastModifiedTime(target.resolve("dir")),
                "a directory gets the base's mtime after its entries were made");

        assertEquals(5, result.linked(), result.toString());
        assertEquals(1, result.symlinks(), result.toString());
        assertEquals(3, result.directories(), result.toString());
        assertEquals(1, result.copied(), result.toString());
        assertFalse(Files.exists(target.resolve(BaseLinks.UNCHECKED)), "the check is done: no marker left");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(base.resolve("chmodded.txt"))),
                "the base is only read");
    }

    @Test
    void aResumedRunKeepsWhatItAlreadyHas() throws IOException {
        Files.createDirectories(target.resolve("dir"));
        Files.writeString(target.resolve("same.txt"), "copied by the interrupted run");

        BaseLinks.fill(base, view, target);

        assertEquals("copied by the interrupted run", Files.readString(target.resolve("same.txt")));
        assertTrue(sameInode(base.resolve("dir/deeper/kept.txt"), target.resolve("dir/deeper/kept.txt")),
                "an existing directory is filled in");
    }

    @Test
    void aViewWithoutTheBaseDirectoryStillGetsItsDeletionsShown() throws IOException {
        Files.walk(view.resolve("dir")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());

        BaseLinks.fill(base, view, target);

        assertTrue(sameInode(base.resolve("dir/deeper/kept.txt"), target.resolve("dir/deeper/kept.txt")),
                "the whole gone directory is there for rsync to delete and count");
    }

    private static boolean sameInode(Path a, Path b) throws IOException {
        return Files.exists(b, LinkOption.NOFOLLOW_LINKS) && inode(a) == inode(b);
    }

    private static long inode(Path p) throws IOException {
        return (Long) Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void linksMadeBeforeTheViewIsThereStayMarkedUntilChecked() throws IOException {
        BaseLinks.Linked linked = BaseLinks.of(base, target);
        linked.make(new java.util.concurrent.atomic.AtomicBoolean());

        assertEquals("base", BaseLinks.uncheckedBase(target).orElseThrow());
        assertTrue(sameInode(base.resolve("chmodded.txt"), target.resolve("chmodded.txt")), "linked, not yet checked");

        linked.check(view);

        assertFalse(sameInode(base.resolve("chmodded.txt"), target.resolve("chmodded.txt")));
        assertTrue(BaseLinks.uncheckedBase(target).isEmpty());
    }

    /** The check may start first (the mount answered before the links were made): it waits for each directory. */
    @Test
    void aCheckStartedBeforeTheLinksTakesEachDirectoryOnceItIsLinked() throws Exception {
        BaseLinks.Linked linked = BaseLinks.of(base, target);
        java.util.concurrent.CompletableFuture<BaseLinks.Result> checked = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return linked.check(view);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        Thread.sleep(100);
        assertFalse(checked.isDone(), "nothing is linked yet: the check waits");

        linked.make(new java.util.concurrent.atomic.AtomicBoolean());
        BaseLinks.Result result = checked.get(30, java.util.concurrent.TimeUnit.SECONDS);

        assertEquals(new BaseLinks.Result(5, 1, 3, 1), result, "as when the two steps follow each other");
        assertNotEquals(inode(base.resolve("chmodded.txt")), inode(target.resolve("chmodded.txt")));
        assertTrue(sameInode(base.resolve("dir/deeper/kept.txt"), target.resolve("dir/deeper/kept.txt")));
        assertTrue(BaseLinks.uncheckedBase(target).isEmpty());
    }

    /**
     * A chmod in the source after the check had listed the file's directory: rsync then sets the
     * new mode on the link, the inode the base shares. The base gets its mode back; the new
     * snapshot keeps the new mode, on a copy of its own.
     */
    @Test
    void aModeRsyncChangedOnASharedInodeGoesBackToTheBaseAndTheNewSnapshotKeepsItOnACopy() throws IOException {
        BaseLinks.Linked linked = BaseLinks.of(base, target);
        linked.makeAndCheck(view);
        assertTrue(sameInode(base.resolve("same.txt"), target.resolve("same.txt")));
        assertEquals(0, linked.restoreBaseAttributes(), "rsync has changed nothing in place yet");

        Files.setPosixFilePermissions(target.resolve("same.txt"), PosixFilePermissions.fromString("rwx------"));
        assertEquals("rwx------", permissions(base.resolve("same.txt")), "what rsync's chmod does to the base");

        assertEquals(1, linked.restoreBaseAttributes());

        assertEquals("rw-r--r--", permissions(base.resolve("same.txt")), "the older snapshot has its mode back");
        assertEquals("rwx------", permissions(target.resolve("same.txt")), "the new snapshot keeps the new mode");
        assertNotEquals(inode(base.resolve("same.txt")), inode(target.resolve("same.txt")), "on an inode of its own");
        assertEquals(Files.readString(base.resolve("same.txt")), Files.readString(target.resolve("same.txt")));
        assertEquals(Files.getLastModifiedTime(base.resolve("same.txt")),
                Files.getLastModifiedTime(target.resolve("same.txt")), "so that rsync would find it unchanged");
        assertTrue(sameInode(base.resolve("dir/deeper/kept.txt"), target.resolve("dir/deeper/kept.txt")),
                "the other links stay");
        assertEquals(0, linked.restoreBaseAttributes(), "nothing left to repair");
    }

    private static String permissions(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void theNextRunChecksTheLinksADeadRunLeftUnchecked() throws IOException {
        BaseLinks.of(base, target).make(new java.util.concurrent.atomic.AtomicBoolean()); // and then the run died

        BaseLinks.fill(base, view, target);

        assertNotEquals(inode(base.resolve("chmodded.txt")), inode(target.resolve("chmodded.txt")),
                "a link of the dead run whose mode changed is replaced, although the new run did not make it");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(base.resolve("chmodded.txt"))));
        assertTrue(sameInode(base.resolve("same.txt"), target.resolve("same.txt")));
        assertTrue(BaseLinks.uncheckedBase(target).isEmpty());
    }

    @Test
    void aResumedRunChecksTheLinksItFindsAgain() throws IOException {
        BaseLinks.fill(base, base, target); // an earlier run: everything matched then; rsync was killed
        assertTrue(sameInode(base.resolve("chmodded.txt"), target.resolve("chmodded.txt")));

        BaseLinks.Result resumed = BaseLinks.fill(base, view, target); // resumed after a chmod in the source

        assertEquals(0, resumed.linked(), "this run made no link of its own: " + resumed);
        assertEquals(1, resumed.copied(), resumed.toString());
        assertNotEquals(inode(base.resolve("chmodded.txt")), inode(target.resolve("chmodded.txt")),
                "the earlier run's link, checked then, is replaced now that the mode differs");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(base.resolve("chmodded.txt"))));
        assertTrue(sameInode(base.resolve("same.txt"), target.resolve("same.txt")));
    }

    @Test
    void uncheckedLinksFromAnotherBaseAreThrownAway() throws IOException {
        Files.createDirectories(target);
        Files.writeString(target.resolve(BaseLinks.UNCHECKED), "2020-01-01T000000Z\n");
        Files.writeString(target.resolve("from-the-other-base"), "x");

        BaseLinks.fill(base, view, target);

        assertFalse(Files.exists(target.resolve("from-the-other-base")), "what they share cannot be checked from this base");
        assertTrue(sameInode(base.resolve("same.txt"), target.resolve("same.txt")));
    }

    @Test
    void stoppingEarlyLeavesTheMarker() throws IOException {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean(true);
        BaseLinks.of(base, target).make(stop);

        assertTrue(BaseLinks.uncheckedBase(target).isPresent());
    }
}
