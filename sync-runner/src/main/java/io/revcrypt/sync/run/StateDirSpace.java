package io.revcrypt.sync.run;

import io.revcrypt.sync.common.Units;
import io.revcrypt.sync.common.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The state directory must have room for a run's log, name journal and status before the run starts:
 * a run that cannot keep its own records is refused (exit 1, nothing copied) with one line that
 * names the directory, instead of copying with a log that stops and a status that still shows the
 * run before.
 */
final class StateDirSpace {

    /** Enough for the log of a first copy of some ten thousand files, the journal and the status. */
    static final long NEEDED = 1L << 20;

    private StateDirSpace() {
    }

    static void require(Path stateDir) {
        long free;
        try {
            free = Files.getFileStore(stateDir).getUsableSpace();
        } catch (IOException e) {
            throw UserException.failed(cannotWrite(stateDir, e.getMessage()));
        }
        if (free < NEEDED) {
            throw UserException.failed(cannotWrite(stateDir, "no space left (" + Units.bytes(free) + " free, a run needs "
                    + Units.bytes(NEEDED) + " for its log, name journal and status)"));
        }
    }

    static String cannotWrite(Path stateDir, String why) {
        return "cannot write the state dir " + stateDir + ": " + why + "; nothing was copied. Free some space there, "
                + "or set REVCRYPT_STATE_DIR to a directory with room";
    }
}
