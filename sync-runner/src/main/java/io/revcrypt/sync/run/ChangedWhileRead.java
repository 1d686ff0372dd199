package io.revcrypt.sync.run;

import io.revcrypt.core.view.ChangeWatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files a sync's mount saw written while rsync read them, passed from the mount child to the
 * runner through a file in the run's private directory: the mount appends one cipher path a line
 * ({@link #writer}); the runner reads what was appended since a mark ({@link #since}), after each
 * rsync pass, and copies those files again (design §6). Cipher paths are base64url names and
 * {@code gocryptfs.longname.*} hashes, so a line holds no newline of its own.
 */
public final class ChangedWhileRead {

    /** A path is written at most once in this long: a large file reports on every one of its reads. */
    private static final long REPEAT_NANOS = 500_000_000L;

    private final Path file;

    public ChangedWhileRead(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Where the report ends now: what a pass reports comes after it. */
    public long mark() throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** The distinct cipher paths reported after {@code mark}, in the order first reported. */
    public Set<String> since(long mark) throws IOException {
        Set<String> paths = new LinkedHashSet<>();
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return paths;
        }
        int start = (int) Math.min(mark, all.length);
        for (int i = start; i < all.length; i++) {
            if (all[i] == '\n') {
                if (i > start) {
                    paths.add(new String(all, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return paths; // a line without its newline is being written: the next look gets it
    }

    /**
     * The mount child's side: a {@link ChangeWatch} that appends to {@code file} (created 0600 by
     * the runner's private directory, appended with one write per line, so lines never interleave).
     */
    public static ChangeWatch writer(Path file) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the report of changed files " + file, e);
        }
        ConcurrentHashMap<String, Long> lastWritten = new ConcurrentHashMap<>();
        return cipherPath -> {
            long now = System.nanoTime();
            Long last = lastWritten.get(cipherPath);
            if (last != null && now - last < REPEAT_NANOS) {
                return;
            }
            lastWritten.put(cipherPath, now);
            if (lastWritten.size() > 100_000) {
                lastWritten.clear();
            }
            try {
                channel.write(ByteBuffer.wrap((cipherPath + "\n").getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                // the runner then misses this report: it says so, since the mount's log has this line
                System.err.println("revcrypt mount: cannot report " + cipherPath + " as changed while read: " + e.getMessage());
            }
        };
    }
}
