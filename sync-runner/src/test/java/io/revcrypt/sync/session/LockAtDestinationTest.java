package io.revcrypt.sync.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.sync.common.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockAtDestinationTest {

    private static final LockAtDestination.Processes ALL_ALIVE = (pid, start) -> true;
    private static final LockAtDestination.Processes ALL_GONE = (pid, start) -> false;
    private static final Duration NEVER = Duration.ofDays(1);

    @TempDir
    Path dest;

    private final List<String> notes = new ArrayList<>();

    @Test
    void theLockIsAFileNamingItsHolderRemovedOnClose() throws Exception {
        LockAtDestination lock = acquire(ALL_ALIVE, "here");
        List<Path> files = locks();
        assertEquals(1, files.size());
        Optional<LockAtDestination.LockName> name = LockAtDestination.LockName.parse(files.get(0).getFileName().toString());
        assertTrue(name.isPresent(), files.toString());
        assertEquals(ProcessHandle.current().pid(), name.get().pid());
        assertEquals("here", name.get().host());
        lock.close();
        assertTrue(locks().isEmpty(), "removed at the end");
    }

    @Test
    void aLiveLockOfAnotherHostRefusesWithExit4AndNamesItAndOursIsRemoved() throws Exception {
        String theirs = new LockAtDestination.LockName(System.currentTimeMillis() - 60_000, 4242, "abcd1234", "other-box")
                .fileName();
        Files.writeString(dest.resolve(theirs), "someone\n");
        UserException e = assertThrows(UserException.class, () -> acquire(ALL_GONE, "here"));
        assertEquals(4, e.exitCode());
        assertTrue(e.getMessage().contains("pid 4242 on host other-box") && e.getMessage().contains(theirs)
                && e.getMessage().contains("delete that file"), e.getMessage());
        assertEquals(List.of(dest.resolve(theirs)), locks(), "ours is gone, theirs stays");
    }

    @Test
    void aLockOfThisHostWhoseProcessIsGoneIsStaleAndRemovedWithANote() throws Exception {
        String dead = new LockAtDestination.LockName(System.currentTimeMillis(), 999_999, "0badc0de", "here").fileName();
        Files.writeString(dest.resolve(dead), "dead\n");
        try (LockAtDestination lock = acquire(ALL_GONE, "here")) {
            assertFalse(Files.exists(dest.resolve(dead)));
            assertEquals(1, locks().size());
            assertTrue(notes.stream().anyMatch(n -> n.contains("removed a stale lock") && n.contains(dead)
                    && n.contains("process 999999 on this host is gone")), notes.toString());
        }
    }

    @Test
    void aLockNotRefreshedFor30MinutesIsStaleFromAnyHost() throws Exception {
        String old = new LockAtDestination.LockName(System.currentTimeMillis() - 3_600_000, 7, "00000001", "far").fileName();
        Path oldFile = Files.writeString(dest.resolve(old), "old\n");
        Files.setLastModifiedTime(oldFile, FileTime.fromMillis(System.currentTimeMillis() - Duration.ofMinutes(31).toMillis()));
        try (LockAtDestination lock = acquire(ALL_ALIVE, "here")) {
            assertFalse(Files.exists(oldFile));
            assertTrue(notes.stream().anyMatch(n -> n.contains("not refreshed for 31 min")), notes.toString());
        }
    }

    @Test
    void theHeldLockIsRefreshedAndMadeAgainIfSomeoneRemovedIt() throws Exception {
        try (LockAtDestination lock = LockAtDestination.acquire(LockAtDestination.local(dest), dest.toString(), notes::add,
                System::currentTimeMillis, ALL_ALIVE, "here", Duration.ofMillis(50))) {
            Path mine = dest.resolve(lock.fileName());
            Files.setLastModifiedTime(mine, FileTime.fromMillis(System.currentTimeMillis() - 600_000));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Files.getLastModifiedTime(mine).toMillis() < System.currentTimeMillis() - 60_000
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Files.getLastModifiedTime(mine).toMillis() > System.currentTimeMillis() - 60_000, "refreshed");
            Files.delete(mine);
            while (!Files.exists(mine) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Files.exists(mine), "made again");
        }
    }

    @Test
    void namesThatOnlyLookLikeLocksAreNotLocks() {
        assertTrue(LockAtDestination.LockName.parse(".revcrypt-lock.12.34.zz.host").isEmpty(), "nonce is hex");
        assertTrue(LockAtDestination.LockName.parse(".revcrypt-lock.x.34.ab.host").isEmpty());
        assertTrue(LockAtDestination.LockName.parse("..revcrypt-lock.1.2.ab.h.AbCdEf").isEmpty(), "rsync's temporary file");
        assertEquals("host.example.org",
                LockAtDestination.LockName.parse(".revcrypt-lock.1.2.ab.host.example.org").orElseThrow().host());
    }

    @Test
    void rsyncListingGivesTheLockFilesAndTheirTimes() {
        String listing = "drwxr-xr-x          4,096 2026/12/07 09:07:10 .\n"
                + "-rw-r--r--             88 2026/12/07 09:07:11 .revcrypt-lock.1.2.ab.host\n"
                + "-rw-r--r--             88 2026/12/07 09:07:11 gocryptfs.conf\n";
        List<LockAtDestination.Found> found = RsyncLockDir.parseListing(listing, ZoneOffset.UTC);
        assertEquals(List.of(new LockAtDestination.Found(".revcrypt-lock.1.2.ab.host",
                java.time.Instant.parse("2026-12-07T09:07:11Z").toEpochMilli())), found);
    }

    private LockAtDestination acquire(LockAtDestination.Processes processes, String host) throws Exception {
        return LockAtDestination.acquire(LockAtDestination.local(dest), dest.toString(), notes::add,
                System::currentTimeMillis, processes, host, NEVER);
    }

    private List<Path> locks() throws Exception {
        try (Stream<Path> s = Files.list(dest)) {
            return s.filter(p -> p.getFileName().toString().startsWith(LockAtDestination.PREFIX)).toList();
        }
    }
}
