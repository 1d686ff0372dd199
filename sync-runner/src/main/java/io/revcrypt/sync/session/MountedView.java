package io.revcrypt.sync.session;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The mounted view as a run over it sees it: where it is, whether it still serves, and asking it
 * to unmount. {@link MountProcess} is the real one; a test of a run's orchestration gives a fake
 * (real FUSE mounts are tested in native-tests).
 */
public interface MountedView {

    /** Where the view is mounted. */
    Path mountPoint();

    /** Why the view no longer serves although the run has not asked it to stop, or empty while it serves. */
    Optional<String> failure();

    /** Runs {@code action} (on another thread) if the view goes away before the run asked it to. */
    void onUnexpectedExit(Runnable action);

    /** Asks the view to unmount without waiting for it; the session's release waits. */
    void beginClose();
}
