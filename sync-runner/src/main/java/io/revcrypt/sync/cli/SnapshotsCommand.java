package io.revcrypt.sync.cli;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.json.JsonLines;
import io.revcrypt.sync.json.SnapshotEntry;
import io.revcrypt.sync.json.SnapshotsSummary;
import io.revcrypt.sync.run.RunReport;
import io.revcrypt.sync.snapshot.Stores;
import io.revcrypt.sync.common.Units;
import io.revcrypt.sync.snapshot.PruneDecision;
import io.revcrypt.sync.snapshot.PrunePlan;
import io.revcrypt.sync.snapshot.Retention;
import io.revcrypt.sync.snapshot.RetentionPolicy;
import io.revcrypt.sync.snapshot.SnapshotCatalog;
import io.revcrypt.sync.snapshot.SnapshotLayout;
import io.revcrypt.sync.snapshot.SnapshotRecord;
import io.revcrypt.sync.snapshot.SnapshotStore;
import io.revcrypt.sync.snapshot.SnapshotUsage;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(mixinStandardHelpOptions = true, name = "snapshots", sortOptions = false,
        description = {"List or prune the snapshots in a destination.", "Neither needs the key or a password."},
        subcommands = {SnapshotsCommand.ListCommand.class, SnapshotsCommand.PruneCommand.class})
final class SnapshotsCommand {

    static Destination destination(String text) {
        try {
            return Destination.parse(text);
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "list", description = {"Show each snapshot with its time and what its run changed.",
            "For each snapshot: its stamp (UTC), whether it is complete or partial, and what its run changed"
                    + " and sent, so big runs show at a glance. A snapshot whose run was stopped while publishing"
                    + " is \"incomplete\"; a stamp-named directory without revcrypt's record, or made with"
                    + " another key, is \"not ours\" (prune leaves both alone)."})
    static final class ListCommand implements Callable<Integer> {

        @Option(names = "--ssh-option", paramLabel = "OPT", description = "An ssh option for a remote DEST (as for ssh -o).")
        List<String> sshOptions = new ArrayList<>();

        @Option(names = "--json", description = "Print one JSON object per snapshot, then a summary (docs/json.md).")
        boolean json;

        @Option(names = "--usage", description = {"Also walk each snapshot: its files, their size, and the bytes no other"
                + " snapshot shares (what deleting it frees).", "From link counts on the disk: a local DEST only."})
        boolean usage;

        @Parameters(index = "0", paramLabel = "DEST",
                description = "The destination of a sync with --snapshots: a directory, or [user@]host:path.")
        String dest;

        @Override
        public Integer call() throws Exception {
            try {
                return list();
            } catch (UserException e) {
                if (json) {
                    new JsonLines(Console.out()).write(new SnapshotsSummary(e.exitCode(), RunReport.statusOf(e.exitCode()),
                            e.getMessage(), 0, null, false, null));
                }
                throw e;
            }
        }

        private int list() throws Exception {
            Destination d = destination(dest);
            if (usage && d.isRemote()) {
                throw UserException.usage("--usage reads link counts on the destination's own disk, which rsync does not"
                        + " show: it needs a local DEST (run it on " + d.host() + ")");
            }
            try (Stores stores = Stores.open(d, sshOptions)) {
                SnapshotStore store = stores.store();
                List<String> names = store.names();
                if (names == null) {
                    throw UserException.failed(d + " does not exist");
                }
                SnapshotCatalog catalog = SnapshotCatalog.read(store, null);
                Optional<String> latest = store.latestTarget();
                PrintStream out = Console.out();
                if (json) {
                    JsonLines lines = new JsonLines(out);
                    for (SnapshotCatalog.Entry e : catalog.entries()) {
                        lines.write(SnapshotEntry.of(e, latest.filter(l -> l.equals(e.name())).isPresent(),
                                usageOf(d, e)));
                    }
                    String inProgress = !names.contains(SnapshotLayout.IN_PROGRESS) ? null
                            : stores.isRunning() ? "running" : "interrupted";
                    lines.write(new SnapshotsSummary(ExitCode.OK, RunReport.statusOf(ExitCode.OK), null,
                            catalog.entries().size(), latest.orElse(null),
                            latest.isPresent() && !names.contains(latest.get()), inProgress));
                    return ExitCode.OK;
                }
                out.printf("%-20s %-10s %8s %8s %8s %10s%s  %s%n", "SNAPSHOT (UTC)", "STATUS", "CREATED", "CHANGED",
                        "DELETED", "SENT", usage ? usageColumns("FILES", "SIZE", "UNIQUE") : "", "");
                for (SnapshotCatalog.Entry e : catalog.entries()) {
                    SnapshotRecord r = e.record();
                    SnapshotUsage u = usageOf(d, e);
                    String sizes = u == null ? "" : usageColumns(Long.toString(u.files()), Units.bytes(u.plainBytes()),
                            Units.bytes(u.uniqueBytes()));
                    String mark = latest.filter(l -> l.equals(e.name())).isPresent() ? "<- latest " : "";
                    switch (e.kind()) {
                        case COMPLETE, PARTIAL -> out.printf("%-20s %-10s %8d %8d %8d %10s%s  %s%n", e.name(),
                                e.kind().word(), r.created(), r.changed(), r.deleted(), Units.bytes(r.bytesSent()), sizes,
                                (mark + (r.isPartial() ? r.notCopied() + " file(s) could not be read" : "")).strip());
                        case INCOMPLETE -> out.printf("%-20s %-10s %8s %8s %8s %10s%s  %s%n", e.name(), e.kind().word(), "-",
                                "-", "-", "-", sizes, (mark + e.why() + "; not restorable as a snapshot, the next sync resumes"
                                        + " or removes it").strip());
                        case NOT_OURS -> out.printf("%-20s %-10s %8s %8s %8s %10s%s  %s%n", e.name(), e.kind().word(), "-",
                                "-", "-", "-", sizes, (mark + e.why() + "; revcrypt leaves it alone").strip());
                    }
                }
                if (names.contains(SnapshotLayout.IN_PROGRESS)) {
                    out.printf("%-20s %s%n", SnapshotLayout.IN_PROGRESS, stores.isRunning() ? "a run is writing it now"
                            : "an interrupted run; the next sync resumes it");
                }
                if (latest.isPresent() && !names.contains(latest.get())) {
                    out.println("warning: latest points to " + latest.get() + ", which no longer exists");
                }
                return ExitCode.OK;
            }
        }

        /** With --usage: what the snapshot holds on the local disk; else null. */
        private SnapshotUsage usageOf(Destination d, SnapshotCatalog.Entry e) throws IOException {
            return usage ? SnapshotUsage.of(d.localPath().resolve(e.name())) : null;
        }

        private static String usageColumns(String files, String size, String unique) {
            return String.format(" %8s %10s %10s", files, size, unique);
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "prune", sortOptions = false, description = {"Delete the snapshots that a retention policy does not keep.",
            "The rules are BorgBackup's, and the newest complete snapshot is always kept. Only snapshots"
                    + " revcrypt made with this destination's key take part: incomplete ones and directories that"
                    + " are not ours are listed and left alone. Works on an rsync-only remote."})
    static final class PruneCommand implements Callable<Integer> {

        @ArgGroup(validate = false, heading = RetentionOptions.HEADING)
        RetentionOptions retention = new RetentionOptions();

        @Option(names = {"-n", "--dry-run"}, description = "Show what would be deleted; delete nothing.")
        boolean dryRun;

        @Option(names = "--ssh-option", paramLabel = "OPT", description = "An ssh option for a remote DEST (as for ssh -o).")
        List<String> sshOptions = new ArrayList<>();

        @Parameters(index = "0", paramLabel = "DEST",
                description = "The destination of a sync with --snapshots: a directory, or [user@]host:path.")
        String dest;

        @Override
        public Integer call() throws Exception {
            RetentionPolicy policy = retention.policy();
            if (policy.isEmpty()) {
                throw UserException.usage("give a policy, e.g. --keep-daily 7 --keep-weekly 4 (without one nothing is deleted)");
            }
            Destination d = destination(dest);
            try (Stores stores = Stores.open(d, sshOptions)) {
                if (!dryRun) {
                    stores.lock();
                }
                SnapshotStore store = stores.store();
                if (store.names() == null) {
                    throw UserException.failed(d + " does not exist");
                }
                SnapshotCatalog catalog = SnapshotCatalog.read(store, null);
                PrunePlan plan = Retention.plan(catalog.published(), policy);
                PrintStream out = Console.out();
                // only our complete and partial snapshots take part; the rest is named, never deleted
                for (SnapshotCatalog.Entry e : catalog.entries()) {
                    if (e.kind() == SnapshotCatalog.Kind.NOT_OURS || e.kind() == SnapshotCatalog.Kind.INCOMPLETE) {
                        out.printf("%-11s %s  %s%n", e.kind().word(), e.name(), e.why() + "; left alone");
                    }
                }
                for (PruneDecision decision : plan.decisions()) {
                    out.printf("%-11s %s  %s%n", decision.isKept() ? "keep" : (dryRun ? "would prune" : "prune"),
                            decision.snapshot().stamp().name(), decision.reason().map(Object::toString).orElse(""));
                }
                List<String> doomed = plan.toPrune().stream().map(s -> s.stamp().name()).toList();
                if (!dryRun && !doomed.isEmpty()) {
                    store.delete(doomed);
                }
                out.println((dryRun ? "would prune " : "pruned ") + doomed.size() + ", kept " + plan.kept().size());
                return ExitCode.OK;
            }
        }
    }
}
