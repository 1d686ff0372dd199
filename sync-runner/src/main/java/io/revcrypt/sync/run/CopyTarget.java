package io.revcrypt.sync.run;

import io.revcrypt.sync.decode.CtlClient;
import java.io.IOException;
import java.util.List;
import io.revcrypt.sync.session.DestinationCheck;

/**
 * Where rsync writes and what happens after it: a mirror (DEST itself, updated in place) or a
 * snapshot (written into {@code .inprogress}, then published under its stamp).
 */
interface CopyTarget {

    /**
     * Checks the destination may be written (empty, or made with this key) and works out what
     * rsync needs; may print notes for the person.
     */
    void prepare(byte[] viewConfig, CtlClient ctl) throws IOException, DestinationCheck.RefusedException;

    /** rsync's destination argument. */
    String rsyncTarget();

    /** {@code --link-dest} directories, relative to the target as rsync takes them. */
    List<String> linkDests();

    /** A mirror renames changed files into place together at the end. */
    boolean delayUpdates();

    /**
     * After rsync: publish what was written.
     *
     * @param outcome what the transfer ended with (its exit code decides: OK and PARTIAL publish)
     */
    Published publish(SyncOutcome outcome, RunFacts facts) throws IOException;

    /** What publishing did: a few words for the summary, and the snapshot's name if one was published. */
    record Published(String words, String snapshot) {
        static final Published NOTHING = new Published("", null);
    }

    /** What the run saw, for the record a snapshot keeps. */
    record RunFacts(java.time.Instant started, long created, long changed, long deleted, long bytesSent, long notCopied) {
    }
}
