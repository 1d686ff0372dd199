package io.revcrypt.sync.session;

import io.revcrypt.sync.common.RuntimeDirs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * One run per destination at a time on this machine. An OS file lock ({@code fcntl}) on a file in
 * revcrypt's state directory, keyed by the destination as resolved ({@link DestinationIdentity}:
 * a symlink to it, or another spelling, is the same destination): the kernel drops it when the
 * process dies, even by {@code kill -9}, so there is never a stale lock to clean up. The file
 * holds who has it, for the message the second run prints. Runs of other machines are kept out
 * by the lock at the destination itself ({@link LockAtDestination}).
 */
public final class DestinationLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DestinationLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * The lock file of the destination whose identity ({@link DestinationIdentity#of}) this is: every
     * command that asks whether a run writes a destination ({@code sync}, {@code snapshots prune},
     * {@code snapshots list}) keys on the identity, never on the spelling, or two spellings of one
     * destination would take two locks.
     */
    public static Path fileFor(String identity) {
        Path dir = RuntimeDirs.privateDir(RuntimeDirs.state().resolve("locks"));
        return dir.resolve(RuntimeDirs.key(identity) + ".lock");
    }

    /** Takes the lock, or returns empty with the holder's description in {@code holder[0]}. */
    public static Optional<DestinationLock> tryAcquire(Path lockFile, String[] holder) throws IOException {
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null; // held by another run inside this very process
        }
        if (lock == null) {
            ByteBuffer buf = ByteBuffer.allocate(512);
            ch.read(buf, 0);
            holder[0] = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
            ch.close();
            return Optional.empty();
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " on host " + LockAtDestination.thisHost()
                + ", since " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(false);
        return Optional.of(new DestinationLock(ch, lock));
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the lock dies with the channel or the process anyway
        }
    }
}
