package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.OpsEnv;
import io.revcrypt.it.support.OpsTrees;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * journald's priorities (issue 19): when stderr is the stream {@code $JOURNAL_STREAM} names (its
 * device and inode, systemd's documented test), every stderr line starts with {@code <3>} for an
 * error, {@code <4>} for a warning, {@code <6>} otherwise; when it is not, nothing is added. Stderr
 * is a real file here, named in JOURNAL_STREAM by its own device and inode, as journald's socket
 * would be.
 */
class JournalPrioritiesIT {

    @RegisterExtension
    final OpsEnv ops = OpsEnv.perTest();

    /** {@code revcrypt ARGS 2>>FILE} with JOURNAL_STREAM naming FILE (or, with {@code matching} false, another file). */
    private List<String> stderrLines(boolean matching, String... args) throws Exception {
        Path stderr = Files.createTempFile(ops.root(), "stderr", ".txt");
        Path other = Files.createTempFile(ops.root(), "other", ".txt");
        Path named = matching ? stderr : other;
        String stream = Files.getAttribute(named, "unix:dev") + ":" + Files.getAttribute(named, "unix:ino");
        CommandResult r = ops.revcrypt(List.of("JOURNAL_STREAM=" + stream, "sh", "-c", "exec \"$@\" 2>>\"$0\"",
                stderr.toString()), List.of(args));
        assertEquals("", r.stderr(), r::describe);
        return Files.readAllLines(stderr);
    }

    @Test
    @Timeout(60)
    void anErrorIsPriority3AndNothingIsAddedWhenStderrIsNotTheJournal() throws Exception {
        assertEquals(List.of("<3>revcrypt: unknown command 'snyc'. Did you mean: sync?"), stderrLines(true, "snyc"));
        assertEquals(List.of("revcrypt: unknown command 'snyc'. Did you mean: sync?"), stderrLines(false, "snyc"));
    }

    @Test
    @Timeout(120)
    void warningsArePriority4() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Path job = Files.createDirectories(ops.jobsDir()).resolve("laptop.toml");
        Files.writeString(job, "source = \"" + src + "\"\ndestination = \"" + ops.path("backup") + "\"\npassfile = \""
                + ops.passfile() + "\"\n[ping]\nurl = \"http://127.0.0.1:" + closedPort + "/x\"\n");

        List<String> lines = stderrLines(true, "sync", "--job", job.toString());

        List<String> pings = lines.stream().filter(l -> l.contains(" ping to ")).toList();
        assertEquals(2, pings.size(), lines::toString);
        assertTrue(pings.stream().allMatch(l -> l.startsWith("<4>revcrypt: warning: ")), lines::toString);
        assertTrue(lines.stream().allMatch(l -> l.matches("<[346]>.*")), () -> "every line has a priority: " + lines);
    }
}
