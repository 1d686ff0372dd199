package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.ProcessRunner;
import io.revcrypt.it.support.Procs;
import io.revcrypt.it.support.SshServer;
import io.revcrypt.it.support.SyncEnv;
import io.revcrypt.it.support.SyncProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --ssh-option OPT} is "an ssh option, as for ssh -o" (sync --help): it must reach ssh
 * intact and take effect. Checked against a real sshd: an {@code IdentityFile} whose path has a
 * space and an apostrophe (a home like {@code /home/o'brien}) still logs in; and the options ssh
 * really runs with — read from the command line of rsync's ssh during a run and evaluated by
 * {@code ssh -G} — are the person's where revcrypt has a default of its own (ssh takes the first
 * value given for an option).
 */
class SyncSshOptionsIT {

    private static final Path CONFIG = Path.of(".gocryptfs.reverse.conf");

    @RegisterExtension
    final SyncEnv env = new SyncEnv();

    @Test
    @Timeout(120)
    void identityFileWithSpaceAndApostropheInItsPathWorks() throws Exception {
        Path src = env.dir("src");
        Files.writeString(src.resolve("notes.txt"), "notes\n");
        Path pass = env.passfile("pass", "o'brien");
        env.init(src, pass);
        SshServer ssh = env.sshServer();
        Path keyDir = env.dir("o'brien keys");
        Path key = keyDir.resolve("id_ed25519");
        List<String> args = new ArrayList<>(List.of("sync", "--passfile", pass.toString()));
        for (String a : SyncEnv.sshOptionArgs(ssh)) {
            if (a.startsWith("IdentityFile=")) {
                Files.copy(Path.of(a.substring("IdentityFile=".length())), key);
                Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
                a = "IdentityFile=\"" + key + "\""; // ssh's own quoting for a value with a space
            }
            args.add(a);
        }
        Path remote = env.dir("remote").resolve("backup");
        args.add(src.toString());
        args.add(ssh.destination(remote));

        CommandResult r = env.run(env.me(), SyncEnv.RUN_TIMEOUT, args, null);

        assertEquals(0, r.exitCode(), () -> "--ssh-option IdentityFile=\"" + key + "\" reaches ssh intact:\n"
                + r.describe());
        env.assertDecryptsTo(remote, pass, src, Set.of(CONFIG));
    }

    @Test
    @Timeout(120)
    void theUsersSshOptionsTakeEffectOverRevcryptsDefaults() throws Exception {
        Path src = env.dir("src");
        SyncEnv.randomFile(src.resolve("three MiB.bin"), 3L << 20, 3);
        Path pass = env.passfile("pass", "keep-alive");
        env.init(src, pass);
        SshServer ssh = env.sshServer();
        Path remote = env.dir("remote").resolve("backup");
        List<String> args = new ArrayList<>(List.of("sync", "--passfile", pass.toString(), "--rsync-arg=--bwlimit=1000"));
        args.addAll(SyncEnv.sshOptionArgs(ssh)); // among them ConnectTimeout=10, ServerAliveInterval=5, ServerAliveCountMax=3
        args.add(src.toString());
        args.add(ssh.destination(remote));

        SyncProcess run = env.start(env.me(), args, null);
        ProcessHandle[] sshOfRsync = new ProcessHandle[1];
        run.awaitCondition("rsync's ssh", Duration.ofSeconds(60), () -> {
            sshOfRsync[0] = rsyncsSsh(run).orElse(null);
            return sshOfRsync[0] != null;
        });
        List<String> argv = Procs.argv(sshOfRsync[0]);
        List<String> probe = new ArrayList<>(List.of("ssh", "-G"));
        for (int i = 1; i + 1 < argv.size(); i++) {
            if (argv.get(i).equals("-o")) {
                probe.add("-o");
                probe.add(argv.get(++i));
            }
        }
        probe.add("127.0.0.1");
        CommandResult effective = ProcessRunner.run(probe, Duration.ofSeconds(30));
        CommandResult done = run.await(Duration.ofSeconds(120));
        assertEquals(0, done.exitCode(), done::describe);

        List<String> settings = effective.stdout().lines().toList();
        for (String expected : List.of("serveraliveinterval 5", "serveralivecountmax 3", "connecttimeout 10")) {
            assertTrue(settings.contains(expected), () -> "ssh runs with '" + expected + "' as given by --ssh-option; "
                    + "rsync's ssh was:\n  " + String.join(" ", argv) + "\nssh -G says: "
                    + settings.stream().filter(s -> s.startsWith(expected.split(" ")[0])).toList());
        }
    }

    /**
     * The ssh that rsync started for the transfer: it runs {@code rsync --server} without
     * {@code --sender} (the listing and fetching before the transfer have the remote send).
     */
    private static Optional<ProcessHandle> rsyncsSsh(SyncProcess run) {
        return run.handle().descendants().filter(p -> {
            List<String> a = Procs.argv(p);
            return !a.isEmpty() && a.get(0).equals("ssh") && a.contains("--server") && !a.contains("--sender");
        }).findFirst();
    }
}
