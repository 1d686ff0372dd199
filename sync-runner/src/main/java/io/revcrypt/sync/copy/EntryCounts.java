package io.revcrypt.sync.copy;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many entries of each kind a walk over a copy handled (restore, verify): counted from the
 * walk's worker threads, read for the summary once it is done.
 */
public final class EntryCounts {

    private final AtomicLong files = new AtomicLong();
    private final AtomicLong directories = new AtomicLong();
    private final AtomicLong symlinks = new AtomicLong();
    private final AtomicLong specialFiles = new AtomicLong();

    public void file() {
        files.incrementAndGet();
    }

    public void directory() {
        directories.incrementAndGet();
    }

    public void symlink() {
        symlinks.incrementAndGet();
    }

    public void specialFile() {
        specialFiles.incrementAndGet();
    }

    public long files() {
        return files.get();
    }

    public long directories() {
        return directories.get();
    }

    public long symlinks() {
        return symlinks.get();
    }

    public long specialFiles() {
        return specialFiles.get();
    }
}
