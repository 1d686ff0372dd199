package io.revcrypt.sync.copy;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Decrypts files on a few threads while the tree walk goes on: bounded (a walk never runs far
 * ahead of the workers, so open descriptors and memory stay small), and {@link #await()} waits
 * for everything handed over so far.
 */
public final class FilePool implements AutoCloseable {

    /** A file's work; may throw, which the pool reports through the handler. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }

    private final ExecutorService executor;
    private final Semaphore slots;
    private final int capacity;

    /** @param threads worker threads; 0 runs every task on the caller's thread */
    public FilePool(int threads) {
        this.capacity = Math.max(1, threads) * 2;
        this.slots = new Semaphore(capacity);
        AtomicInteger n = new AtomicInteger();
        this.executor = threads <= 0 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "file-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The default number of workers: one per core, at most four. */
    public static int defaultThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Runs {@code task} on a worker, waiting first if the workers are all busy and their queue is
     * full; an exception it throws goes to {@code onError} (on the worker's thread).
     */
    public void submit(Task task, Consumer<Exception> onError) throws IOException {
        if (executor == null) {
            runOne(task, onError);
            return;
        }
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        try {
            executor.execute(() -> {
                try {
                    runOne(task, onError);
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    private static void runOne(Task task, Consumer<Exception> onError) {
        try {
            task.run();
        } catch (Exception e) {
            onError.accept(e);
        }
    }

    /** Waits until every task handed over so far has finished. */
    public void await() throws IOException {
        if (executor == null) {
            return;
        }
        try {
            slots.acquire(capacity);
            slots.release(capacity);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdown();
        }
    }
}
