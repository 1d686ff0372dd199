package io.revcrypt.sync.run;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.decode.CtlClient;
import io.revcrypt.sync.snapshot.BaseLinks;
import io.revcrypt.sync.snapshot.KeyFingerprint;
import io.revcrypt.sync.snapshot.LocalSnapshotStore;
import io.revcrypt.sync.snapshot.PrunePlan;
import io.revcrypt.sync.snapshot.Retention;
import io.revcrypt.sync.snapshot.RetentionPolicy;
import io.revcrypt.sync.snapshot.SnapshotCatalog;
import io.revcrypt.sync.snapshot.SnapshotInfo;
import io.revcrypt.sync.snapshot.SnapshotLayout;
import io.revcrypt.sync.snapshot.SnapshotRecord;
import io.revcrypt.sync.snapshot.SnapshotStamp;
import io.revcrypt.sync.snapshot.SnapshotStore;
import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.transport.RsyncExit;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import io.revcrypt.sync.session.DestinationCheck;
import io.revcrypt.sync.session.LocalDirectories;

/**
 * A time-machine snapshot (design §6): rsync writes into {@code DEST/.inprogress/} with
 * {@code --link-dest} to the newest snapshot, so unchanged files become hard links (on a local
 * disk most of them are linked before rsync starts, see {@link BaseLinks}); only when
 * rsync succeeded is it published as {@code DEST/<stamp>/}, recorded, and — if complete —
 * pointed to by {@code DEST/latest}; then retention prunes. An interrupted run leaves
 * {@code .inprogress} behind and the next run resumes into it.
 *
 * <p>Publishing is one rename on a local disk. A remote is reached with rsync alone (no shell,
 * so it works with {@code rrsync}): there the snapshot is published by a second rsync pass from
 * the view into {@code DEST/<stamp>/} that hard-links everything from {@code .inprogress}
 * (nothing is sent again), after which {@code .inprogress} is deleted.
 *
 * <p>A snapshot counts only once its completion record is written (issue 15, point 2): a
 * {@code publishing} record goes first, before the rename or the publishing pass, and the
 * {@code complete}/{@code partial} record is the last write that makes the snapshot; only then does
 * {@code latest} move, and on a remote {@code .inprogress} is deleted after that, so a kill at any
 * moment leaves either a complete snapshot or an incomplete one with everything still in
 * {@code .inprogress}. The next run resumes an incomplete local snapshot (renamed back into
 * {@code .inprogress}: it holds a whole rsync run) or removes it. {@link SnapshotCatalog} says what
 * counts; directories that are not ours are never touched.
 */
final class SnapshotTarget implements CopyTarget {

    private final Destination dest;
    private final SnapshotStore store;
    private final DestinationCheck check;
    private final RetentionPolicy retention;
    private final boolean dryRun;
    private final boolean mayLinkFromBase;
    private final PrintStream notes;
    private EarlyLinks early;
    private long earlyStartNanos;
    private String base;
    private String fingerprint;
    private boolean filledFromBase;
    private boolean inProgressMadeByThisRun;
    private BaseLinks.Linked linked;
    private final List<String> linkDests = new ArrayList<>();

    /**
     * @param mayLinkFromBase whether {@code .inprogress} may be filled with links from the base before
     *                        rsync: not with the person's own rsync options, which could make
     *                        rsync change a linked file in place
     * @param notes           where notes for the person go ({@code revcrypt: ...} lines)
     */
    SnapshotTarget(Destination dest, SnapshotStore store, DestinationCheck check, RetentionPolicy retention,
                   boolean dryRun, boolean mayLinkFromBase, PrintStream notes) {
        this.dest = dest;
        this.store = store;
        this.check = check;
        this.retention = retention;
        this.dryRun = dryRun;
        this.mayLinkFromBase = mayLinkFromBase;
        this.notes = notes;
    }

    /**
     * The links this run began while the mount started ({@link EarlyLinks}, null if none), and
     * when it began them: the log's linking time counts from then. A {@code .inprogress} they
     * made is not an interrupted run's to resume.
     */
    SnapshotTarget withEarlyLinks(EarlyLinks early, long startedNanos) {
        this.early = early;
        this.earlyStartNanos = startedNanos;
        if (early != null && !early.resumes()) {
            inProgressMadeByThisRun = true;
        }
        return this;
    }

    @Override
    public void prepare(byte[] viewConfig, CtlClient ctl) throws IOException, DestinationCheck.RefusedException {
        fingerprint = KeyFingerprint.of(viewConfig);
        List<String> names = store.names();
        if (names == null) {
            if (!dest.isRemote() && !dryRun) {
                LocalDirectories.createLast(dest.localPath());
            } else if (!dryRun) {
                store.createTop();
            }
            notes.println("revcrypt: first snapshot in " + dest + ": a full copy");
            return;
        }
        List<String> foreign = names.stream().filter(n -> !SnapshotLayout.belongs(n)).toList();
        if (!foreign.isEmpty()) {
            throw new DestinationCheck.RefusedException(dest + " holds " + String.join(", ",
                    foreign.subList(0, Math.min(5, foreign.size()))) + ", which is not part of a snapshot destination "
                    + "(<stamp>/, latest, .inprogress, .revcrypt); refusing to write there. Use an empty or new directory");
        }
        SnapshotCatalog catalog = SnapshotCatalog.read(store, fingerprint);
        List<SnapshotInfo> published = catalog.published();
        for (SnapshotCatalog.Entry e : catalog.of(SnapshotCatalog.Kind.NOT_OURS)) {
            notes.println("revcrypt: note: " + dest + "/" + e.name() + " is not a snapshot of this key (" + e.why()
                    + "); it is left alone");
        }
        Optional<String> latest = store.latestTarget();
        Optional<SnapshotInfo> newestComplete = published.stream().filter(s -> !s.partial())
                .max(Comparator.comparing(SnapshotInfo::stamp));
        if (latest.isPresent() && catalog.isPublished(latest.get())) {
            base = latest.get();
        } else if (latest.isPresent()) {
            // gone, or there but not a snapshot of ours (no completion record, another key): never a base
            base = newestComplete.map(s -> s.stamp().name()).orElse(null);
            notes.println("revcrypt: warning: " + dest + "/latest points to " + latest.get() + (names.contains(latest.get())
                    ? ", which is not a complete snapshot of this key; " : ", which no longer exists; ")
                    + (base != null ? "unchanged files are linked from " + base + " instead"
                            : "no snapshot is left to link from, so this run copies everything"));
        } else if (newestComplete.isPresent()) {
            base = newestComplete.get().stamp().name();
            notes.println("revcrypt: warning: " + dest + "/latest is missing; unchanged files are linked from " + base);
        } else if (!published.isEmpty()) {
            base = published.get(published.size() - 1).stamp().name();
        } else {
            notes.println("revcrypt: first snapshot in " + dest + ": a full copy");
        }
        boolean resuming = names.contains(SnapshotLayout.IN_PROGRESS) && !inProgressMadeByThisRun;
        resuming |= takeBackIncomplete(catalog.of(SnapshotCatalog.Kind.INCOMPLETE), names);
        if (!dryRun && !catalog.strayPublishingRecords().isEmpty()) {
            store.delete(catalog.strayPublishingRecords()); // records only: these runs made no directory
        }
        String checked = base != null ? base : resuming ? SnapshotLayout.IN_PROGRESS : null;
        if (checked != null) {
            check.check(dest, checked, viewConfig, ctl);
        }
        if (resuming) {
            notes.println("revcrypt: resuming the interrupted run in " + dest + "/" + SnapshotLayout.IN_PROGRESS);
        }
        if (base != null) {
            linkDests.add(sibling(base));
        }
        // a newer partial snapshot holds files the complete one lacks: link from it too
        Optional<SnapshotInfo> newerPartial = published.stream().filter(SnapshotInfo::partial)
                .max(Comparator.comparing(SnapshotInfo::stamp))
                .filter(p -> base == null || p.stamp().compareTo(SnapshotStamp.parse(base)) > 0);
        if (newerPartial.isPresent()) {
            linkDests.add(0, sibling(newerPartial.get().stamp().name()));
        }
    }

    /**
     * Snapshots a killed run left half-published (ours, record {@code publishing}): none is a base,
     * so they go. On a local disk the newest, when there is no {@code .inprogress}, holds a whole
     * rsync run (the rename is atomic, the record was written before it): it is renamed back into
     * {@code .inprogress} and resumed rather than copied again. A remote one is only links into the
     * {@code .inprogress} still there, so deleting it loses nothing. Returns whether one was taken back.
     */
    private boolean takeBackIncomplete(List<SnapshotCatalog.Entry> incomplete, List<String> names) throws IOException {
        if (incomplete.isEmpty() || dryRun) {
            return false;
        }
        List<String> doomed = new ArrayList<>(incomplete.stream().map(SnapshotCatalog.Entry::name).toList());
        boolean takenBack = false;
        if (store.canRename() && !names.contains(SnapshotLayout.IN_PROGRESS) && !inProgressMadeByThisRun) {
            String newest = doomed.remove(doomed.size() - 1);
            store.rename(newest, SnapshotLayout.IN_PROGRESS);
            store.deleteRecord(newest);
            notes.println("revcrypt: " + dest + "/" + newest + " was being published when its run stopped; "
                    + "this run resumes it");
            takenBack = true;
        }
        if (!doomed.isEmpty()) {
            store.delete(doomed);
            notes.println("revcrypt: removed " + String.join(", ", doomed) + ": its run stopped while publishing it "
                    + "(what it held is in " + SnapshotLayout.IN_PROGRESS + " or in the snapshots before it)");
        }
        return takenBack;
    }

    /** A {@code --link-dest} to {@code DEST/name}, as the receiving end accepts it. */
    private String sibling(String name) throws IOException {
        return store.linkDest(name);
    }

    /** The snapshot this run links from, or null for a full copy. */
    String base() {
        return base;
    }

    /**
     * Fills {@code .inprogress} from the base where it may (see the constructor), and says so in
     * the log; a failure to link is no failure of the run (rsync links the rest). Without it, a
     * {@code .inprogress} whose links a dead run left unchecked is started afresh.
     */
    @Override
    public void beforeRsync(Path view, Consumer<String> log) throws IOException {
        if (!mayLinkFromBase) {
            dropUncheckedLinks();
            return;
        }
        long t0 = early != null ? earlyStartNanos : System.nanoTime();
        try {
            BaseLinks.Result result = fillFromBase(view);
            if (result != null) {
                log.accept("linked from " + base + ": " + result.linked() + " files linked, " + result.copied()
                        + " copied (mode or owner changed), " + result.directories() + " directories, "
                        + result.symlinks() + " symlinks; " + millis(System.nanoTime() - t0)
                        + (early != null ? " from before the mount (linking " + millis(early.linkingNanos()) + ")" : ""));
            }
        } catch (IOException e) {
            log.accept("linking from " + base + " stopped (" + e.getMessage() + "); rsync links the rest");
        }
    }

    /**
     * On a local disk, before rsync: fills {@code .inprogress} from the base ({@link BaseLinks}),
     * so rsync runs as into a mirror and its own output counts what was deleted since the base.
     * What {@code early} linked while the mount started is checked against the view in any case
     * (that check began when the mount answered).
     * Returns what was done, or null where this does not apply (remote, dry run, no base). On an
     * error what was linked and checked stays, rsync keeps {@code --link-dest} for the rest, and
     * the error goes up; links that could not be checked are thrown away first.
     */
    private BaseLinks.Result fillFromBase(Path view) throws IOException {
        try {
            return fill(view);
        } catch (IOException | RuntimeException e) {
            dropUncheckedLinks(); // links not checked against the view must never meet rsync
            throw e;
        }
    }

    private BaseLinks.Result fill(Path view) throws IOException {
        Path from = base == null || dest.isRemote() ? null : dest.localPath().resolve(base);
        if (early != null) {
            BaseLinks.Result result = early.awaitChecked();
            linked = early.linked();
            early.rethrowFailure(); // it stopped half-way: what it made is checked, rsync links the rest
            if (early.base().equals(from)) {
                return filled(result);
            }
            // made from another base than the destination check settled on: those links are
            // checked and stay, as a resumed run's entries do; the rest comes from the right base
        }
        if (dryRun || from == null) {
            return null; // (from is null for a remote destination too)
        }
        linked = BaseLinks.of(from, dest.localPath().resolve(SnapshotLayout.IN_PROGRESS));
        return filled(linked.makeAndCheck(view));
    }

    /**
     * After rsync: a mode or owner that changed in the source between the check of the links and
     * rsync was changed by rsync on the inode the older snapshots share. They get theirs back, and
     * this snapshot its own copies ({@link BaseLinks.Linked#restoreBaseAttributes}), before
     * anything is published; if that fails the run fails (exit 1), so that nobody takes the older
     * snapshots for intact.
     */
    @Override
    public void afterRsync(Consumer<String> log) {
        try {
            int repaired = linked == null || dryRun ? 0 : linked.restoreBaseAttributes();
            if (repaired > 0) {
                String note = repaired + " file(s) changed mode or owner in the source while this run ran; rsync "
                        + "changed them where the older snapshots share them, and revcrypt set them back there "
                        + "(this snapshot has its own copies with the new ones)";
                log.accept(note);
                notes.println("revcrypt: " + note);
            }
        } catch (IOException e) {
            throw UserException.failed("cannot give the older snapshots back the modes and owners rsync changed "
                    + "in place (" + e.getMessage() + "); nothing was published");
        }
    }

    private BaseLinks.Result filled(BaseLinks.Result result) {
        filledFromBase = true;
        if (linkDests.size() == 1) {
            // everything the base can give is in place; a --link-dest rsync would only look again,
            // at a cost (measured: 0.95 s against 0.42 s for 20,000 files already there). With a
            // newer partial snapshot it stays: that one holds files the base lacks
            linkDests.clear();
        }
        return result;
    }

    /**
     * Before a run that does not fill from the base (the person's own rsync options, which could
     * make rsync write in place): a target whose links a dead run left unchecked is started afresh.
     */
    private void dropUncheckedLinks() throws IOException {
        if (dryRun || dest.isRemote()) {
            return;
        }
        Path inProgress = dest.localPath().resolve(SnapshotLayout.IN_PROGRESS);
        if (BaseLinks.uncheckedBase(inProgress).isPresent()) {
            notes.println("revcrypt: " + inProgress + " holds links an interrupted run never checked; starting it afresh");
            LocalSnapshotStore.deleteTree(inProgress);
        }
    }

    /**
     * Whether what this run deleted since its base takes a second rsync pass over the view: there
     * is a base, and rsync did not run into a copy of it.
     */
    private boolean deletionsNeedASecondPass() {
        return base != null && !filledFromBase;
    }

    /** A remote snapshot is published by a second rsync from the view; deletions may take another. */
    @Override
    public boolean readsViewAfterRsync() {
        return dest.isRemote() || deletionsNeedASecondPass();
    }

    /**
     * rsync wrote into a fresh directory and deleted nothing there: what this run removed is what
     * the base snapshot has and the view no longer has, counted by a dry-run pass against the base.
     */
    @Override
    public OptionalLong deletionsSinceBase(DeletionCount count) throws IOException {
        if (dryRun || !deletionsNeedASecondPass()) {
            return OptionalLong.empty();
        }
        return count.against(dest.rsyncArg(base));
    }

    /** rsync wrote into {@code .inprogress}, which the next run resumes. */
    @Override
    public String keptWhenNothingIsPublished() {
        return "what was copied stays in " + dest + "/" + SnapshotLayout.IN_PROGRESS + " for the next run";
    }

    @Override
    public String rsyncTarget() {
        return dest.rsyncArg(SnapshotLayout.IN_PROGRESS);
    }

    @Override
    public List<String> linkDests() {
        return linkDests;
    }

    @Override
    public boolean delayUpdates() {
        return false;
    }

    @Override
    public Published publish(SyncOutcome outcome, RunFacts facts, ViewPass pass) throws IOException {
        if (dryRun) {
            return Published.NOTHING;
        }
        if (outcome.exitCode() != ExitCode.OK && outcome.exitCode() != ExitCode.PARTIAL) {
            return new Published("nothing published (what was copied stays in " + SnapshotLayout.IN_PROGRESS
                    + " and the next run resumes from it)", null);
        }
        String stamp = freeStamp(facts.started());
        boolean partial = outcome.exitCode() == ExitCode.PARTIAL;
        SnapshotRecord publishing = new SnapshotRecord(stamp, SnapshotRecord.PUBLISHING, facts.started().toString(), null,
                facts.created(), facts.changed(), facts.deleted(), facts.bytesSent(), facts.notCopied(), base, fingerprint);
        store.putRecord(publishing);
        TestPause.at("publish-started");
        if (store.canRename()) {
            store.rename(SnapshotLayout.IN_PROGRESS, stamp);
            TestPause.at("publish-moved");
        } else {
            List<String> links = new ArrayList<>(List.of(sibling(SnapshotLayout.IN_PROGRESS)));
            linkDests.forEach(links::add);
            int code = pass.run(dest.rsyncArg(stamp), links);
            if (!RsyncExit.copied(code)) {
                throw new IOException("publishing " + stamp + " failed (rsync exit " + code + ": " + RsyncExit.describe(code)
                        + "); the run stays in " + SnapshotLayout.IN_PROGRESS + " for the next one");
            }
            TestPause.at("publish-passed");
        }
        // the completion record: the last write that makes the snapshot (everything is in place now)
        store.putRecord(publishing.withStatus(partial ? SnapshotRecord.PARTIAL : SnapshotRecord.COMPLETE,
                Instant.now().toString()));
        TestPause.at("publish-recorded");
        if (!partial) {
            store.pointLatest(stamp);
        }
        if (!store.canRename()) {
            // after the record: killed before this, the next run finds a complete snapshot and resumes from .inprogress
            store.delete(List.of(SnapshotLayout.IN_PROGRESS));
        }
        String pruned = prune();
        return new Published("snapshot " + stamp + (partial ? " (partial: latest still points to " + base + ")" : "")
                + pruned, stamp);
    }

    /** The stamp of the run's start; a second run within the same second takes the next free second. */
    private String freeStamp(Instant started) throws IOException {
        List<String> names = store.names();
        SnapshotStamp stamp = SnapshotStamp.of(started);
        while (names != null && names.contains(stamp.name())) {
            stamp = SnapshotStamp.of(stamp.instant().plusSeconds(1));
        }
        return stamp.name();
    }

    private static String millis(long nanos) {
        return nanos / 1_000_000 + " ms";
    }

    private String prune() throws IOException {
        if (retention.isEmpty()) {
            return "";
        }
        PrunePlan plan = Retention.plan(SnapshotCatalog.read(store, fingerprint).published(), retention);
        List<String> doomed = plan.toPrune().stream().map(s -> s.stamp().name()).toList();
        if (doomed.isEmpty()) {
            return "";
        }
        store.delete(doomed);
        notes.println("revcrypt: pruned " + doomed.size() + " snapshot(s) by " + retention + ": " + String.join(", ", doomed));
        return ", pruned " + doomed.size();
    }
}
