package io.revcrypt.sync.run;

import io.revcrypt.sync.decode.CtlClient;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/** A mirror: DEST is one gocryptfs-format copy, updated in place; changed files are renamed in at the end. */
final class MirrorTarget implements CopyTarget {

    private final Destination dest;
    private final DestinationCheck check;
    private final boolean dryRun;

    MirrorTarget(Destination dest, DestinationCheck check, boolean dryRun) {
        this.dest = dest;
        this.check = check;
        this.dryRun = dryRun;
    }

    @Override
    public void prepare(byte[] viewConfig, CtlClient ctl) throws IOException, DestinationCheck.RefusedException {
        DestinationCheck.Verdict verdict = check.check(dest, "", viewConfig, ctl);
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

    @Override
    public boolean delayUpdates() {
        return true;
    }

    @Override
    public Published publish(SyncOutcome outcome, RunFacts facts) {
        return Published.NOTHING;
    }
}
