package io.revcrypt.fuse;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** Open files or directories by the handle number FUSE keeps in {@code fi->fh}. */
final class HandleTable<T> {

    private final ConcurrentHashMap<Long, T> open = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong(1);

    long add(T value) {
        long fh = next.getAndIncrement();
        open.put(fh, value);
        return fh;
    }

    T get(long fh) {
        return open.get(fh);
    }

    T remove(long fh) {
        return open.remove(fh);
    }

    int size() {
        return open.size();
    }

    void closeAll(Consumer<T> close) {
        open.values().forEach(close);
        open.clear();
    }
}
