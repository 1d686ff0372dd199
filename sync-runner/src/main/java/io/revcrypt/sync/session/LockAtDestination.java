package io.revcrypt.sync.session;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.transport.RsyncInvocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A lock held at the destination itself, which a second machine writing to the same USB disk or
 * host sees (the lock in the state directory only sees runs of this machine): a file
 * {@code .revcrypt-lock.<startms>.<pid>.<nonce>.<hostname>} at the top of a mirror, or in
 * {@code DEST/.revcrypt/} of a snapshot destination.
 *
 * <p>The rule is restic's: write ours (a new name, so writing it can never collide), then list
 * the locks; if another live one is there, remove ours and fail. Two runs that start together may
 * then both fail, but two never both go on. A lock is refreshed (a new mtime) every
 * {@link #REFRESH}; it is stale when it was not refreshed for {@link #STALE}, or when its host is
 * this host and its process is gone. Stale locks are removed with a line saying so.
 */
public final class LockAtDestination implements AutoCloseable {

    public static final String PREFIX = RsyncInvocation.LOCK_FILE_PREFIX;
    static final Duration REFRESH = Duration.ofMinutes(5);
    static final Duration STALE = Duration.ofMinutes(30);
    /** Process start times are known to a clock tick; a lock is written after its process started. */
    private static final long START_SLACK_MILLIS = 2_000;

    /** What a lock's file name says. */
    record LockName(long startMillis, long pid, String nonce, String host) {

        String fileName() {
            return PREFIX + startMillis + "." + pid + "." + nonce + "." + host;
        }

        static Optional<LockName> parse(String fileName) {
            if (!fileName.startsWith(PREFIX)) {
                return Optional.empty();
            }
            String[] f = fileName.substring(PREFIX.length()).split("\\.", 4);
            if (f.length != 4 || f[3].isEmpty() || !f[2].matches("[0-9a-f]+")) {
                return Optional.empty();
            }
            try {
                return Optional.of(new LockName(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], f[3]));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        String describe() {
            return "pid " + pid + " on host " + host + ", since " + Instant.ofEpochMilli(startMillis);
        }
    }

    /** A lock file found at the destination, with the time it was last written or refreshed. */
    record Found(String fileName, long mtimeMillis) {
    }

    /** The directory the lock files live in, and the few things done there. */
    public interface LockDir {
        /** For messages: the directory as the person would name it. */
        String where();

        /** Creates the file, never over an existing one. */
        void create(String fileName, byte[] content) throws IOException;

        /** The lock files there; empty if the directory does not exist. */
        List<Found> list() throws IOException;

        /** A new mtime; creates the file again if it is gone. */
        void refresh(String fileName, byte[] content) throws IOException;

        void remove(String fileName) throws IOException;
    }

    /** Whether a process of this host still holds a lock: alive, and started before the lock was written. */
    interface Processes {
        boolean holds(long pid, long lockStartMillis);

        Processes OF_THIS_HOST = (pid, lockStart) -> ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(p -> p.info().startInstant().map(s -> s.toEpochMilli() <= lockStart + START_SLACK_MILLIS).orElse(true))
                .orElse(false);
    }

    private final LockDir dir;
    private final LockName mine;
    private final byte[] content;
    private final Consumer<String> notes;
    private final ScheduledExecutorService refresher;

    private LockAtDestination(LockDir dir, LockName mine, byte[] content, Consumer<String> notes, Duration refresh) {
        this.dir = dir;
        this.mine = mine;
        this.content = content;
        this.notes = notes;
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lock-refresh");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refresh, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lock, or throws a {@link UserException} with exit 4 that names the holder.
     *
     * @param notes  where a removed stale lock (and later a failed refresh) is told
     */
    public static LockAtDestination acquire(LockDir dir, String destination, Consumer<String> notes) throws IOException {
        return acquire(dir, destination, notes, System::currentTimeMillis, Processes.OF_THIS_HOST, thisHost(), REFRESH);
    }

    static LockAtDestination acquire(LockDir dir, String destination, Consumer<String> notes, LongSupplier clock,
                                     Processes processes, String host, Duration refresh) throws IOException {
        long pid = ProcessHandle.current().pid();
        LockName mine = new LockName(clock.getAsLong(), pid, nonce(), host);
        byte[] content = ("revcrypt sync to " + destination + ": " + mine.describe() + "\n").getBytes(StandardCharsets.UTF_8);
        dir.create(mine.fileName(), content);
        Optional<Held> other;
        try {
            other = firstLiveOther(dir, mine.fileName(), notes, clock.getAsLong(), processes, host, true);
        } catch (IOException | RuntimeException e) {
            removeQuietly(dir, mine.fileName(), notes);
            throw e;
        }
        if (other.isPresent()) {
            removeQuietly(dir, mine.fileName(), notes);
            throw locked(dir, destination, other.get(), host);
        }
        return new LockAtDestination(dir, mine, content, notes, refresh);
    }

    /** For a dry run, which writes nothing: refuses if another live lock is there, leaves stale ones. */
    public static void checkFree(LockDir dir, String destination, Consumer<String> notes) throws IOException {
        String host = thisHost();
        Optional<Held> other = firstLiveOther(dir, null, notes, System.currentTimeMillis(), Processes.OF_THIS_HOST, host,
                false);
        if (other.isPresent()) {
            throw locked(dir, destination, other.get(), host);
        }
    }

    private record Held(LockName name, Found file) {
    }

    private static Optional<Held> firstLiveOther(LockDir dir, String mine, Consumer<String> notes, long now,
                                                 Processes processes, String host, boolean removeStale)
            throws IOException {
        Optional<Held> live = Optional.empty();
        for (Found f : dir.list()) {
            if (f.fileName().equals(mine)) {
                continue;
            }
            Optional<LockName> name = LockName.parse(f.fileName());
            if (name.isEmpty()) {
                continue; // not a lock of ours (a name that only starts like one)
            }
            Optional<String> stale = staleReason(name.get(), f.mtimeMillis(), now, processes, host);
            if (stale.isEmpty()) {
                live = live.isPresent() ? live : Optional.of(new Held(name.get(), f));
            } else if (removeStale) {
                dir.remove(f.fileName());
                notes.accept("removed a stale lock at " + dir.where() + ": " + f.fileName() + " (" + name.get().describe()
                        + "; " + stale.get() + ")");
            } else {
                notes.accept("a stale lock is at " + dir.where() + ": " + f.fileName() + " (" + stale.get()
                        + "); the next run that is not a dry run removes it");
            }
        }
        return live;
    }

    /** Why a lock no longer counts, or empty if it does. */
    static Optional<String> staleReason(LockName lock, long mtimeMillis, long now, Processes processes, String host) {
        long idle = now - mtimeMillis;
        if (idle > STALE.toMillis()) {
            return Optional.of("not refreshed for " + Duration.ofMillis(idle).toMinutes() + " min");
        }
        if (lock.host().equals(host) && !processes.holds(lock.pid(), lock.startMillis())) {
            return Optional.of("its process " + lock.pid() + " on this host is gone");
        }
        return Optional.empty();
    }

    private static UserException locked(LockDir dir, String destination, Held other, String host) {
        return new UserException(ExitCode.LOCKED, "another revcrypt sync to " + destination + " is running: "
                + other.name().describe() + ", last refreshed " + Instant.ofEpochMilli(other.file().mtimeMillis())
                + " (lock file " + dir.where() + "/" + other.file().fileName() + "). A lock is stale once it has not been "
                + "refreshed for " + STALE.toMinutes() + " min, or when its host is this one and its process is gone; "
                + "the next run then removes it. To remove it sooner, make sure no revcrypt sync to " + destination
                + " runs on " + (other.name().host().equals(host) ? "this host" : other.name().host())
                + ", then delete that file");
    }

    private void refresh() {
        try {
            dir.refresh(mine.fileName(), content);
        } catch (IOException | RuntimeException e) {
            notes.accept("cannot refresh the lock " + dir.where() + "/" + mine.fileName() + ": " + e.getMessage()
                    + " (another run may take it for stale after " + STALE.toMinutes() + " min)");
        }
    }

    public String fileName() {
        return mine.fileName();
    }

    /** Stops refreshing and removes the lock file. */
    @Override
    public void close() {
        refresher.shutdownNow();
        try {
            refresher.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeQuietly(dir, mine.fileName(), notes);
    }

    private static void removeQuietly(LockDir dir, String fileName, Consumer<String> notes) {
        try {
            dir.remove(fileName);
        } catch (IOException | RuntimeException e) {
            notes.accept("cannot remove the lock " + dir.where() + "/" + fileName + ": " + e.getMessage()
                    + "; it is stale once " + STALE.toMinutes() + " min have passed, or delete it by hand");
        }
    }

    private static String nonce() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** This machine's name, as the kernel has it, in the characters a file name may safely hold. */
    public static String thisHost() {
        String name;
        try {
            name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            name = "";
        }
        name = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() ? "localhost" : name;
    }

    // ---------------------------------------------------------------- where the files are

    /** A local directory: created atomically (O_EXCL), refreshed by a new mtime. */
    static LockDir local(Path directory) {
        return new LockDir() {
            @Override
            public String where() {
                return directory.toString();
            }

            @Override
            public void create(String fileName, byte[] content) throws IOException {
                // the directory keeps its time, as on removal: else every run finds DEST's top changed
                FileTime before = Files.getLastModifiedTime(directory, LinkOption.NOFOLLOW_LINKS);
                Files.write(directory.resolve(fileName), content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                Files.setLastModifiedTime(directory, before);
            }

            @Override
            public List<Found> list() throws IOException {
                List<Found> found = new ArrayList<>();
                if (!Files.isDirectory(directory)) {
                    return found;
                }
                try (DirectoryStream<Path> s = Files.newDirectoryStream(directory, PREFIX + "*")) {
                    for (Path p : s) {
                        try {
                            found.add(new Found(p.getFileName().toString(),
                                    Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis()));
                        } catch (NoSuchFileException removedMeanwhile) {
                            // another run removed it as stale
                        }
                    }
                }
                return found;
            }

            @Override
            public void refresh(String fileName, byte[] content) throws IOException {
                Path p = directory.resolve(fileName);
                try {
                    Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis()));
                } catch (NoSuchFileException removed) {
                    try {
                        create(fileName, content);
                    } catch (FileAlreadyExistsException raced) {
                        // there again
                    }
                }
            }

            @Override
            public void remove(String fileName) throws IOException {
                // the directory keeps the time rsync gave it (the source's): the lock file is not part of the copy
                // (over ssh, the rsync that puts and removes the lock file moves the time; the next run sets it back)
                FileTime before = Files.getLastModifiedTime(directory, LinkOption.NOFOLLOW_LINKS);
                if (Files.deleteIfExists(directory.resolve(fileName))) {
                    Files.setLastModifiedTime(directory, before);
                }
            }
        };
    }
}
