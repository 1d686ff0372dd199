package io.revcrypt.sync.session;

import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.transport.RsyncCall;
import io.revcrypt.sync.transport.RsyncInvocation;
import io.revcrypt.sync.transport.SshTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The lock files of a remote destination, reached with rsync alone (no shell, so it works on an
 * rsync-only host such as one behind {@code rrsync}). A lock is uploaded from a staging directory
 * (rsync writes a temporary file and renames it, so it appears whole, under a name nobody else
 * uses); refreshed by uploading it again ({@code --ignore-times}: the server's clock gives it a
 * new mtime); listed with {@code --list-only}; removed by an rsync {@code --delete} from an empty
 * directory that only that one name is let through to.
 */
final class RsyncLockDir implements LockAtDestination.LockDir {

    /** {@code 2026/12/07 09:07:10}, in this machine's time zone, as rsync prints a listing. */
    private static final DateTimeFormatter LISTED = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

    private final Destination dest;
    private final String sub;
    private final SshTransport ssh;
    private final Path scratch;

    /**
     * @param sub     the lock directory inside the destination: "" for its top, or e.g. ".revcrypt"
     * @param scratch a private directory of this run for the staging copies
     */
    RsyncLockDir(Destination dest, String sub, SshTransport ssh, Path scratch) {
        this.dest = dest;
        this.sub = sub;
        this.ssh = ssh;
        this.scratch = scratch;
    }

    @Override
    public String where() {
        String top = dest.rsyncArg("");
        return (sub.isEmpty() ? top : top + sub + "/").replaceAll("/+$", "");
    }

    @Override
    public void create(String fileName, byte[] content) throws IOException {
        upload(fileName, content);
    }

    @Override
    public void refresh(String fileName, byte[] content) throws IOException {
        upload(fileName, content);
    }

    /** Uploads into the top of the destination, so that the destination and {@code sub} are made if missing. */
    private void upload(String fileName, byte[] content) throws IOException {
        Path staging = freshStaging("lock-up");
        Path dir = sub.isEmpty() ? staging : Files.createDirectories(staging.resolve(sub));
        Files.write(dir.resolve(fileName), content);
        try {
            RsyncCall.Result r = RsyncCall.run(RsyncInvocation.upload(ssh.rsyncShell(), staging + "/", dest.rsyncArg("")));
            if (r.exitCode() != 0) {
                throw new IOException("cannot write the lock file " + where() + "/" + fileName + ": " + r.lastLines());
            }
        } finally {
            deleteTree(staging);
        }
    }

    @Override
    public List<LockAtDestination.Found> list() throws IOException {
        RsyncCall.Result r = RsyncCall.run(RsyncInvocation.lockFiles(ssh.rsyncShell(), dest.rsyncArg(sub)));
        if (r.exitCode() != 0) {
            if (r.output().contains("No such file or directory")) {
                return List.of();
            }
            throw new IOException("cannot list the locks in " + where() + ": " + r.lastLines());
        }
        return parseListing(r.output(), ZoneId.systemDefault());
    }

    /** The lock files of an {@code rsync --list-only} listing ("-rw-r--r--  56 2026/12/07 09:07:10 NAME"). */
    static List<LockAtDestination.Found> parseListing(String listing, ZoneId zone) {
        List<LockAtDestination.Found> found = new ArrayList<>();
        for (String line : listing.split("\n")) {
            String[] f = line.strip().split("\\s+", 5);
            if (f.length != 5 || !f[0].startsWith("-") || !f[4].startsWith(LockAtDestination.PREFIX)) {
                continue;
            }
            try {
                long mtime = LocalDateTime.parse(f[2] + " " + f[3], LISTED).atZone(zone).toInstant().toEpochMilli();
                found.add(new LockAtDestination.Found(f[4], mtime));
            } catch (DateTimeParseException e) {
                // not a line of the listing
            }
        }
        return found;
    }

    @Override
    public void remove(String fileName) throws IOException {
        Path empty = freshStaging("lock-rm");
        try {
            RsyncCall.Result r = RsyncCall.run(RsyncInvocation.deleteOne(ssh.rsyncShell(), fileName, empty + "/",
                    dest.rsyncArg(sub)));
            if (r.exitCode() != 0) {
                throw new IOException(r.lastLines());
            }
        } finally {
            deleteTree(empty);
        }
    }

    private Path freshStaging(String prefix) throws IOException {
        return Files.createDirectory(scratch.resolve(prefix + "-" + System.nanoTime()));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
