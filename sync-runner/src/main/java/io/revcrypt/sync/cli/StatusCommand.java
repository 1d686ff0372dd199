package io.revcrypt.sync.cli;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.run.RunReport;
import io.revcrypt.sync.session.RunInProgress;
import io.revcrypt.sync.run.StatusStore;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(mixinStandardHelpOptions = true, name = "status", description = {"Show how the last run to DEST ended and how old its copy is.",
        "It tells when the last run finished and how, when the newest copy was published, whether it was"
                + " partial and what it transferred. With --max-age it ends with exit 1 when that copy is"
                + " older (for monitoring)."})
final class StatusCommand implements Callable<Integer> {

    @Option(names = "--max-age", paramLabel = "DURATION", description = "Exit 1 if the newest published copy is older than DURATION (36h or 2d, say).")
    String maxAge;

    @Option(names = "--json", description = "Print what is known as JSON.")
    boolean json;

    @Parameters(index = "0", paramLabel = "DEST", description = "The destination, as given to sync.")
    String dest;

    @Override
    public Integer call() throws Exception {
        Destination d;
        try {
            d = Destination.parse(dest);
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        }
        Duration limit = maxAge == null ? null : Durations.parse(maxAge);
        Optional<StatusStore.Status> status = StatusStore.read(d);
        Optional<RunInProgress.Unfinished> unfinished = RunInProgress.find(d);
        PrintStream out = Console.out();
        if (status.isEmpty() && unfinished.isEmpty()) {
            out.println("no run of revcrypt sync to " + d + " is recorded on this machine");
            return ExitCode.FAILED;
        }
        RunReport last = status.map(StatusStore.Status::lastRun).orElse(null);
        RunReport good = status.map(StatusStore.Status::lastPublished).orElse(null);
        if (json) {
            java.util.Map<String, Object> shown = new java.util.LinkedHashMap<>();
            shown.put("lastRun", last);
            shown.put("lastPublished", good);
            unfinished.ifPresent(u -> shown.put("unfinishedRun", u));
            shown.values().removeIf(java.util.Objects::isNull);
            out.println(new String(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(shown), StandardCharsets.UTF_8));
        } else {
            out.println("destination:   " + d);
            unfinished.ifPresent(u -> out.println(u.running()
                    ? "running:       a run started " + when(u.started()) + " is in progress (pid " + u.pid() + ")"
                    : "interrupted:   a run started " + when(u.started()) + " (pid " + u.pid() + ") did not finish: it "
                            + "was killed or crashed. A mirror holds a mix of that run's files and the run's before, a "
                            + "snapshot of it is not published; the next run completes it"));
            if (last != null) {
                out.println("last run:      " + when(last.finished()) + ", exit " + last.exitCode() + " (" + last.status() + ")"
                        + (last.dryRun() ? ", a dry run" : ""));
                out.println("               " + last.summary());
                if (last.log() != null) {
                    out.println("               log: " + last.log());
                }
            }
            if (good != null) {
                out.println("newest copy:   " + when(good.finished()) + (good.snapshot() != null ? ", snapshot " + good.snapshot() : "")
                        + (good.exitCode() == ExitCode.PARTIAL ? ", PARTIAL: " + good.notCopied() + " file(s) could not be read"
                                : ", complete"));
                out.println("               " + good.created() + " created, " + good.changed() + " changed, " + good.deleted()
                        + " deleted, " + io.revcrypt.sync.common.Units.bytes(good.bytesSent()) + " sent");
            } else {
                out.println("newest copy:   none published yet");
            }
        }
        if (limit != null) {
            if (good == null) {
                Console.err().println("revcrypt: no copy of " + d + " has been published");
                return ExitCode.FAILED;
            }
            Duration age = Duration.between(Instant.parse(good.finished()), Instant.now());
            if (age.compareTo(limit) > 0) {
                Console.err().println("revcrypt: the newest copy of " + d + " is " + Durations.human(age)
                        + " old, more than --max-age " + maxAge);
                return ExitCode.FAILED;
            }
        }
        return ExitCode.OK;
    }

    private static String when(String iso) {
        Instant t = Instant.parse(iso);
        return iso + " (" + Durations.human(Duration.between(t, Instant.now())) + " ago)";
    }
}
