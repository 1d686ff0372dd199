package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.OpsEnv;
import io.revcrypt.it.support.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code revcrypt schedule install|list|remove} (issue 6) with {@code --unit-dir} and
 * {@code --no-enable}: the units it writes pass {@code systemd-analyze verify} (systemd itself is not
 * started), for {@code daily}, {@code hourly} and a calendar expression; {@code list} shows the timer;
 * {@code remove} deletes both files; a job file that is not valid, or a schedule systemd cannot read,
 * is refused with exit 2 before anything is written.
 */
class OpsScheduleIT {

    private static final String JOB = "laptop";

    @RegisterExtension
    final OpsEnv ops = OpsEnv.perTest();

    @Test
    @Timeout(120)
    void installVerifyListRemove() throws Exception {
        OpsEnv.requireSystemdAnalyze();
        writeJob(JOB, "[snapshots]\nkeep-daily = 7\n");
        Path units = ops.path("units");
        Path service = units.resolve("revcrypt-" + JOB + ".service");
        Path timer = units.resolve("revcrypt-" + JOB + ".timer");

        for (String every : List.of("daily", "hourly", "*-*-* 02:30")) {
            CommandResult install = install(every, units);
            assertEquals(0, install.exitCode(), install.describe());
            assertTrue(Files.readAllLines(timer).contains("OnCalendar=" + every), "the timer runs " + every + ":\n"
                    + Files.readString(timer));
            String unit = Files.readString(service);
            String exec = unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst()
                    .orElseThrow(() -> new AssertionError("no ExecStart in\n" + unit));
            assertTrue(exec.endsWith(" sync --job " + JOB), exec);
            CommandResult verify = verify(service, timer);
            assertEquals(0, verify.exitCode(), "systemd-analyze verify accepts the units for '" + every + "':\n"
                    + verify.describe() + "\n" + Files.readString(service) + "\n" + Files.readString(timer));
        }

        CommandResult list = ops.revcrypt("schedule", "list", "--unit-dir", units.toString());
        assertEquals(0, list.exitCode(), list.describe());
        assertTrue(list.stdout().contains("revcrypt-" + JOB + ".timer") && list.stdout().contains(JOB)
                && list.stdout().contains("*-*-* 02:30"), "list shows the timer and when:\n" + list.describe());

        CommandResult remove = ops.revcrypt("schedule", "remove", "--job", JOB, "--unit-dir", units.toString());
        assertEquals(0, remove.exitCode(), remove.describe());
        assertFalse(Files.exists(service) || Files.exists(timer), "both units are deleted: " + files(units));
        assertTrue(Files.isRegularFile(ops.jobsDir().resolve(JOB + ".toml")), "the job file stays");
        CommandResult empty = ops.revcrypt("schedule", "list", "--unit-dir", units.toString());
        assertTrue(empty.stdout().contains("no revcrypt timers"), empty.describe());
    }

    @Test
    @Timeout(60)
    void anInvalidJobFileIsRefused() throws Exception {
        writeJob("typo", "passfiel = \"/root/pass\"\n");
        Path units = ops.path("units");
        CommandResult r = ops.revcrypt("schedule", "install", "--job", "typo", "--unit-dir", units.toString(), "--no-enable");
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains("typo.toml") && r.stderr().contains("passfiel"),
                "the message names the file and the setting:\n" + r.describe());
        assertEquals(List.of(), files(units), "nothing is written");

        CommandResult missing = ops.revcrypt("schedule", "install", "--job", "nonesuch", "--unit-dir", units.toString(),
                "--no-enable");
        assertEquals(2, missing.exitCode(), missing.describe());
        assertEquals(List.of(), files(units), "nothing is written");
    }

    /** A schedule systemd cannot parse would give a timer that never runs; it must be refused up front. */
    @Test
    @Timeout(60)
    void aScheduleSystemdCannotReadIsRefused() throws Exception {
        OpsEnv.requireSystemdAnalyze();
        writeJob(JOB, "");
        Path units = ops.path("units");
        CommandResult r = install("every other tuesday", units);
        List<Path> written = files(units);
        String verdict = written.isEmpty() ? "" : verify(units.resolve("revcrypt-" + JOB + ".service"),
                units.resolve("revcrypt-" + JOB + ".timer")).describe();
        assertEquals(2, r.exitCode(), "an unreadable --every is a usage error:\n" + r.describe()
                + "\nwritten: " + written + "\n" + verdict);
        assertEquals(List.of(), written, "nothing is written");
    }

    private CommandResult install(String every, Path units) throws Exception {
        return ops.revcrypt("schedule", "install", "--job", JOB, "--every", every, "--unit-dir", units.toString(),
                "--no-enable");
    }

    private static CommandResult verify(Path service, Path timer) throws Exception {
        return ProcessRunner.run(List.of("systemd-analyze", "verify", "--man=no", service.toString(), timer.toString()),
                Duration.ofSeconds(60));
    }

    private void writeJob(String name, String extra) throws IOException {
        Files.createDirectories(ops.jobsDir());
        Path src = Files.createDirectories(ops.path("src"));
        Files.writeString(ops.jobsDir().resolve(name + ".toml"), "source = \"" + src + "\"\n"
                + "destination = \"" + ops.path("backup") + "\"\n"
                + "passfile = \"" + ops.passfile() + "\"\n" + extra);
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
