package io.revcrypt.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A snapshot destination as the tests read it, straight from the file system (never through
 * revcrypt's own classes): {@code DEST/<YYYY-MM-DDTHHMMSSZ>/}, {@code DEST/latest},
 * {@code DEST/.inprogress/}, {@code DEST/.revcrypt/snapshots/<stamp>.json}. Also makes snapshots with
 * chosen stamps from a real one, for retention tests.
 */
public final class OpsSnapshots {

    public static final Pattern STAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{6}Z");
    public static final String LATEST = "latest";
    public static final String IN_PROGRESS = ".inprogress";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpsSnapshots() {}

    /** The snapshot directories of DEST, oldest first. */
    public static List<String> stamps(Path dest) throws IOException {
        if (!Files.isDirectory(dest)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dest)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> STAMP.matcher(n).matches()).sorted().toList();
        }
    }

    /** Every top-level name of DEST. */
    public static List<String> names(Path dest) throws IOException {
        try (Stream<Path> s = Files.list(dest)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Where {@code DEST/latest} points, if it is a symlink. */
    public static Optional<String> latest(Path dest) throws IOException {
        Path l = dest.resolve(LATEST);
        return Files.isSymbolicLink(l) ? Optional.of(Files.readSymbolicLink(l).toString()) : Optional.empty();
    }

    public static Path recordFile(Path dest, String stamp) {
        return dest.resolve(".revcrypt/snapshots/" + stamp + ".json");
    }

    public static JsonNode record(Path dest, String stamp) throws IOException {
        return JSON.readTree(Files.readAllBytes(recordFile(dest, stamp)));
    }

    /** The stamp named in a line of sync's output ({@code …; snapshot <stamp> …}). */
    public static String publishedIn(CommandResult sync) {
        var m = Pattern.compile("snapshot (" + STAMP.pattern() + ")").matcher(sync.stdout());
        if (!m.find()) {
            throw new AssertionError("the run names no published snapshot:\n" + sync.describe());
        }
        return m.group(1);
    }

    /**
     * Makes {@code DEST/<stamp>} as a hard-linked copy of the real snapshot {@code template} (so it
     * is a complete gocryptfs copy too) with a run record saying {@code complete} or {@code partial}.
     */
    public static void craft(Path dest, Path template, String stamp, boolean partial)
            throws IOException, InterruptedException {
        Files.createDirectories(dest);
        Commands.check(Commands.run("cp", "-al", template.toString(), dest.resolve(stamp).toString()));
        writeRecord(dest, stamp, partial ? "partial" : "complete");
    }

    /** A run record as revcrypt writes it. */
    public static void writeRecord(Path dest, String stamp, String status) throws IOException {
        Path file = recordFile(dest, stamp);
        Files.createDirectories(file.getParent());
        String iso = stamp.substring(0, 13) + ":" + stamp.substring(13, 15) + ":" + stamp.substring(15, 17) + "Z";
        Files.writeString(file, "{\n  \"stamp\" : \"" + stamp + "\",\n  \"status\" : \"" + status + "\",\n"
                + "  \"started\" : \"" + iso + "\",\n  \"finished\" : \"" + iso + "\",\n"
                + "  \"created\" : 1,\n  \"changed\" : 2,\n  \"deleted\" : 3,\n  \"bytesSent\" : 4096,\n"
                + "  \"notCopied\" : " + ("partial".equals(status) ? 1 : 0) + "\n}\n", StandardCharsets.UTF_8);
    }

    /** Points {@code DEST/latest} at {@code stamp} (a relative symlink, as revcrypt makes it). */
    public static void pointLatest(Path dest, String stamp) throws IOException {
        Path l = dest.resolve(LATEST);
        Files.deleteIfExists(l);
        Files.createSymbolicLink(l, Path.of(stamp));
    }

    /** A regular file of a snapshot: inode, link count, mtime and content hash. */
    public record FileFacts(long inode, int links, long mtimeNanos, String sha256) {}

    /** Every regular file below {@code dir}, by relative path. */
    public static Map<String, FileFacts> files(Path dir) throws IOException {
        Map<String, FileFacts> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Map<String, Object> a = Files.readAttributes(p, "unix:ino,nlink,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
                out.put(dir.relativize(p).toString(), new FileFacts((Long) a.get("ino"), (Integer) a.get("nlink"),
                        ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).to(java.util.concurrent.TimeUnit.NANOSECONDS),
                        TreeStat.sha256(p)));
            }
        }
        return out;
    }

    /**
     * Asserts that {@code newer} shares every file that did not change since {@code older} by hard
     * link — same inode, at least two links — and that exactly {@code changed} files differ.
     * Returns the relative paths of the files that differ.
     */
    public static List<String> assertUnchangedFilesShared(Path older, Path newer, int changed) throws IOException {
        List<String> differing = assertUnchangedFilesShared(older, newer);
        assertEquals(changed, differing.size(), "files of " + newer + " that differ from " + older + ": " + differing);
        return differing;
    }

    /** As {@link #assertUnchangedFilesShared(Path, Path, int)}, whatever the number of changed files. */
    public static List<String> assertUnchangedFilesShared(Path older, Path newer) throws IOException {
        Map<String, FileFacts> a = files(older);
        Map<String, FileFacts> b = files(newer);
        List<String> differing = new ArrayList<>();
        List<String> notLinked = new ArrayList<>();
        int shared = 0;
        for (Map.Entry<String, FileFacts> e : b.entrySet()) {
            FileFacts old = a.get(e.getKey());
            FileFacts now = e.getValue();
            if (old == null || !old.sha256().equals(now.sha256()) || old.mtimeNanos() != now.mtimeNanos()) {
                differing.add(e.getKey());
            } else if (old.inode() != now.inode() || now.links() < 2) {
                notLinked.add(e.getKey() + " (inode " + old.inode() + " / " + now.inode() + ", links " + now.links() + ")");
            } else {
                shared++;
            }
        }
        assertTrue(notLinked.isEmpty(), notLinked.size() + " unchanged file(s) of " + newer
                + " are copies, not hard links to " + older + ":\n  " + String.join("\n  ", notLinked));
        assertTrue(shared >= 5, "only " + shared + " files shared; the test tree is too small to say anything");
        assertTrue(a.containsKey("gocryptfs.conf") && b.containsKey("gocryptfs.conf"),
                "each snapshot holds gocryptfs.conf: " + older + ", " + newer);
        return differing;
    }

    /**
     * Mounts a snapshot with stock gocryptfs (forward mode, {@code -ro}) at {@code mnt}, tracked by
     * the environment's guard, and returns the mount point.
     */
    public static Path mountWithGocryptfs(OpsEnv ops, Path snapshot, Path mnt) throws IOException, InterruptedException {
        Files.createDirectories(mnt);
        Gocryptfs.mountForward(ops.mounts(), snapshot, mnt, "-ro", "-passfile", ops.passfile().toString());
        return mnt;
    }

    /** Unmounts a gocryptfs mount made by {@link #mountWithGocryptfs}. */
    public static void unmount(Path mnt) throws IOException, InterruptedException {
        Commands.check(ProcessRunner.run(List.of("fusermount", "-u", "--", mnt.toString()), Duration.ofSeconds(30)));
    }
}
