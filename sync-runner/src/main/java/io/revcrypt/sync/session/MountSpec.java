package io.revcrypt.sync.session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One mount the child process ({@code revcrypt mount --daemon-child}) is to make: what it shows
 * (SRC through its config, less what is excluded) and how it serves it. {@link #childArguments}
 * is the only place that spells the child's command line; the secret never is on it, it goes
 * over the child's stdin.
 *
 * @param source         SRC, as given (made absolute on the command line)
 * @param mountPoint     where the view appears
 * @param config         the config file, or null for {@code SRC/.gocryptfs.reverse.conf}
 * @param masterKey      the secret on stdin is a master key (hex), not a password
 * @param controlSocket  where the child serves gocryptfs's control socket, or null for none
 * @param reportChanged  the file the child appends the cipher path of each file written while it was read to, or null
 * @param allowOther     FUSE {@code allow_other}
 * @param endsWithParent the child unmounts when its stdin ends: the process that started it closed it, or died
 */
public record MountSpec(Path source, Path mountPoint, Path config, List<String> excludes, List<String> excludeWildcards,
                        List<Path> excludeFrom, boolean masterKey, Path controlSocket, Path reportChanged,
                        boolean allowOther, boolean endsWithParent) {

    /** The hidden option that makes {@code mount} the child; {@code Main} recognises the child by it, second after "mount". */
    public static final String DAEMON_CHILD = "--daemon-child";
    private static final List<String> CHILD_COMMAND = List.of("mount", DAEMON_CHILD);

    public MountSpec {
        excludes = List.copyOf(excludes);
        excludeWildcards = List.copyOf(excludeWildcards);
        excludeFrom = List.copyOf(excludeFrom);
    }

    /** A view of {@code source}; where and how it is served is added with the {@code with…} methods. */
    public static MountSpec of(Path source, Path config, List<String> excludes, List<String> excludeWildcards,
                               List<Path> excludeFrom) {
        return new MountSpec(source, null, config, excludes, excludeWildcards, excludeFrom, false, null, null, false, false);
    }

    public MountSpec at(Path mountPoint) {
        return changed(c -> c.mountPoint = mountPoint);
    }

    public MountSpec withMasterKey(boolean masterKey) {
        return changed(c -> c.masterKey = masterKey);
    }

    public MountSpec withControlSocket(Path controlSocket) {
        return changed(c -> c.controlSocket = controlSocket);
    }

    public MountSpec reportingChangesTo(Path reportChanged) {
        return changed(c -> c.reportChanged = reportChanged);
    }

    public MountSpec withAllowOther(boolean allowOther) {
        return changed(c -> c.allowOther = allowOther);
    }

    public MountSpec endingWithParent() {
        return changed(c -> c.endsWithParent = true);
    }

    /** This spec with {@code change} made to how it is served: the one place the {@code with…} methods copy it. */
    private MountSpec changed(Consumer<Serving> change) {
        Serving s = new Serving(this);
        change.accept(s);
        return new MountSpec(source, s.mountPoint, config, excludes, excludeWildcards, excludeFrom, s.masterKey,
                s.controlSocket, s.reportChanged, s.allowOther, s.endsWithParent);
    }

    /** The components a {@code with…} method may change (what is shown stays as it is). */
    private static final class Serving {
        Path mountPoint;
        boolean masterKey;
        Path controlSocket;
        Path reportChanged;
        boolean allowOther;
        boolean endsWithParent;

        Serving(MountSpec spec) {
            mountPoint = spec.mountPoint;
            masterKey = spec.masterKey;
            controlSocket = spec.controlSocket;
            reportChanged = spec.reportChanged;
            allowOther = spec.allowOther;
            endsWithParent = spec.endsWithParent;
        }
    }

    /**
     * The child's command line after the program itself. Paths are absolute, so that the child
     * does not depend on the directory it starts in.
     */
    public List<String> childArguments() {
        if (mountPoint == null) {
            throw new IllegalStateException("a mount needs its mount point");
        }
        List<String> args = new ArrayList<>(CHILD_COMMAND);
        if (endsWithParent) {
            args.add("--watch-stdin");
        }
        args.addAll(masterKey ? List.of("--masterkey", "stdin") : List.of("--password-stdin"));
        if (config != null) {
            args.addAll(List.of("--config", absolute(config)));
        }
        if (controlSocket != null) {
            args.addAll(List.of("--ctlsock", absolute(controlSocket)));
        }
        excludes.forEach(e -> args.addAll(List.of("--exclude", e)));
        excludeWildcards.forEach(w -> args.addAll(List.of("--exclude-wildcard", w)));
        excludeFrom.forEach(f -> args.addAll(List.of("--exclude-from", absolute(f))));
        if (reportChanged != null) {
            args.addAll(List.of("--report-changed", absolute(reportChanged)));
        }
        if (allowOther) {
            args.add("--allow-other");
        }
        args.add(source.toString());
        args.add(mountPoint.toString());
        return args;
    }

    private static String absolute(Path p) {
        return p.toAbsolutePath().toString();
    }
}
