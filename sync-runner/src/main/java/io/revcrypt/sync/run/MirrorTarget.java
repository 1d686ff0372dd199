package io.revcrypt.sync.run;

import io.revcrypt.sync.decode.CtlClient;
import io.revcrypt.sync.transport.Destination;
import java.io.IOException;
import java.util.List;
import io.revcrypt.sync.session.DestinationCheck;
import io.revcrypt.sync.session.LocalDirectories;

/** A mirror: DEST is one gocryptfs-format copy, updated in place; changed files are renamed in at the end. */
final class MirrorTarget implements CopyTarget {

    private final Destination dest;
    private final DestinationCheck check;
    private final boolean dryRun;
    private boolean existingCopy;

    MirrorTarget(Destination dest, DestinationCheck check, boolean dryRun) {
        this.dest = dest;
        this.check = check;
        this.dryRun = dryRun;
    }

    @Override
    public void prepare(byte[] viewConfig, CtlClient ctl) throws IOException, DestinationCheck.RefusedException {
        DestinationCheck.Verdict verdict = check.check(dest, "", viewConfig, ctl);
        existingCopy = verdict == DestinationCheck.Verdict.SAME_KEY;
        if (verdict == DestinationCheck.Verdict.MISSING && !dest.isRemote() && !dryRun) {
            LocalDirectories.createLast(dest.localPath());
        }
    }

    @Override
    public String rsyncTarget() {
        return dest.rsyncArg("");
    }

    @Override
    public List<String> linkDests() {
        return List.of();
    }

    /**
     * Over an existing copy, changed files are renamed into place together at the end, so an
     * interrupted run leaves the copy as it was; a first copy has nothing to protect and skips
     * the extra renames.
     */
    @Override
    public boolean delayUpdates() {
        return existingCopy;
    }

    /** rsync updates DEST in place: a run that stops keeps what it had finished. */
    @Override
    public String keptWhenNothingIsPublished() {
        return dest + " keeps its earlier files and those rsync had finished";
    }

    /** Nothing to publish: rsync wrote DEST itself. */
    @Override
    public Published publish(SyncOutcome outcome, RunFacts facts, ViewPass pass) {
        return Published.NOTHING;
    }
}
