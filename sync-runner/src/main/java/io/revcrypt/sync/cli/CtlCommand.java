package io.revcrypt.sync.cli;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.RuntimeDirs;
import io.revcrypt.sync.common.UserException;

import io.revcrypt.sync.decode.CtlClient;
import io.revcrypt.sync.decode.CtlResponse;
import io.revcrypt.sync.decode.RsyncEscapes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(mixinStandardHelpOptions = true, name = "ctl", description = {
        "Translate paths through a mount's control socket.",
        "The socket is revcrypt's or gocryptfs's; one result per line. Plaintext names are printed with rsync's escapes"
                + " (\\#ooo) so that each path stays on one line."})
final class CtlCommand implements Callable<Integer> {

    enum Action { decrypt, encrypt }

    @Option(names = "--ctlsock", paramLabel = "SOCK", required = true, description = "The control socket.")
    Path socket;

    @Parameters(index = "0", paramLabel = "decrypt|encrypt", description = "decrypt: cipher → plain; encrypt: plain → cipher.")
    Action action;

    @Parameters(index = "1..*", paramLabel = "PATH", arity = "1..*",
            description = "Paths relative to the mount (encrypted for decrypt, plaintext for encrypt).")
    List<String> paths;

    @Override
    public Integer call() {
        int failures = 0;
        try (CtlClient client = new CtlClient(socket, Duration.ofSeconds(10))) {
            for (String path : paths) {
                CtlResponse r;
                try {
                    r = action == Action.decrypt ? client.decryptPath(path) : client.encryptPath(path);
                } catch (IOException e) {
                    throw UserException.failed("control socket " + socket + ": " + e.getMessage());
                }
                if (!r.warnText().isEmpty()) {
                    Console.err().println("revcrypt: " + path + ": " + r.warnText());
                }
                if (!r.ok()) {
                    Console.err().println("revcrypt: " + path + ": errno " + r.errNo() + ": " + r.errText());
                    failures++;
                    continue;
                }
                Console.out().println(action == Action.decrypt ? RsyncEscapes.escape(r.resultBytes()) : r.result());
            }
        }
        return failures == 0 ? ExitCode.OK : ExitCode.FAILED;
    }
}
