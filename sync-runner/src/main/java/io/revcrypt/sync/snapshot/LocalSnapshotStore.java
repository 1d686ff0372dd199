package io.revcrypt.sync.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** A snapshot destination on a local disk. */
public final class LocalSnapshotStore implements SnapshotStore {

    private final Path root;

    public LocalSnapshotStore(Path root) {
        this.root = root;
    }

    @Override
    public List<String> names() throws IOException {
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> s = Files.list(root)) {
            return new ArrayList<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Override
    public Optional<String> latestTarget() throws IOException {
        Path latest = root.resolve(SnapshotLayout.LATEST);
        if (!Files.isSymbolicLink(latest)) {
            return Optional.empty();
        }
        return Optional.of(Files.readSymbolicLink(latest).toString());
    }

    @Override
    public Map<String, SnapshotRecord> records() throws IOException {
        Map<String, SnapshotRecord> out = new HashMap<>();
        Path dir = root.resolve(SnapshotLayout.RECORDS);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        return SnapshotRecord.readAll(dir, out);
    }

    @Override
    public void putRecord(SnapshotRecord record) throws IOException {
        Path file = root.resolve(SnapshotLayout.recordPath(record.stamp()));
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, record.toJson());
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void pointLatest(String stamp) throws IOException {
        Path tmp = root.resolve(SnapshotLayout.LATEST + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, Path.of(stamp));
        Files.move(tmp, root.resolve(SnapshotLayout.LATEST), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void delete(List<String> names) throws IOException {
        for (String name : names) {
            deleteTree(root.resolve(name));
            Files.deleteIfExists(root.resolve(SnapshotLayout.recordPath(name)));
        }
    }

    @Override
    public void deleteRecord(String stamp) throws IOException {
        Files.deleteIfExists(root.resolve(SnapshotLayout.recordPath(stamp)));
    }

    /** Deletes a tree without following any symlink in it. */
    public static void deleteTree(Path top) throws IOException {
        if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(top)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (NoSuchFileException gone) {
                    // deleted meanwhile: fine
                }
            }
        }
    }

    @Override
    public Map<String, byte[]> configs(Collection<String> stamps) throws IOException {
        return SnapshotLayout.readConfigs(root, stamps);
    }

    @Override
    public boolean canRename() {
        return true;
    }

    @Override
    public void rename(String from, String to) throws IOException {
        Files.move(root.resolve(from), root.resolve(to), StandardCopyOption.ATOMIC_MOVE);
    }
}
