package io.revcrypt.fuse;

import io.revcrypt.core.view.OpenFile;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Open files by the handle number FUSE keeps in {@code fi.fh}. */
final class HandleTable {

    private final ConcurrentHashMap<Long, OpenFile> open = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong(1);

    long add(OpenFile file) {
        long fh = next.getAndIncrement();
        open.put(fh, file);
        return fh;
    }

    OpenFile get(long fh) {
        return open.get(fh);
    }

    OpenFile remove(long fh) {
        return open.remove(fh);
    }

    int size() {
        return open.size();
    }

    void closeAll() {
        open.values().forEach(OpenFile::close);
        open.clear();
    }
}
