package io.revcrypt.sync.cli;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.RuntimeDirs;
import io.revcrypt.sync.common.UserException;

import io.revcrypt.fuse.FuseMount;
import io.revcrypt.fuse.Fusermount;
import io.revcrypt.fuse.MountException;
import io.revcrypt.fuse.MountTable;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(mixinStandardHelpOptions = true, name = "unmount", aliases = "umount", description = {
        "Unmount MNT and wait for the process serving it to exit.",
        "A mount whose process was killed (\"Transport endpoint is not connected\") is cleared too."})
final class UnmountCommand implements Callable<Integer> {

    private static final long WAIT_SECONDS = 30;

    @Parameters(index = "0", paramLabel = "MNT", description = "Where the view is mounted.")
    Path mountPoint;

    @Override
    public Integer call() throws Exception {
        Path mnt = mountPoint.toAbsolutePath().normalize();
        if (FuseMount.isDeadFuseMount(mnt)) {
            try {
                Fusermount.unmount(mnt, true);
            } catch (MountException e) {
                throw UserException.failed("cannot clear the dead mount at " + mnt + ": " + e.getMessage());
            }
            PidFile.deleteStale(mnt);
            Console.err().println("Cleared the dead mount at " + mnt + " (the process serving it had died).");
            return ExitCode.OK;
        }
        Optional<ProcessHandle> server = PidFile.process(mnt);
        if (!MountTable.isMounted(mnt)) {
            if (server.isPresent()) {
                return waitFor(server.get(), mnt);
            }
            throw UserException.failed("nothing is mounted at " + mnt);
        }
        try {
            Fusermount.unmount(mnt, false);
        } catch (MountException e) {
            throw UserException.failed("cannot unmount " + mnt + ": " + e.getMessage()
                    + (e.getMessage().contains("busy") ? " (a program still has a file or directory there open)" : ""));
        }
        return server.map(p -> waitFor(p, mnt)).orElse(ExitCode.OK);
    }

    private static int waitFor(ProcessHandle server, Path mnt) {
        try {
            if (ProcessWait.awaitExit(server.pid(), Duration.ofSeconds(WAIT_SECONDS))) {
                return ExitCode.OK;
            }
            throw UserException.failed("unmounted " + mnt + ", but its process " + server.pid()
                    + " has not exited after " + WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UserException.failed("interrupted while waiting for process " + server.pid());
        }
    }
}
