package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.SyncEnv;
import io.revcrypt.it.support.SyncProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A file written while {@code revcrypt sync} copies it (issue 15, point 1): the run never says ok
 * with a copy that does not decrypt to some version of the file. A file rewritten while rsync
 * reads it is copied again and restores as the version it settled on; one written throughout the
 * run makes the run partial (exit 3) and is named, in plaintext, as changed while it was read; a
 * log appended to all the while gives either a copy that is a version of the log (a prefix of its
 * final contents) or exit 3 naming it. Copies are read back with stock gocryptfs, which refuses a
 * block that does not authenticate.
 */
class SyncChangingFilesIT {

    /** Large enough that rsync reads it in hundreds of FUSE requests, over a good part of a second. */
    private static final int BIG = 48 << 20;
    private static final String BIG_NAME = "disk image.bin";

    @RegisterExtension
    final SyncEnv env = new SyncEnv();

    @Test
    @Timeout(240)
    void aFileRewrittenWhileRsyncReadsItIsCopiedAgainAndRestoresAsItsLastVersion() throws Exception {
        Path src = env.dir("src");
        Path big = src.resolve(BIG_NAME);
        Files.write(big, version(1, BIG));
        Files.writeString(src.resolve("notes.txt"), "quiet\n");
        Path pass = env.passfile("pass", "changing files");
        env.init(src, pass);
        Path dest = env.dir("dest");

        SyncProcess sync = env.start("sync", "--passfile", pass.toString(), src.toString(), dest.toString());
        CompletableFuture<Void> rewrite = CompletableFuture.runAsync(() -> {
            try {
                awaitRsyncReadingALargeFile(sync, Duration.ofSeconds(60));
                writeInPlace(big, version(2, BIG)); // once, while rsync is part of the way through
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        CommandResult r = sync.await(SyncEnv.RUN_TIMEOUT);
        rewrite.get(10, TimeUnit.SECONDS);

        assertEquals(0, r.exitCode(), () -> "the file settled after one rewrite: copied again, exit 0\n" + r.describe());
        // (the log says "copying them again" when rsync's reads straddled the rewrite; in 2 of 20 runs
        // the rewrite was over before rsync's first read, and the copy is then the new version as it is)
        assertVerifies(dest, pass);
        env.withDecrypted(dest, pass, mnt -> assertArrayEquals(version(2, BIG), Files.readAllBytes(mnt.resolve(BIG_NAME)),
                "the copy is the version the file settled on"));
    }

    @Test
    @Timeout(240)
    void aFileWrittenThroughoutTheRunMakesItPartialAndIsNamed() throws Exception {
        Path src = env.dir("src");
        Path big = src.resolve(BIG_NAME);
        Files.write(big, version(1, BIG));
        Files.writeString(src.resolve("notes.txt"), "quiet\n");
        Path pass = env.passfile("pass", "changing files");
        env.init(src, pass);
        Path dest = env.dir("dest");

        // two versions made beforehand, written in turn with no pause to make the next: on a loaded
        // machine making a version took longer than rsync's read of the file, which then saw none
        byte[][] turns = {version(2, BIG), version(3, BIG)};
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger writes = new AtomicInteger();
        Thread writer = new Thread(() -> {
            try {
                while (!stop.get()) {
                    writeInPlace(big, turns[writes.get() % 2]);
                    writes.incrementAndGet();
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "writer of " + BIG_NAME);
        writer.start();
        CommandResult r;
        int writesBefore;
        try {
            while (writes.get() == 0) {
                Thread.sleep(5); // the writer is writing before the run starts
            }
            writesBefore = writes.get();
            SyncProcess sync = env.start("sync", "--snapshots", "--passfile", pass.toString(), src.toString(), dest.toString());
            r = sync.await(SyncEnv.RUN_TIMEOUT);
        } finally {
            stop.set(true);
            writer.join(30_000);
        }
        int writesDuring = writes.get() - writesBefore;

        String shown = src + "/" + BIG_NAME;
        if (r.exitCode() == 0) {
            CommandResult v = env.revcrypt("verify", "--passfile", pass.toString(), dest.toString() + "/latest");
            fail("a file written all the while (" + writesDuring + " rewrites during the run) must make the run partial "
                    + "(exit 3), but it said ok; verify of that copy: exit " + v.exitCode() + "\n" + v.describe()
                    + "\nthe run:\n" + r.describe());
        }
        assertEquals(3, r.exitCode(), () -> "a file written all the while is partial (exit 3):\n" + r.describe());
        assertTrue(r.stderr().lines().anyMatch(l -> l.startsWith("revcrypt: ") && l.contains("changed while they were read")
                && l.contains(shown)), () -> "stderr names " + shown + " as changed while read:\n" + r.describe());
        assertTrue(r.stdout().lines().anyMatch(l -> l.startsWith("revcrypt: partial: ") && l.contains("1 changed while read")),
                () -> "the summary says partial:\n" + r.describe());
        String log = Files.readString(onlyLog());
        assertTrue(log.contains("changed while it was read: " + shown), () -> "the log lists it:\n" + log);
        CommandResult status = env.revcrypt("status", "--json", dest.toString());
        assertTrue(status.stdout().contains(shown), () -> "status names it:\n" + status.describe());
        CommandResult list = env.revcrypt("snapshots", "list", dest.toString());
        assertTrue(list.stdout().contains("partial"), () -> "the snapshot is published as partial:\n" + list.describe());
        // the rest of the copy is whole (a partial snapshot is not "latest": that names complete ones)
        Path snapshot;
        try (Stream<Path> s = Files.list(dest)) {
            List<Path> stamps = s.filter(p -> p.getFileName().toString().matches("\\d{4}-.*")).toList();
            assertEquals(1, stamps.size(), () -> "one snapshot: " + stamps);
            snapshot = stamps.get(0);
        }
        env.withDecrypted(snapshot, pass, mnt -> assertEquals("quiet\n", Files.readString(mnt.resolve("notes.txt"))));
    }

    /** The new user: a log appended to during the run. Exit 0 and a version of the log, or exit 3 naming it. */
    @Test
    @Timeout(300)
    void aLogAppendedToDuringTheRunRestoresAsAVersionOfItOrIsNamed() throws Exception {
        Path src = env.dir("src");
        for (int d = 0; d < 20; d++) {
            Path dir = Files.createDirectory(src.resolve("dir " + d));
            for (int f = 0; f < 100; f++) {
                Files.writeString(dir.resolve("file " + f + ".txt"), "file " + f + " of dir " + d + "\n");
            }
        }
        Path appLog = src.resolve("app.log");
        Files.writeString(appLog, "started\n");
        Path pass = env.passfile("pass", "changing files");
        env.init(src, pass);
        Path dest = env.dir("dest");

        int[] pauses = {1, 10, 50, 200}; // milliseconds between lines: a busy program to a quiet one
        int[] exits = new int[pauses.length];
        for (int run = 0; run < exits.length; run++) {
            int pause = pauses[run];
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger line = new AtomicInteger();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try (FileChannel ch = FileChannel.open(appLog, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    while (!stop.get()) {
                        ch.write(ByteBuffer.wrap(("line " + line.incrementAndGet() + " of a busy program\n")
                                .getBytes(StandardCharsets.UTF_8)));
                        Thread.sleep(pause);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            CommandResult r;
            try {
                r = env.revcrypt("sync", "--snapshots", "--passfile", pass.toString(), src.toString(), dest.toString());
            } finally {
                stop.set(true);
                writer.get(30, TimeUnit.SECONDS);
            }
            exits[run] = r.exitCode();
            byte[] finalLog = Files.readAllBytes(appLog);
            String shown = src + "/app.log";
            if (r.exitCode() == 3) {
                assertTrue(r.stderr().contains("changed while they were read") && r.stderr().contains(shown),
                        () -> "exit 3 names the log:\n" + r.describe());
            } else {
                assertEquals(0, r.exitCode(), () -> "ok or partial, nothing else:\n" + r.describe());
                assertVerifies(dest.resolve("latest"), pass);
                env.withDecrypted(dest.resolve("latest"), pass, mnt -> {
                    byte[] copy = Files.readAllBytes(mnt.resolve("app.log"));
                    assertTrue(copy.length <= finalLog.length && Arrays.equals(copy, 0, copy.length, finalLog, 0, copy.length),
                            "the copy of the log is one of its versions (a prefix of what it ended as): " + copy.length
                                    + " bytes against " + finalLog.length);
                    assertEquals("file 7 of dir 3\n", Files.readString(mnt.resolve("dir 3/file 7.txt")));
                });
            }
            Thread.sleep(1100); // snapshot names are to the second
        }
        System.out.println("exit codes of the runs with a line appended every " + Arrays.toString(pauses) + " ms: "
                + Arrays.toString(exits));
    }

    // ---------------------------------------------------------------- helpers

    /** The same bytes for the same version: pseudo-random, so no two versions share a block. */
    private static byte[] version(int v, int size) {
        byte[] b = new byte[size];
        SplittableRandom r = new SplittableRandom(v * 7919L);
        for (int i = 0; i < size; i += 8) {
            long x = r.nextLong();
            for (int k = 0; k < 8 && i + k < size; k++) {
                b[i + k] = (byte) (x >>> (8 * k));
            }
        }
        return b;
    }

    /** Overwrites the file from its start, without truncating it (a database, a disk image). */
    private static void writeInPlace(Path file, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            long pos = 0;
            while (buf.hasRemaining()) {
                pos += ch.write(buf, pos);
            }
        }
    }

    /** Waits until an rsync of this run holds the view's one large file open. */
    private void awaitRsyncReadingALargeFile(SyncProcess sync, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && sync.isAlive()) {
            for (var m : env.syncMounts()) {
                String prefix = m.mountPoint() + "/";
                List<ProcessHandle> rsyncs = ProcessHandle.allProcesses()
                        .filter(p -> p.info().command().map(c -> c.endsWith("/rsync")).orElse(false)).toList();
                for (ProcessHandle p : rsyncs) {
                    Path fds = Path.of("/proc", Long.toString(p.pid()), "fd");
                    try (Stream<Path> list = Files.list(fds)) {
                        for (Path fd : (Iterable<Path>) list::iterator) {
                            try {
                                String target = Files.readSymbolicLink(fd).toString();
                                if (target.startsWith(prefix) && Files.size(Path.of(target)) >= BIG) {
                                    return;
                                }
                            } catch (IOException gone) {
                                // closed meanwhile
                            }
                        }
                    } catch (IOException gone) {
                        // the process ended
                    }
                }
            }
            Thread.sleep(1);
        }
        throw new AssertionError("rsync never opened the large file of the view");
    }

    private void assertVerifies(Path copy, Path pass) throws Exception {
        CommandResult v = env.revcrypt("verify", "--passfile", pass.toString(), copy.toString());
        assertEquals(0, v.exitCode(), () -> "revcrypt verify finds every block of the copy authentic:\n" + v.describe());
    }

    private Path onlyLog() throws IOException {
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> s = Files.walk(env.me().state().resolve("logs"))) {
            s.filter(p -> p.toString().endsWith(".log")).forEach(logs::add);
        }
        assertEquals(1, logs.size(), () -> "one run, one log: " + logs);
        return logs.get(0);
    }
}
