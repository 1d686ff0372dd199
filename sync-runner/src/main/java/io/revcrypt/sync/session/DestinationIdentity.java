package io.revcrypt.sync.session;

import io.revcrypt.sync.transport.Destination;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The destination as it is, not as it was spelled (design §6), for the key of the lock in the
 * state directory: {@code /backup} and a symlink to it, or {@code host:path} and
 * {@code host:path/}, are one destination and must never be written by two runs at once.
 *
 * <p>Locally: the real path of the nearest existing ancestor (symlinks resolved) plus the rest,
 * which does not exist yet. Remotely: user, host name and port as ssh resolves them
 * ({@code ssh -G} with the run's own ssh options, so an alias and the host it names are one) plus
 * the path with its spelling normalised. What ssh cannot tell (a symlink on the server, a path
 * relative to the home directory against an absolute one) the lock file at the destination
 * itself catches ({@link LockAtDestination}).
 */
public final class DestinationIdentity {

    private DestinationIdentity() {
    }

    public static String of(Destination dest, List<String> sshOptions) {
        return dest.isRemote() ? "ssh://" + sshEndpoint(dest.host(), sshOptions) + "/" + normaliseRemotePath(dest.path())
                : localRealPath(dest.localPath()).toString();
    }

    /** The real path of the nearest existing ancestor, with the missing rest appended. */
    static Path localRealPath(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null) {
            try {
                Path real = existing.toRealPath();
                return real.resolve(existing.relativize(absolute)).normalize();
            } catch (IOException missing) {
                existing = existing.getParent();
            }
        }
        return absolute;
    }

    /** {@code a//b/./c/} is {@code a/b/c}; {@code ./x} is {@code x}; the top stays {@code /} (or {@code .}). */
    static String normaliseRemotePath(String path) {
        boolean absolute = path.startsWith("/");
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/+")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        String joined = String.join("/", parts);
        return absolute ? "/" + joined : joined.isEmpty() ? "." : joined;
    }

    /**
     * {@code user@hostname:port} from {@code ssh -G}, which applies ~/.ssh/config and the options
     * given; the host as written if ssh cannot say (the run then fails on connecting anyway).
     */
    static String sshEndpoint(String host, List<String> sshOptions) {
        List<String> cmd = new ArrayList<>(List.of("ssh"));
        for (String opt : sshOptions) {
            cmd.add("-o");
            cmd.add(opt);
        }
        cmd.addAll(List.of("-G", host));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return host;
            }
            return p.exitValue() == 0 ? parseSshConfig(out, host) : host;
        } catch (IOException e) {
            return host;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return host;
        }
    }

    /** {@code user@hostname:port} from {@code ssh -G}'s output ("user root", "hostname 127.0.0.1", "port 22"). */
    static String parseSshConfig(String sshG, String fallback) {
        String user = null;
        String hostname = null;
        String port = null;
        for (String line : sshG.split("\n")) {
            String[] kv = line.strip().split("\\s+", 2);
            if (kv.length != 2) {
                continue;
            }
            switch (kv[0].toLowerCase(Locale.ROOT)) {
                case "user" -> user = user == null ? kv[1] : user;
                case "hostname" -> hostname = hostname == null ? kv[1].toLowerCase(Locale.ROOT) : hostname;
                case "port" -> port = port == null ? kv[1] : port;
                default -> { }
            }
        }
        if (hostname == null) {
            return fallback;
        }
        return (user != null ? user + "@" : "") + hostname + ":" + (port != null ? port : "22");
    }
}
