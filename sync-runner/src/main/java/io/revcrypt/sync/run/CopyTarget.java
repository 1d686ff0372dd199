package io.revcrypt.sync.run;

import io.revcrypt.sync.decode.CtlClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import io.revcrypt.sync.session.DestinationCheck;

/**
 * Where rsync writes and what happens around it: a mirror (DEST itself, updated in place) or a
 * snapshot (written into {@code .inprogress}, then published under its stamp).
 *
 * <p>{@link SyncRun} calls, in this order: {@link #prepare}, {@link #beforeRsync}, rsync into
 * {@link #rsyncTarget}, {@link #readsViewAfterRsync} (may the mount start closing?),
 * {@link #afterRsync}, {@link #deletionsSinceBase}, {@link #publish}. The hooks are no-ops by
 * default, so the runner never needs to ask which target it has: what differs is said here.
 */
interface CopyTarget {

    /**
     * Checks the destination may be written (empty, or made with this key) and works out what
     * rsync needs; may print notes for the person.
     */
    void prepare(byte[] viewConfig, CtlClient ctl) throws IOException, DestinationCheck.RefusedException;

    /**
     * With the view mounted, before rsync (a snapshot fills {@code .inprogress} from its base).
     *
     * @param view the mount point
     * @param log  a line for the run's log
     */
    default void beforeRsync(Path view, Consumer<String> log) throws IOException {
    }

    /** rsync's destination argument. */
    String rsyncTarget();

    /** {@code --link-dest} directories, relative to the target as rsync takes them. */
    List<String> linkDests();

    /** A mirror renames changed files into place together at the end. */
    boolean delayUpdates();

    /**
     * Whether the view is read again after rsync (a second rsync pass): if not, the mount may
     * start closing as soon as rsync is done, while the rest of the run goes on.
     */
    default boolean readsViewAfterRsync() {
        return false;
    }

    /**
     * After rsync (also one that failed), before anything is published: a snapshot repairs what
     * rsync changed in place on files the older snapshots share. Throws a {@link
     * io.revcrypt.sync.common.UserException} if it cannot: then nothing may be published.
     *
     * @param log a line for the run's log
     */
    default void afterRsync(Consumer<String> log) {
    }

    /**
     * What this run deleted since the copy it started from, where rsync's count for its own pass
     * does not say it (a snapshot written into a fresh directory deletes nothing there); empty
     * where that count is right. Asked only after an rsync that copied (exit 0, 23 or 24).
     */
    default OptionalLong deletionsSinceBase(DeletionCount count) throws IOException {
        return OptionalLong.empty();
    }

    /** What the destination keeps when the run fails before it publishes, in the person's message. */
    String keptWhenNothingIsPublished();

    /**
     * After rsync: publish what was written.
     *
     * @param outcome what the transfer ended with (its exit code decides: OK and PARTIAL publish)
     * @param pass    a further rsync from the view, for a target that publishes with one
     */
    Published publish(SyncOutcome outcome, RunFacts facts, ViewPass pass) throws IOException;

    /** A further rsync from the view into {@code target}, as the run runs it; returns rsync's exit code. */
    @FunctionalInterface
    interface ViewPass {
        int run(String target, List<String> linkDests) throws IOException;
    }

    /**
     * A dry-run rsync of the view against {@code target} that counts what {@code --delete} would
     * remove there; empty if that rsync failed.
     */
    @FunctionalInterface
    interface DeletionCount {
        OptionalLong against(String target) throws IOException;
    }

    /** What publishing did: a few words for the summary, and the snapshot's name if one was published. */
    record Published(String words, String snapshot) {
        static final Published NOTHING = new Published("", null);
    }

    /** What the run saw, for the record a snapshot keeps. */
    record RunFacts(Instant started, long created, long changed, long deleted, long bytesSent, long notCopied) {
    }
}
