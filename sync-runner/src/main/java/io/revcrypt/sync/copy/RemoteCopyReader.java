package io.revcrypt.sync.copy;

import io.revcrypt.core.format.BlockLayout;
import io.revcrypt.core.format.NameTransform;
import io.revcrypt.core.forward.CipherTree;
import io.revcrypt.core.view.PlainPath;
import io.revcrypt.sync.common.Units;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A copy reached with rsync (a remote {@code host:path}, or any path rsync can read), fetched
 * into a private staging directory piece by piece so that the staging space stays bounded:
 * <ol>
 *   <li>With selected paths: their cipher paths are computed without listing (reverse-mode
 *       directory IVs derive from the cipher path); only the {@code gocryptfs.diriv} of each
 *       directory on the way and the {@code .name} files of hashed names on the way are fetched
 *       to confirm them (an ordinary gocryptfs filesystem has random IVs: then the fetched IVs
 *       are used and the next level fetched, one rsync per level).</li>
 *   <li>The scope (everything, or the selected paths with their subtrees) is listed with
 *       {@code rsync --dry-run}.</li>
 *   <li>The skeleton is fetched: directories, {@code gocryptfs.diriv}, {@code .name} files,
 *       symlinks, special files and empty files (metadata only, small), and walked.</li>
 *   <li>Content files follow in batches of about {@code batchBytes}; each batch is fetched,
 *       handed over, and deleted from staging before the next (a file larger than a batch is a
 *       batch of its own).</li>
 * </ol>
 */
public final class RemoteCopyReader implements CopyReader {

    /** The problem reported for a listed file that did not arrive (it vanished, or cannot be read there). */
    public static final String NOT_FETCHED = "could not be fetched from the copy (gone since it was listed, or unreadable there)";

    private final RsyncFetcher fetcher;
    private final CipherTree tree;
    private final CipherPaths paths;
    private final Progress progress;
    private final long batchBytes;
    private final Path staging;

    /** @param tree a cipher tree rooted at the staging directory rsync fetches into */
    public RemoteCopyReader(RsyncFetcher fetcher, CipherTree tree, CipherPaths paths, Progress progress, long batchBytes) {
        this.fetcher = fetcher;
        this.tree = tree;
        this.paths = paths;
        this.progress = progress;
        this.batchBytes = Math.max(1, batchBytes);
        this.staging = tree.root();
    }

    public RsyncFetcher fetcher() {
        return fetcher;
    }

    /** A selected path, resolved: its plaintext path and its cipher components. */
    private record Target(PlainPath plain, List<String> components) {
        String cipher() {
            return CipherPaths.join(components, components.size());
        }
    }

    @Override
    public void read(List<PlainPath> selections, CopyVisitor visitor) throws IOException {
        List<PlainPath> wanted = CopyReader.normalize(selections);
        List<Target> targets = wanted.isEmpty() ? null : resolve(wanted);

        progress.phase("listing the copy");
        List<RsyncFetcher.Listed> listing;
        if (targets == null) {
            listing = fetcher.list(null);
        } else {
            Set<String> cipherTargets = new LinkedHashSet<>();
            targets.forEach(t -> cipherTargets.add(t.cipher()));
            listing = fetcher.list(cipherTargets);
        }
        Map<String, RsyncFetcher.Listed> byPath = new HashMap<>();
        List<String> skeleton = new ArrayList<>();
        List<RsyncFetcher.Listed> content = new ArrayList<>();
        long plainBytes = 0;
        long files = 0;
        for (RsyncFetcher.Listed e : listing) {
            byPath.put(e.path(), e);
            if (e.path().isEmpty()) {
                continue;
            }
            boolean contentFile = e.type() == 'f' && e.size() > 0 && !CipherPaths.isMetadata(e.path());
            if (contentFile) {
                content.add(e);
                long p = BlockLayout.plainSize(e.size());
                plainBytes += p < 0 ? e.size() : p;
            } else {
                skeleton.add(e.path());
            }
            if (e.type() == 'f' && !CipherPaths.isMetadata(e.path())) {
                files++;
            }
        }
        progress.total(files, plainBytes);

        progress.phase("fetching directories and names");
        fetcher.fetch(skeleton, false, staging);
        if (targets == null) {
            fetcher.fetchTop(staging); // the top directory's own attributes, after its entries were made
        }
        progress.phase(null);

        // cipher dir -> plaintext dir, for every directory whose content is to be read
        Map<String, PlainPath> dirs = new HashMap<>();
        SkeletonWalk walk = new SkeletonWalk(visitor, dirs, byPath);
        if (targets == null) {
            tree.walk("", PlainPath.root(), walk); // reports the root too (for its attributes)
        } else {
            for (Target t : targets) {
                RsyncFetcher.Listed e = byPath.get(t.cipher());
                if (e == null) {
                    visitor.missing(t.plain(), t.cipher());
                    continue;
                }
                if (!ancestors(t, visitor, dirs, byPath)) {
                    continue;
                }
                boolean contentFile = e.type() == 'f' && e.size() > 0;
                if (!contentFile) {
                    tree.walk(t.cipher(), t.plain(), walk);
                }
            }
        }
        visitor.awaitFiles();
        batches(content, dirs, visitor);
    }

    // ---------------------------------------------------------------- selected paths

    /**
     * Cipher paths of the selections. The first guess takes every directory IV to be the one a
     * reverse view derives; the IV files fetched on the way confirm it or (ordinary gocryptfs
     * filesystems) correct it, and the next guess uses them.
     */
    private List<Target> resolve(List<PlainPath> wanted) throws IOException {
        Map<String, byte[]> known = new HashMap<>();
        Set<String> requested = new HashSet<>();
        progress.phase("finding the selected paths");
        for (int round = 0; ; round++) {
            List<Target> targets = new ArrayList<>();
            Set<String> needed = new LinkedHashSet<>();
            Set<String> dirsUsed = new LinkedHashSet<>();
            for (PlainPath p : wanted) {
                List<String> components = paths.resolve(p, dir -> known.containsKey(dir) ? known.get(dir)
                        : paths.derivedDirIv(dir));
                targets.add(new Target(p, components));
                for (int i = 0; i < components.size(); i++) {
                    String dir = CipherPaths.join(components, i);
                    String name = components.get(i);
                    if (paths.usesDirIvs()) {
                        needed.add(CipherPaths.child(dir, NameTransform.DIRIV_NAME));
                        dirsUsed.add(dir);
                    }
                    if (NameTransform.isLongName(name)) {
                        needed.add(CipherPaths.child(dir, name + NameTransform.LONGNAME_SUFFIX));
                    }
                }
            }
            needed.removeAll(requested);
            requested.addAll(needed);
            fetcher.fetch(needed, false, staging);
            boolean changed = false;
            for (String dir : dirsUsed) {
                byte[] real = LocalCopyReader.readDirIv(dir.isEmpty() ? staging : staging.resolve(dir));
                byte[] used = known.containsKey(dir) ? known.get(dir) : paths.derivedDirIv(dir);
                if (real != null && !Arrays.equals(real, used)) {
                    known.put(dir, real);
                    changed = true;
                }
            }
            if (!changed || round > 300) {
                progress.phase(null);
                return targets;
            }
        }
    }

    /** Hands over the directories above a selected path (fetched with its IV file). */
    private boolean ancestors(Target t, CopyVisitor visitor, Map<String, PlainPath> dirs,
                              Map<String, RsyncFetcher.Listed> listed) throws IOException {
        PlainPath p = PlainPath.root();
        dirs.put("", p);
        for (int i = 0; i < t.components().size() - 1; i++) {
            p = p.child(t.plain().component(i));
            String cipher = CipherPaths.join(t.components(), i + 1);
            Path local = staging.resolve(cipher);
            if (!Files.isDirectory(local, LinkOption.NOFOLLOW_LINKS)) {
                visitor.missing(t.plain(), t.cipher());
                return false;
            }
            visitor.ancestor(withListedPermissions(LocalCopyReader.entry(staging, cipher, p), listed));
            dirs.put(cipher, p);
        }
        return true;
    }

    /**
     * A directory as staged, with the permissions the listing gave: staged directories are kept
     * writable for us, so their own modes are not the copy's.
     */
    static CipherTree.Entry withListedPermissions(CipherTree.Entry e, Map<String, RsyncFetcher.Listed> listed) {
        RsyncFetcher.Listed l = listed.get(e.cipherPath());
        if (l == null || l.permissions() < 0 || (e.mode() & 0170000) != 0040000) {
            return e;
        }
        Map<String, Object> attrs = new HashMap<>(e.attributes());
        attrs.put("mode", (e.mode() & 0170000) | l.permissions());
        return new CipherTree.Entry(e.cipherPath(), e.plainPath(), e.file(), attrs);
    }

    // ---------------------------------------------------------------- content in batches

    private void batches(List<RsyncFetcher.Listed> content, Map<String, PlainPath> dirs, CopyVisitor visitor)
            throws IOException {
        List<List<RsyncFetcher.Listed>> batches = new ArrayList<>();
        List<RsyncFetcher.Listed> current = new ArrayList<>();
        long size = 0;
        for (RsyncFetcher.Listed e : content) {
            if (!dirs.containsKey(CipherPaths.parent(e.path()))) {
                continue; // its directory could not be read (reported) or was not restored
            }
            if (!current.isEmpty() && size + e.size() > batchBytes) {
                batches.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(e);
            size += e.size();
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        for (int b = 0; b < batches.size(); b++) {
            List<RsyncFetcher.Listed> batch = batches.get(b);
            long bytes = batch.stream().mapToLong(RsyncFetcher.Listed::size).sum();
            progress.phase(batches.size() == 1 ? "fetching " + Units.bytes(bytes)
                    : "fetching batch " + (b + 1) + " of " + batches.size() + ", " + Units.bytes(bytes));
            List<String> batchPaths = batch.stream().map(RsyncFetcher.Listed::path).toList();
            fetcher.fetch(batchPaths, false, staging);
            progress.phase(null);
            Set<String> inBatch = new HashSet<>(batchPaths);
            Map<String, List<String>> byDir = new LinkedHashMap<>();
            for (String path : batchPaths) {
                if (!Files.isRegularFile(staging.resolve(path), LinkOption.NOFOLLOW_LINKS)) {
                    visitor.problem(path, null, NOT_FETCHED);
                    continue;
                }
                byDir.computeIfAbsent(CipherPaths.parent(path), k -> new ArrayList<>()).add(path);
            }
            BatchWalk walk = new BatchWalk(visitor, inBatch);
            for (Map.Entry<String, List<String>> d : byDir.entrySet()) {
                walk.top = d.getKey();
                tree.walk(d.getKey(), dirs.get(d.getKey()), walk);
            }
            visitor.awaitFiles();
            for (String path : batchPaths) {
                Files.deleteIfExists(staging.resolve(path));
            }
        }
    }

    /**
     * The skeleton walk: everything but content files is handed over as it is met; directories
     * whose content is to be read are remembered for the batches.
     */
    private static final class SkeletonWalk implements CipherTree.Visitor {
        private final CopyVisitor visitor;
        private final Map<String, PlainPath> dirs;
        private final Map<String, RsyncFetcher.Listed> listed;

        SkeletonWalk(CopyVisitor visitor, Map<String, PlainPath> dirs, Map<String, RsyncFetcher.Listed> listed) {
            this.visitor = visitor;
            this.dirs = dirs;
            this.listed = listed;
        }

        @Override
        public boolean directory(CipherTree.Entry dir) throws IOException {
            boolean enter = visitor.directory(withListedPermissions(dir, listed));
            if (enter) {
                dirs.put(dir.cipherPath(), dir.plainPath());
            }
            return enter;
        }

        @Override
        public void leaveDirectory(CipherTree.Entry dir) throws IOException {
            visitor.leaveDirectory(dir);
        }

        @Override
        public void file(CipherTree.Entry file) throws IOException {
            if (file.size() == 0) {
                visitor.file(file); // empty files are part of the skeleton; the rest comes in batches
            }
        }

        @Override
        public void symlink(CipherTree.Entry link, byte[] plainTarget) throws IOException {
            visitor.symlink(link, plainTarget);
        }

        @Override
        public void special(CipherTree.Entry entry) throws IOException {
            visitor.special(entry);
        }

        @Override
        public void problem(String cipherPath, PlainPath plainPath, String message) {
            visitor.problem(cipherPath, plainPath, message);
        }
    }

    /** One batch: only the batch's files in one directory are handed over; the rest was dealt with. */
    private static final class BatchWalk implements CipherTree.Visitor {
        private final CopyVisitor visitor;
        private final Set<String> inBatch;
        String top;

        BatchWalk(CopyVisitor visitor, Set<String> inBatch) {
            this.visitor = visitor;
            this.inBatch = inBatch;
        }

        @Override
        public boolean directory(CipherTree.Entry dir) {
            return dir.cipherPath().equals(top);
        }

        @Override
        public void file(CipherTree.Entry file) throws IOException {
            if (inBatch.contains(file.cipherPath())) {
                visitor.file(file);
            }
        }

        @Override
        public void symlink(CipherTree.Entry link, byte[] plainTarget) {
        }

        @Override
        public void special(CipherTree.Entry entry) {
        }

        @Override
        public void problem(String cipherPath, PlainPath plainPath, String message) {
            if (inBatch.contains(cipherPath)) {
                visitor.problem(cipherPath, plainPath, message);
            }
        }
    }
}
