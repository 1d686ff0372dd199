package io.revcrypt.sync.cli;

import io.revcrypt.core.view.PlainPath;
import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.decode.RsyncEscapes;
import io.revcrypt.sync.copy.CopySession;
import io.revcrypt.sync.json.JsonLines;
import io.revcrypt.sync.restore.RestoreRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false, description = {
        "Decrypt a copy into DEST.",
        "COPY is a local mirror or snapshot (DEST/latest, say) or [user@]host:path over ssh, which is"
                + " fetched with rsync in batches into a private staging directory, deleted as it goes.",
        "With PLAINPATHs only those are fetched and restored, at the same relative paths in DEST."
                + " Existing files are never overwritten without --force: they are listed and skipped."
                + " A damaged file is listed with its block numbers and kept only with the suffix"
                + " .revcrypt-damaged. A name that is not UTF-8 is given the way revcrypt prints it,"
                + " with \\#ooo escapes (octal bytes)."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  everything restored", "  1  failed: the copy cannot be reached or is not a copy",
                "  2  usage or key error (wrong password, bad option, damaged config)",
                "  3  partial: some entries were damaged, already existed or are not in the copy (listed)"})
final class RestoreCommand implements Callable<Integer> {

    @Mixin
    CopyKeyOptions key = new CopyKeyOptions();

    @Option(names = "--config", paramLabel = "FILE",
            description = "The config file (default: the copy's gocryptfs.conf).")
    Path config;

    @Option(names = "--force", description = "Overwrite existing files, symlinks and special files in DEST.")
    boolean force;

    @Mixin
    CopyReadingOptions reading = new CopyReadingOptions();

    @Parameters(index = "0", paramLabel = "COPY", description = "The copy: a directory, or [user@]host:path.")
    String copy;

    @Parameters(index = "1", paramLabel = "DEST", description = "Where the plaintext goes (created if needed).")
    Path dest;

    @Parameters(index = "2..*", paramLabel = "PLAINPATH",
            description = "Only these files or directories: plaintext paths relative to the backed-up directory.")
    List<String> plainPaths = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return CopyJson.summarizingFailure(reading.json, "restore", () -> restore(System.nanoTime()));
    }

    private int restore(long started) throws Exception {
        String mk = key.masterKey();
        List<PlainPath> selections = new ArrayList<>();
        for (String p : plainPaths) {
            selections.add(plainPath(p));
        }
        CopySession.Settings settings = reading.settings(copy, config, mk);
        JsonLines lines = reading.jsonLines();
        RestoreRun run = reading.reportingTo(lines, new RestoreRun(settings, dest, selections, force, reading.progressOut(),
                Console.err(), reading.terminal()));
        RestoreRun.Outcome outcome = run.run(() -> key.secrets.password(false));
        CopyJson.finished(lines, "restore", outcome.exitCode(), outcome.summary(), outcome.counts(), outcome.bytes(),
                outcome.fetchedBytes(), outcome.problemCount(), started);
        return outcome.exitCode();
    }

    /** A PLAINPATH argument: relative to the backed-up root, rsync's \#ooo escapes undone. */
    static PlainPath plainPath(String arg) {
        byte[] bytes = RsyncEscapes.unescape(arg.getBytes(StandardCharsets.UTF_8));
        PlainPath p = PlainPath.parse(bytes);
        for (int i = 0; i < p.depth(); i++) {
            byte[] c = p.component(i);
            if ((c.length == 1 && c[0] == '.') || (c.length == 2 && c[0] == '.' && c[1] == '.')) {
                throw UserException.usage("PLAINPATH " + arg + ": give paths relative to the backed-up directory, "
                        + "without . or .. components");
            }
            if (c.length > 255) {
                throw UserException.usage("PLAINPATH " + arg + ": a name is longer than 255 bytes");
            }
        }
        return p;
    }

    /** 256M, 1G, 4096, 512k: binary units. */
    static long parseSize(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        long unit = 1;
        if (!t.isEmpty() && "KMGT".indexOf(t.charAt(t.length() - 1)) >= 0) {
            unit = 1L << (10 * ("KMGT".indexOf(t.charAt(t.length() - 1)) + 1));
            t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(t.strip());
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw UserException.usage("not a size: " + text + " (e.g. 256M, 1G)");
        }
    }
}
