package io.revcrypt.sync.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MountProcessTest {

    @Test
    void aChildThatStoppedByItselfIsDescribedByHowItEnded() {
        assertEquals("was killed by signal 9 (SIGKILL)", MountProcess.describeExit(137, false));
        assertEquals("was killed by signal 6 (SIGABRT)", MountProcess.describeExit(134, false));
        assertEquals("crashed with exit code 1", MountProcess.describeExit(1, false));
        assertEquals("stopped: its FUSE connection was aborted", MountProcess.describeExit(0, true));
        assertEquals("stopped by itself: its FUSE connection was aborted, or the view was unmounted from outside",
                MountProcess.describeExit(0, false));
    }
}
