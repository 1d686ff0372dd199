package io.revcrypt.sync.session;

import io.revcrypt.sync.decode.CtlClient;
import io.revcrypt.sync.decode.CtlResponse;
import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.transport.RsyncCall;
import io.revcrypt.sync.transport.RsyncInvocation;
import io.revcrypt.sync.transport.SshTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Before the first {@code rsync --delete} into a directory: is it empty, or a copy made with this
 * same key? Anything else would be deleted, so it is refused. "Same key" means: its
 * {@code gocryptfs.conf} is ours byte for byte, or every sampled name in it decrypts with our key
 * (a wrong key decrypts a random name to valid padding about once in 250 tries; twenty names
 * never do).
 */
public final class DestinationCheck {

    private static final int SAMPLE = 20;
    private static final Pattern RSYNC_TEMP = Pattern.compile("\\.(.+)\\.[A-Za-z0-9]{6}");

    /** What the destination turned out to be. */
    public enum Verdict { MISSING, EMPTY, SAME_KEY }

    private final RemoteTools tools;

    public DestinationCheck(RemoteTools tools) {
        this.tools = tools;
    }

    /**
     * @param dir      the directory to check, as rsync takes it (local path or host:path)
     * @param viewConf our {@code gocryptfs.conf} as the view shows it, or null if it shows none
     * @throws RefusedException if it is neither empty nor ours
     */
    public Verdict check(Destination dest, String sub, byte[] viewConf, CtlClient ctl) throws IOException, RefusedException {
        List<String> names = tools.list(dest, sub);
        if (names == null) {
            return Verdict.MISSING;
        }
        // lock files are of a run, not of the copy: this run's own, or another's that the lock decides about
        names.removeIf(n -> n.equals(".") || n.equals("..") || n.equals(".~tmp~") || n.startsWith(LockAtDestination.PREFIX));
        if (names.isEmpty()) {
            return Verdict.EMPTY;
        }
        if (viewConf != null && names.contains("gocryptfs.conf")) {
            byte[] theirs = tools.fetch(dest, sub.isEmpty() ? "gocryptfs.conf" : sub + "/gocryptfs.conf", 64 << 10);
            if (theirs != null && Arrays.equals(theirs, viewConf)) {
                return Verdict.SAME_KEY;
            }
        }
        List<String> sample = new ArrayList<>();
        for (String n : names) {
            // rsync's temporary file of an interrupted copy is ".NAME.XXXXXX": NAME is what to try
            Matcher temp = RSYNC_TEMP.matcher(n);
            String candidate = temp.matches() ? temp.group(1) : n;
            if (!candidate.startsWith("gocryptfs.") && !candidate.startsWith(".") && sample.size() < SAMPLE) {
                sample.add(candidate);
            }
        }
        String where = sub.isEmpty() ? dest.toString() : dest + "/" + sub;
        if (sample.isEmpty()) {
            throw new RefusedException(where + " is not empty and holds no names encrypted with this key ("
                    + String.join(", ", names.subList(0, Math.min(5, names.size()))) + ")");
        }
        for (String name : sample) {
            CtlResponse r = ctl.decryptPath(name);
            if (!r.ok()) {
                throw new RefusedException(where + " is not empty and is not a copy made with this key (\"" + name
                        + "\" does not decrypt); refusing to rsync --delete into it, which would delete what is there."
                        + " Use an empty or new directory");
            }
        }
        return Verdict.SAME_KEY;
    }

    /** The destination is something we must not touch; the message says what. */
    public static final class RefusedException extends Exception {
        public RefusedException(String message) {
            super(message);
        }
    }

    /** Listing and fetching on a destination, locally or with rsync over ssh. */
    public interface RemoteTools {
        /** Names in the directory, or null if it does not exist. */
        List<String> list(Destination dest, String sub) throws IOException;

        /** A small file's bytes, or null if it does not exist. */
        byte[] fetch(Destination dest, String relative, int maxBytes) throws IOException;
    }

    /** Local destinations through the file system. */
    public static RemoteTools local() {
        return new RemoteTools() {
            @Override
            public List<String> list(Destination dest, String sub) throws IOException {
                Path dir = sub.isEmpty() ? dest.localPath() : dest.localPath().resolve(sub);
                if (!Files.isDirectory(dir)) {
                    if (Files.exists(dir)) {
                        throw new IOException(dir + " exists and is not a directory");
                    }
                    return null;
                }
                try (Stream<Path> s = Files.list(dir)) {
                    return new ArrayList<>(s.map(p -> p.getFileName().toString()).toList());
                }
            }

            @Override
            public byte[] fetch(Destination dest, String relative, int maxBytes) throws IOException {
                Path f = dest.localPath().resolve(relative);
                if (!Files.isRegularFile(f)) {
                    return null;
                }
                return Files.size(f) > maxBytes ? null : Files.readAllBytes(f);
            }
        };
    }

    /** Remote destinations with {@code rsync --list-only} and a plain rsync fetch: works on rsync-only hosts. */
    public static RemoteTools overRsync(SshTransport ssh, Path scratch) {
        return new RemoteTools() {
            @Override
            public List<String> list(Destination dest, String sub) throws IOException {
                RsyncCall.Result r = RsyncCall.run(RsyncInvocation.listing(ssh.rsyncShell(), dest.rsyncArg(sub)));
                if (r.exitCode() != 0) {
                    if (r.output().contains("No such file or directory")) {
                        return null;
                    }
                    throw new IOException("cannot list " + dest.rsyncArg(sub) + ": " + r.lastLines());
                }
                List<String> names = new ArrayList<>();
                for (String line : r.output().split("\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    // "drwxr-xr-x          4,096 2026/11/23 01:00:00 name": the name is what follows the 4th field
                    String[] f = line.trim().split("\\s+", 5);
                    if (f.length == 5 && !f[4].equals(".") && !f[4].equals("..")) {
                        names.add(stripLinkTarget(f[0], f[4]));
                    }
                }
                return names;
            }

            @Override
            public byte[] fetch(Destination dest, String relative, int maxBytes) throws IOException {
                Path target = scratch.resolve("fetched-" + System.nanoTime());
                RsyncCall.Result r = RsyncCall.run(RsyncInvocation.fetchSmallFile(ssh.rsyncShell(), dest.rsyncFile(relative),
                        target.toString(), maxBytes));
                try {
                    if (r.exitCode() != 0 || !Files.exists(target)) {
                        return null;
                    }
                    return Files.readAllBytes(target);
                } finally {
                    Files.deleteIfExists(target);
                }
            }
        };
    }

    private static String stripLinkTarget(String perms, String name) {
        if (perms.startsWith("l")) {
            int arrow = name.indexOf(" -> ");
            return arrow < 0 ? name : name.substring(0, arrow);
        }
        return name;
    }
}
