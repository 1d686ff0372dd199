package io.revcrypt.sync.cli;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.RuntimeDirs;
import io.revcrypt.sync.common.UserException;

import io.revcrypt.sync.decode.DecodeFilter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(mixinStandardHelpOptions = true, name = "decode", description = {
        "Turn the encrypted paths in rsync's output into plaintext.",
        "A filter from stdin to stdout, for a revcrypt or a gocryptfs -reverse control socket; a drop-in"
                + " for gocryptfs-rsync-pretty. Hashed long names of deleted files decode from a local name"
                + " journal (it holds plaintext names and never leaves this machine)."})
final class DecodeCommand implements Callable<Integer> {

    @Option(names = "--ctlsock", paramLabel = "SOCK", required = true, description = "The mount's control socket.")
    Path socket;

    @Option(names = "--mount", paramLabel = "MNT", description = "The mount point, to shorten paths in rsync's error lines.")
    Path mountPoint;

    @Option(names = "--journal", paramLabel = "FILE",
            description = "The name journal (default: one per mount in revcrypt's state directory).")
    Path journal;

    @Override
    public Integer call() throws IOException {
        Path journalFile = journal != null ? journal : defaultJournal();
        DecodeFilter.runCommand(socket.toAbsolutePath(),
                mountPoint == null ? null : mountPoint.toAbsolutePath(), journalFile, System.in, System.out,
                w -> Console.err().println("revcrypt: " + w));
        return ExitCode.OK;
    }

    private Path defaultJournal() {
        Path key = (mountPoint != null ? mountPoint : socket).toAbsolutePath().normalize();
        Path dir = RuntimeDirs.privateDir(RuntimeDirs.state().resolve("journals"));
        return dir.resolve("decode-" + RuntimeDirs.key(key.toString()) + ".tsv");
    }
}
