package io.revcrypt.sync.cli;

import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.copy.CopySession;
import io.revcrypt.sync.json.JsonLines;
import io.revcrypt.sync.verify.AgainstRun;
import io.revcrypt.sync.verify.VerifyRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false, description = {
        "Check that every name and every block of a copy decrypts.",
        "Nothing is written. Each problem is listed with its plaintext path (and block number). A remote"
                + " copy is fetched in batches into a private staging directory, deleted as it goes.",
        "With --against SRC the copy is compared with what SRC's encrypted view gives now, without"
                + " downloading it (rsync --checksum --dry-run of the view against the copy), and"
                + " differences are listed with plaintext names. The password and --config then"
                + " belong to SRC, as for sync."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  clean (with --against: identical)", "  1  failed: the copy cannot be reached or is not a copy",
                "  2  usage or key error (wrong password, bad option, damaged config)",
                "  3  problems found (with --against: differences), listed"})
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    CopyKeyOptions key = new CopyKeyOptions();

    @Option(names = "--config", paramLabel = "FILE",
            description = "The config file. By default the copy's own, or SRC's with --against.")
    Path config;

    @Option(names = "--against", paramLabel = "SRC", description = "Compare with the plaintext directory SRC instead of decrypting.")
    Path against;

    @Option(names = {"-e", "--exclude"}, paramLabel = "PATH", description = "With --against: leave out PATH, as the sync did.")
    List<String> excludes = new ArrayList<>();

    @Option(names = {"--ew", "--exclude-wildcard"}, paramLabel = "PATTERN",
            description = "With --against: leave out what matches PATTERN, as the sync did.")
    List<String> wildcards = new ArrayList<>();

    @Option(names = "--exclude-from", paramLabel = "FILE", description = "With --against: exclusion patterns, as the sync had.")
    List<Path> excludeFrom = new ArrayList<>();

    @Mixin
    CopyReadingOptions reading = new CopyReadingOptions();

    @Parameters(index = "0", paramLabel = "COPY", description = "The copy: a directory, or [user@]host:path.")
    String copy;

    @Override
    public Integer call() throws Exception {
        return CopyJson.summarizingFailure(reading.json, "verify", this::verify);
    }

    private int verify() throws Exception {
        String mk = key.masterKey();
        boolean terminal = reading.terminal();
        if (reading.json && against != null) {
            throw UserException.usage("--json does not go with --against yet; without --json, differences are listed "
                    + "one per line with their plaintext path");
        }
        if (against == null) {
            if (!excludes.isEmpty() || !wildcards.isEmpty() || !excludeFrom.isEmpty()) {
                throw UserException.usage("--exclude, --exclude-wildcard and --exclude-from go with --against");
            }
            CopySession.Settings settings = reading.settings(copy, config, mk);
            long started = System.nanoTime();
            JsonLines lines = reading.jsonLines();
            VerifyRun run = reading.reportingTo(lines, new VerifyRun(settings, reading.progressOut(), Console.err(), terminal));
            VerifyRun.Outcome outcome = run.run(() -> key.secrets.password(false));
            CopyJson.finished(lines, "verify", outcome.exitCode(), outcome.summary(), outcome.counts(), outcome.bytes(),
                    outcome.fetchedBytes(), outcome.problemCount(), started);
            return outcome.exitCode();
        }
        if (reading.staging != null || reading.viaRsync) {
            throw UserException.usage("--staging has no use with --against: nothing is downloaded");
        }
        byte[] secret = mk != null ? mk.getBytes(StandardCharsets.US_ASCII) : key.secrets.password(false);
        AgainstRun.Settings settings = new AgainstRun.Settings(against, copy, config, excludes, wildcards, excludeFrom,
                reading.sshOptions);
        AgainstRun.Outcome outcome = new AgainstRun(settings, JavaCommand.current(), Console.out(), Console.err(), terminal)
                .run(secret, mk != null);
        Console.out().println("revcrypt: " + outcome.summary());
        return outcome.exitCode();
    }
}
