package io.revcrypt.sync.cli;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.RuntimeDirs;
import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.job.JobFile;
import io.revcrypt.sync.job.JobFileException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(mixinStandardHelpOptions = true, name = "schedule", description = "Run a job file regularly with a systemd timer (and show the cron line for machines without systemd).",
        subcommands = {ScheduleCommand.Install.class, ScheduleCommand.ListTimers.class, ScheduleCommand.Remove.class})
final class ScheduleCommand {

    static final String PREFIX = "revcrypt-";

    /** Where units go: the system's for root, the user's otherwise. */
    static Path defaultUnitDir() {
        return RuntimeDirs.uid() == 0 ? Path.of("/etc/systemd/system")
                : Path.of(System.getProperty("user.home"), ".config", "systemd", "user");
    }

    static boolean systemdRuns() {
        return Files.isDirectory(Path.of("/run/systemd/system"));
    }

    /** For the printed commands: none for root's system units, " --user" otherwise (as {@link #systemctl}). */
    private static String userScope() {
        return RuntimeDirs.uid() == 0 ? "" : " --user";
    }

    static List<String> systemctl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("systemctl"));
        if (RuntimeDirs.uid() != 0) {
            cmd.add("--user");
        }
        cmd.addAll(List.of(args));
        return cmd;
    }

    static void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw UserException.failed(String.join(" ", cmd) + " failed");
            }
        } catch (IOException e) {
            throw UserException.failed("cannot run " + cmd.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UserException.failed("interrupted");
        }
    }

    /** The command a unit starts: the launcher this program was started by, or java -jar. */
    static String execStart(String job) {
        String launcher = System.getProperty("revcrypt.launcher");
        List<String> argv = new ArrayList<>();
        if (launcher != null && Files.isExecutable(Path.of(launcher))) {
            argv.add(Path.of(launcher).toAbsolutePath().normalize().toString());
        } else {
            argv.add(ProcessHandle.current().info().command().orElse("/usr/bin/java"));
            argv.add("-jar");
            argv.add(Path.of(System.getProperty("java.class.path").split(":")[0]).toAbsolutePath().toString());
        }
        argv.addAll(List.of("sync", "--job", job));
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(a.matches("[A-Za-z0-9_./@:=+-]+") ? a : "\"" + a.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        return sb.toString();
    }

    @Command(mixinStandardHelpOptions = true, name = "install", description = "Write (and, where systemd runs, enable) a timer that runs the job.")
    static final class Install implements Callable<Integer> {

        @Option(names = "--job", required = true, paramLabel = "NAME", description = "A job file name (~/.config/revcrypt/jobs/NAME.toml).")
        String job;

        @Option(names = "--every", paramLabel = "daily|hourly|weekly|CALENDAR", defaultValue = "daily",
                description = "When: daily (default), hourly, weekly, or a systemd calendar expression such as '*-*-* 02:30'.")
        String every;

        @Option(names = "--unit-dir", paramLabel = "DIR", description = "Write the units here (default: the system's or the user's systemd directory).")
        Path unitDir;

        @Option(names = "--no-enable", description = "Only write the units; do not call systemctl.")
        boolean noEnable;

        @Override
        public Integer call() throws IOException {
            String name = jobName(job);
            String jobArg = jobArgument(job);
            if (every.isBlank() || every.contains("\n")) {
                throw UserException.usage("--every needs daily, hourly, weekly or a calendar expression");
            }
            checkCalendar(every);
            Path dir = unitDir != null ? unitDir : defaultUnitDir();
            Files.createDirectories(dir);
            Path service = dir.resolve(PREFIX + name + ".service");
            Path timer = dir.resolve(PREFIX + name + ".timer");
            Files.writeString(service, serviceUnit(name, jobArg), StandardCharsets.UTF_8);
            Files.writeString(timer, timerUnit(name, every), StandardCharsets.UTF_8);
            PrintStream out = Console.out();
            out.println("Wrote " + service);
            out.println("Wrote " + timer);
            if (!noEnable && unitDir == null && systemdRuns()) {
                run(systemctl("daemon-reload"));
                run(systemctl("enable", "--now", timer.getFileName().toString()));
                out.println("Enabled " + timer.getFileName() + "; see 'systemctl" + userScope()
                        + " list-timers'.");
            } else {
                out.println("To enable it: systemctl" + userScope() + " daemon-reload && systemctl"
                        + userScope() + " enable --now " + timer.getFileName());
            }
            out.println();
            out.println("Without systemd, this crontab line does the same:");
            out.println("  " + cronLine(jobArg, every));
            return ExitCode.OK;
        }
    }

    /** A calendar expression systemd cannot parse would make a timer that never fires: refused (exit 2). */
    static void checkCalendar(String every) {
        Process p;
        try {
            p = new ProcessBuilder("systemd-analyze", "calendar", every).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException noSystemd) {
            return; // cannot check here; systemd checks when the timer is loaded
        }
        try {
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() != 0) {
                throw UserException.usage("--every '" + every + "' is not a calendar expression systemd understands "
                        + "(see 'systemd-analyze calendar'); use daily, hourly, weekly or e.g. '*-*-* 02:30'");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UserException.failed("interrupted");
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "list", description = "Show the revcrypt timers and when they run.")
    static final class ListTimers implements Callable<Integer> {

        @Option(names = "--unit-dir", paramLabel = "DIR")
        Path unitDir;

        @Override
        public Integer call() throws IOException {
            Path dir = unitDir != null ? unitDir : defaultUnitDir();
            PrintStream out = Console.out();
            int n = 0;
            if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> timers = Files.newDirectoryStream(dir, PREFIX + "*.timer")) {
                    for (Path t : timers) {
                        String when = Files.readAllLines(t).stream().filter(l -> l.startsWith("OnCalendar="))
                                .map(l -> l.substring("OnCalendar=".length())).findFirst().orElse("?");
                        String file = t.getFileName().toString();
                        out.printf("%-30s job %-20s %s%n", file, file.substring(PREFIX.length(), file.length() - 6), when);
                        n++;
                    }
                }
            }
            if (n == 0) {
                out.println("no revcrypt timers in " + dir);
            }
            return ExitCode.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "remove", description = "Disable and delete a job's timer.")
    static final class Remove implements Callable<Integer> {

        @Option(names = "--job", required = true, paramLabel = "NAME")
        String job;

        @Option(names = "--unit-dir", paramLabel = "DIR")
        Path unitDir;

        @Override
        public Integer call() throws IOException {
            String name = job.endsWith(".toml") ? Path.of(job).getFileName().toString().replace(".toml", "") : job;
            Path dir = unitDir != null ? unitDir : defaultUnitDir();
            Path timer = dir.resolve(PREFIX + name + ".timer");
            Path service = dir.resolve(PREFIX + name + ".service");
            if (!Files.exists(timer) && !Files.exists(service)) {
                throw UserException.failed("no timer for job " + name + " in " + dir);
            }
            if (unitDir == null && systemdRuns()) {
                run(systemctl("disable", "--now", timer.getFileName().toString()));
            }
            Files.deleteIfExists(timer);
            Files.deleteIfExists(service);
            if (unitDir == null && systemdRuns()) {
                run(systemctl("daemon-reload"));
            }
            Console.out().println("Removed the timer of job " + name + " (the job file stays).");
            return ExitCode.OK;
        }
    }

    /** What the unit passes to --job: the name for the jobs directory, else the file's absolute path. */
    static String jobArgument(String job) {
        Path file = JobFile.locate(job);
        return file.getParent().equals(JobFile.jobsDirectory()) ? jobName(job) : file.toAbsolutePath().toString();
    }

    /** Checks the job file exists and is valid before anything is scheduled. */
    static String jobName(String job) {
        try {
            JobFile j = JobFile.load(JobFile.locate(job));
            if (!j.name().matches("[A-Za-z0-9_.@-]+")) {
                throw UserException.usage("job name '" + j.name() + "' is not usable in a unit name (letters, digits, - _ . @)");
            }
            return j.name();
        } catch (JobFileException e) {
            throw UserException.usage(e.getMessage());
        }
    }

    static String serviceUnit(String name, String jobArg) {
        return """
                [Unit]
                Description=revcrypt backup job %1$s
                Wants=network-online.target
                After=network-online.target

                [Service]
                Type=oneshot
                ExecStart=%2$s
                Nice=10
                IOSchedulingClass=idle
                # exit 4: the previous run of this job is still busy; this start just yields to it
                SuccessExitStatus=4
                """.formatted(name, execStart(jobArg));
    }

    static String timerUnit(String name, String every) {
        return """
                [Unit]
                Description=Run revcrypt backup job %1$s (%2$s)

                [Timer]
                OnCalendar=%2$s
                Persistent=true
                RandomizedDelaySec=10min

                [Install]
                WantedBy=timers.target
                """.formatted(name, every);
    }

    static String cronLine(String jobArg, String every) {
        String when = switch (every) {
            case "hourly" -> "17 * * * *";
            case "daily" -> "17 3 * * *";
            case "weekly" -> "17 3 * * 1";
            default -> null;
        };
        String cmd = execStart(jobArg).replace("%", "\\%") + " >/dev/null 2>&1";
        return when == null ? "# '" + every + "' has no simple cron form; pick minute hour day month weekday for: " + cmd
                : when + " " + cmd;
    }
}
