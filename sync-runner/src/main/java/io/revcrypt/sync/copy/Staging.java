package io.revcrypt.sync.copy;

import io.revcrypt.sync.common.RuntimeDirs;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A private directory (0700, in revcrypt's runtime directory unless the person names another
 * place) where parts of a remote copy are fetched before they are decrypted. Deleted when the run
 * ends, also on Ctrl-C; one left behind by a killed run is deleted by the next run.
 */
public final class Staging implements AutoCloseable {

    private static final String PREFIX = "staging-";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Path dir;
    private final Thread hook;
    private boolean closed;

    private Staging(Path dir) {
        this.dir = dir;
        this.hook = new Thread(this::delete, "staging-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** @param parent where to put it; null for revcrypt's runtime directory */
    public static Staging create(Path parent) throws IOException {
        Path base = parent == null ? RuntimeDirs.runtime() : parent.toAbsolutePath();
        Files.createDirectories(base);
        cleanStale(base);
        Path candidate = base.resolve(PREFIX + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
        deleteTree(candidate); // left by an earlier process that had our pid
        Path dir = RuntimeDirs.privateDir(candidate);
        Files.createDirectories(dir.resolve("copy"));
        Files.createDirectories(dir.resolve("work"));
        return new Staging(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Where the copy's files are fetched to. */
    public Path copy() {
        return dir.resolve("copy");
    }

    /** For list files and an empty directory. */
    public Path work() {
        return dir.resolve("work");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and deletes it
        }
    }

    private void delete() {
        deleteTree(dir);
    }

    /** Deletes a tree without following symlinks; quiet about what cannot be deleted. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    // a fetched directory may be read-only; we own everything here
                    d.toFile().setWritable(true, true);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // fall back on rm, which copes with names Java cannot represent
            try {
                new ProcessBuilder("rm", "-rf", "--one-file-system", "--", root.toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            } catch (IOException | InterruptedException ignored) {
                // nothing more to try
            }
        }
    }

    /** Staging directories of runs that no longer exist. */
    private static void cleanStale(Path base) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, PREFIX + "*")) {
            for (Path d : dirs) {
                String rest = d.getFileName().toString().substring(PREFIX.length());
                int dash = rest.indexOf('-');
                try {
                    long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        deleteTree(d);
                    }
                } catch (NumberFormatException e) {
                    // not ours
                }
            }
        } catch (IOException e) {
            // a stale directory stays; it is private
        }
    }
}
