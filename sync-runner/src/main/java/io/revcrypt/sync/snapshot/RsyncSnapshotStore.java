package io.revcrypt.sync.snapshot;

import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.session.DestinationCheck;
import io.revcrypt.sync.transport.RsyncCall;
import io.revcrypt.sync.transport.RsyncExit;
import io.revcrypt.sync.transport.SshTransport;
import io.revcrypt.sync.snapshot.SnapshotLayout;
import io.revcrypt.sync.snapshot.SnapshotRecord;
import io.revcrypt.sync.snapshot.SnapshotStore;
import io.revcrypt.sync.transport.RsyncInvocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot destination on a remote host reached with rsync over ssh and nothing else: listing
 * with {@code --list-only}, files put and fetched with plain rsync, snapshots deleted by
 * syncing an empty directory with {@code --delete} and filters that select only them. So it works
 * on storage boxes and on accounts restricted to {@code rrsync}.
 */
public final class RsyncSnapshotStore implements SnapshotStore {

    private final Destination dest;
    private final SshTransport ssh;
    private final Path scratch;
    private Boolean refusesParentLinks;

    public RsyncSnapshotStore(Destination dest, SshTransport ssh, Path scratch) {
        this.dest = dest;
        this.ssh = ssh;
        this.scratch = scratch;
    }

    @Override
    public List<String> names() throws IOException {
        return DestinationCheck.overRsync(ssh, scratch).list(dest, "");
    }

    /** Creates DEST (its parent must exist) by syncing an empty directory to it. */
    @Override
    public void createTop() throws IOException {
        inScratch("top", empty -> {
            check(rsync("--dirs", empty + "/", dest.rsyncArg("")), "create " + dest);
            return null;
        });
    }

    @Override
    public Optional<String> latestTarget() throws IOException {
        RsyncCall.Result r = rsync("--list-only", "--links", dest.rsyncFile(SnapshotLayout.LATEST));
        if (r.exitCode() != 0) {
            return Optional.empty();
        }
        for (String line : r.output().split("\n")) {
            int arrow = line.indexOf(" -> ");
            if (line.startsWith("l") && arrow > 0) {
                return Optional.of(line.substring(arrow + 4).strip());
            }
        }
        return Optional.empty();
    }

    @Override
    public Map<String, SnapshotRecord> records() throws IOException {
        Map<String, SnapshotRecord> out = new HashMap<>();
        return inScratch("records", target -> {
            RsyncCall.Result r = rsync("--recursive", "--include=*.json", "--exclude=*",
                    dest.rsyncArg(SnapshotLayout.RECORDS), target + "/");
            if (r.exitCode() != 0) {
                return out; // no records yet
            }
            return SnapshotRecord.readAll(target, out);
        });
    }

    /** One rsync that fetches {@code <stamp>/gocryptfs.conf} of every stamp asked for. */
    @Override
    public Map<String, byte[]> configs(Collection<String> stamps) throws IOException {
        if (stamps.isEmpty()) {
            return new HashMap<>();
        }
        return inScratch("configs", target -> {
            List<String> argv = new ArrayList<>(List.of("--recursive"));
            for (String stamp : stamps) {
                argv.add("--include=/" + stamp + "/");
                argv.add("--include=/" + stamp + "/" + SnapshotLayout.CONFIG);
            }
            argv.add("--exclude=*");
            argv.add(dest.rsyncArg(""));
            argv.add(target + "/");
            RsyncCall.Result r = rsync(argv.toArray(new String[0]));
            if (!RsyncExit.copied(r.exitCode())) {
                throw new IOException("cannot read the snapshots' " + SnapshotLayout.CONFIG + " (rsync exit " + r.exitCode()
                        + "): " + r.lastLines());
            }
            return SnapshotLayout.readConfigs(target, stamps);
        });
    }

    @Override
    public void putRecord(SnapshotRecord record) throws IOException {
        inScratch("put", stage -> {
            Path file = stage.resolve(SnapshotLayout.recordPath(record.stamp()));
            Files.createDirectories(file.getParent());
            Files.write(file, record.toJson());
            check(rsync("--recursive", stage + "/", dest.rsyncArg("")), "write the run record");
            return null;
        });
    }

    @Override
    public void pointLatest(String stamp) throws IOException {
        inScratch("latest", stage -> {
            Files.createSymbolicLink(stage.resolve(SnapshotLayout.LATEST), Path.of(stamp));
            // the directory, not the file: rsync would follow an existing latest -> <dir> and write into that snapshot
            check(rsync("--links", "--dirs", "--include=/" + SnapshotLayout.LATEST, "--exclude=*", stage + "/",
                    dest.rsyncArg("")), "point latest at " + stamp);
            return null;
        });
    }

    @Override
    public void delete(List<String> names) throws IOException {
        if (names.isEmpty()) {
            return;
        }
        inScratch("empty", empty -> {
            List<String> argv = new ArrayList<>(List.of("--recursive", "--delete"));
            for (String name : names) {
                argv.add("--include=/" + name + "/***");
                argv.add("--include=/" + name);
            }
            argv.add("--include=/" + SnapshotLayout.META + "/");
            argv.add("--include=/" + SnapshotLayout.RECORDS + "/");
            for (String name : names) {
                argv.add("--include=/" + SnapshotLayout.recordPath(name));
            }
            argv.add("--exclude=*");
            argv.add(empty + "/");
            argv.add(dest.rsyncArg(""));
            check(rsync(argv.toArray(new String[0])), "delete " + String.join(", ", names));
            return null;
        });
    }

    @Override
    public void deleteRecord(String stamp) throws IOException {
        inScratch("empty", empty -> {
            check(rsync("--recursive", "--delete", "--include=/" + SnapshotLayout.META + "/",
                    "--include=/" + SnapshotLayout.RECORDS + "/", "--include=/" + SnapshotLayout.recordPath(stamp),
                    "--exclude=*", empty + "/", dest.rsyncArg("")), "delete the record of " + stamp);
            return null;
        });
    }

    /**
     * {@code ../name}, unless the remote refuses {@code ..} in {@code --link-dest} ({@code rrsync}
     * does: paths are confined to its directory, where DEST's own path, made absolute, names the
     * same place). Asked once, with a dry-run push that carries such an option.
     */
    @Override
    public String linkDest(String name) throws IOException {
        if (refusesParentLinks == null) {
            // a dry-run push of an empty directory: the remote receives the option and checks it
            inScratch("probe", empty -> {
                RsyncCall.Result probe = rsync("--dry-run", "--dirs", "--link-dest=../" + SnapshotLayout.LATEST,
                        empty + "/", dest.rsyncArg(""));
                refusesParentLinks = probe.exitCode() != 0 && probe.output().contains("..");
                return null;
            });
        }
        if (!refusesParentLinks) {
            return "../" + name;
        }
        String p = dest.path().endsWith("/") ? dest.path() : dest.path() + "/";
        return (p.startsWith("/") ? p : "/" + p) + name;
    }

    @Override
    public boolean canRename() {
        return false;
    }

    @Override
    public void rename(String from, String to) {
        throw new UnsupportedOperationException("a remote reached with rsync alone cannot rename");
    }

    /** Work on a fresh directory of the run's scratch space, removed after, whatever happens. */
    private interface ScratchWork<T> {
        T in(Path dir) throws IOException;
    }

    private <T> T inScratch(String prefix, ScratchWork<T> work) throws IOException {
        Path dir = Files.createTempDirectory(scratch, prefix);
        try {
            return work.in(dir);
        } finally {
            deleteQuietly(dir);
        }
    }

    private RsyncCall.Result rsync(String... args) throws IOException {
        return RsyncCall.run(RsyncInvocation.overSsh(ssh.rsyncShell(), List.of(args)));
    }

    private static void check(RsyncCall.Result r, String what) throws IOException {
        if (r.exitCode() != 0) {
            throw new IOException("cannot " + what + " (rsync exit " + r.exitCode() + "): " + r.lastLines());
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            try (var all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // a scratch directory of the run: removed with the run directory anyway
        }
    }
}
