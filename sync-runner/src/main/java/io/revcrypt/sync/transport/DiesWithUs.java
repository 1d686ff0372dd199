package io.revcrypt.sync.transport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * rsync must not outlive the run that started it: the destination's lock dies with the run
 * (even by {@code kill -9}), and a second run could then start next to an orphaned rsync still
 * writing. {@code setpriv --pdeathsig KILL} (util-linux, on every Debian) makes the kernel kill
 * the child when its parent thread dies; children are always started from the run's main thread.
 */
public final class DiesWithUs {

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private DiesWithUs() {
    }

    public static List<String> wrap(List<String> argv) {
        if (!Files.isExecutable(SETPRIV)) {
            return argv;
        }
        List<String> wrapped = new ArrayList<>(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
        wrapped.addAll(argv);
        return wrapped;
    }
}
