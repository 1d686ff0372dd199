package io.revcrypt.sync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.RuntimeDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a scheduled unit runs: the installed launcher when revcrypt runs installed, else the jar
 * this JVM runs, never a launcher that may build; the installed template units for root's jobs.
 */
class ScheduleCommandTest {

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    @TempDir
    Path dir;

    @AfterEach
    void forgetTheLauncher() {
        System.clearProperty("revcrypt.launcher");
        System.clearProperty("revcrypt.installed");
    }

    private Path executable(String name) throws IOException {
        Path p = Files.createDirectories(dir.resolve("bin")).resolve(name);
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void theCheckoutsBuildingLauncherIsNeverWhatAUnitRuns() throws IOException {
        Path checkoutLauncher = executable("revcrypt");
        System.setProperty("revcrypt.launcher", checkoutLauncher.toString());
        String exec = ScheduleCommand.execStart("laptop");
        assertFalse(exec.contains(checkoutLauncher.toString()), exec);
        assertTrue(exec.startsWith(ProcessHandle.current().info().command().orElseThrow()), exec);
        assertTrue(exec.contains(" -cp ") && exec.endsWith(" " + Main.class.getName() + " sync --job laptop"), exec);
        assertFalse(exec.contains("-Drevcrypt.launcher"), "the unit's JVM is not told of the checkout's launcher: " + exec);
    }

    @Test
    void anInstalledLauncherIsWhatAUnitRuns() throws IOException {
        Path installed = executable("revcrypt");
        System.setProperty("revcrypt.launcher", installed.toString());
        System.setProperty("revcrypt.installed", "true");
        assertEquals(installed + " sync --job laptop", ScheduleCommand.execStart("laptop"));
    }

    @Test
    void theTemplateIsUsedOnlyWhenInstalledAndPresent() throws IOException {
        assumeTrue(RuntimeDirs.uid() == 0, "the system's template units are root's");
        assumeTrue(System.getenv("XDG_CONFIG_HOME") == null, "the template's job is in root's own jobs directory");
        Path units = Files.createDirectories(dir.resolve("units"));
        System.setProperty("revcrypt.launcher", executable("revcrypt").toString());
        assertFalse(ScheduleCommand.usesTemplate("laptop", units), "no template units there");
        Files.writeString(units.resolve("revcrypt@.service"), "");
        Files.writeString(units.resolve("revcrypt@.timer"), "");
        assertFalse(ScheduleCommand.usesTemplate("laptop", units), "not installed: a checkout writes its own units");
        System.setProperty("revcrypt.installed", "true");
        assertTrue(ScheduleCommand.usesTemplate("laptop", units));
        assertFalse(ScheduleCommand.usesTemplate("/srv/jobs/laptop.toml", units), "a job file elsewhere is not %i");
    }

    @Test
    void aTemplateInstanceIsListedWithItsScheduleAndRemoved() throws IOException {
        Path units = Files.createDirectories(dir.resolve("units"));
        Path wants = Files.createDirectories(units.resolve("timers.target.wants"));
        Files.createSymbolicLink(wants.resolve("revcrypt@daily-job.timer"), Path.of("/usr/lib/systemd/system/revcrypt@.timer"));
        Path dropIn = Files.createDirectories(units.resolve("revcrypt@laptop.timer.d")).resolve("schedule.conf");
        Files.writeString(dropIn, ScheduleCommand.scheduleDropIn("*-*-* 02:30"));

        assertEquals(ExitCode.OK, Main.run("schedule", "list", "--unit-dir", units.toString()));
        String listed = console.out();
        assertTrue(listed.lines().anyMatch(l -> l.startsWith("revcrypt@daily-job.timer") && l.endsWith("daily")), listed);
        assertTrue(listed.lines().anyMatch(l -> l.startsWith("revcrypt@laptop.timer") && l.endsWith("*-*-* 02:30")), listed);

        assertEquals(ExitCode.OK, Main.run("schedule", "remove", "--job", "laptop", "--unit-dir", units.toString()));
        assertFalse(Files.exists(dropIn.getParent()), "the drop-in and its directory are gone");
    }

    @Test
    void theDropInReplacesTheTemplatesSchedule() {
        assertEquals(java.util.List.of("OnCalendar=", "OnCalendar=hourly"),
                ScheduleCommand.scheduleDropIn("hourly").lines().filter(l -> l.startsWith("OnCalendar")).toList());
    }
}
