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

@Command(mixinStandardHelpOptions = true, name = "schedule", description = {"Run a job file regularly with a systemd timer.",
                "Where systemd does not run, it shows the cron line to use instead."},
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

    /** The template units the package installs; a job of root's is scheduled as their instance. */
    static final Path INSTALLED_UNITS = Path.of("/usr/lib/systemd/system");
    static final String TEMPLATE = "revcrypt@";

    /**
     * True when this revcrypt runs from an installed launcher (the .deb's /usr/bin/revcrypt, a
     * tarball's bin/revcrypt), which never builds: only then may a unit run the launcher itself.
     * The checkout's bin/revcrypt builds when a source is newer than the jar, and a timer must never
     * run Maven (as root, after a git pull, say).
     */
    static boolean runsInstalled() {
        String launcher = System.getProperty("revcrypt.launcher");
        return Boolean.getBoolean("revcrypt.installed") && launcher != null && Files.isExecutable(Path.of(launcher));
    }

    /**
     * The command a unit starts: the installed launcher this program was started by, or else this
     * same JVM with its options and class path (the jar already built in a checkout), never a launcher that builds.
     */
    static String execStart(String job) {
        List<String> argv = new ArrayList<>();
        if (runsInstalled()) {
            argv.add(Path.of(System.getProperty("revcrypt.launcher")).toAbsolutePath().normalize().toString());
        } else {
            for (String arg : JavaCommand.current()) {
                // the checkout's launcher and its class-data archive belong to that checkout's start
                if (!arg.startsWith("-Drevcrypt.launcher=") && !arg.startsWith("-Drevcrypt.installed=")
                        && !arg.startsWith("-XX:SharedArchiveFile=") && !arg.startsWith("-Xlog:cds")) {
                    argv.add(arg);
                }
            }
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

    /**
     * Whether a job is scheduled as an instance of the installed template units: root's system
     * units, revcrypt installed, the templates there, and the job in root's own jobs directory
     * (the template runs {@code sync --job NAME}, which looks there).
     */
    static boolean usesTemplate(String jobArg, Path installedUnits) {
        Path defaultJobs = Path.of(System.getProperty("user.home"), ".config", "revcrypt", "jobs");
        return RuntimeDirs.uid() == 0 && runsInstalled() && !jobArg.contains("/")
                && JobFile.jobsDirectory().equals(defaultJobs)
                && Files.isRegularFile(installedUnits.resolve(TEMPLATE + ".service"))
                && Files.isRegularFile(installedUnits.resolve(TEMPLATE + ".timer"));
    }

    /** The drop-in that gives one instance of the template timer its own schedule (daily needs none). */
    static String scheduleDropIn(String every) {
        return """
                # written by revcrypt schedule install: when this job runs
                [Timer]
                OnCalendar=
                OnCalendar=%s
                """.formatted(every);
    }

    /** For a user's timer: systemd stops a user's units at logout unless lingering is on. */
    static String lingerAdvice() {
        String user = System.getProperty("user.name");
        if (RuntimeDirs.uid() == 0 || Files.exists(Path.of("/var/lib/systemd/linger", user))) {
            return null;
        }
        return "A user timer runs only while " + user + " is logged in; to run it also after logout and at boot: "
                + "sudo loginctl enable-linger " + user;
    }

    @Command(mixinStandardHelpOptions = true, name = "install", description = {"Write a timer that runs the job, and enable it.",
            "The timer is enabled where systemd runs; a user's timer needs loginctl enable-linger to run"
                    + " while the user is logged out."})
    static final class Install implements Callable<Integer> {

        @Option(names = "--job", required = true, paramLabel = "NAME", description = "The job: NAME.toml in ~/.config/revcrypt/jobs/.")
        String job;

        @Option(names = "--every", paramLabel = "daily|hourly|weekly|CALENDAR", defaultValue = "daily",
                description = "When: daily (the default), hourly, weekly, or a systemd calendar expression such as"
                        + " 02:30 or \"Sat 04:00\".")
        String every;

        @Option(names = "--unit-dir", paramLabel = "DIR", description = "Write the units to DIR (default: the system's or the user's systemd directory).")
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
            PrintStream out = Console.out();
            String timerName;
            if (usesTemplate(jobArg, INSTALLED_UNITS)) {
                timerName = installInstance(name, dir, out);
            } else {
                timerName = writeUnits(name, jobArg, dir, out);
            }
            if (!noEnable && unitDir == null && systemdRuns()) {
                run(systemctl("daemon-reload"));
                run(systemctl("enable", "--now", timerName));
                out.println("Enabled " + timerName + "; see 'systemctl" + userScope() + " list-timers'.");
            } else {
                out.println("To enable it: systemctl" + userScope() + " daemon-reload && systemctl"
                        + userScope() + " enable --now " + timerName);
            }
            String linger = lingerAdvice();
            if (linger != null) {
                out.println(linger);
            }
            out.println();
            out.println("Without systemd, this crontab line does the same:");
            out.println("  " + cronLine(jobArg, every));
            return ExitCode.OK;
        }

        /** The installed revcrypt@.timer for this job; a schedule other than daily goes in its drop-in. */
        private String installInstance(String name, Path dir, PrintStream out) throws IOException {
            String timerName = TEMPLATE + name + ".timer";
            Path dropInDir = dir.resolve(timerName + ".d");
            Path dropIn = dropInDir.resolve("schedule.conf");
            if (every.equals("daily")) {
                if (Files.deleteIfExists(dropIn)) {
                    out.println("Removed " + dropIn + " (the installed timer runs daily)");
                }
                deleteIfEmpty(dropInDir);
            } else {
                Files.createDirectories(dropInDir);
                Files.writeString(dropIn, scheduleDropIn(every), StandardCharsets.UTF_8);
                out.println("Wrote " + dropIn);
            }
            out.println("Uses the installed units " + INSTALLED_UNITS.resolve(TEMPLATE + ".service") + " and "
                    + INSTALLED_UNITS.resolve(TEMPLATE + ".timer") + " (instance " + name + ")");
            return timerName;
        }

        private String writeUnits(String name, String jobArg, Path dir, PrintStream out) throws IOException {
            Files.createDirectories(dir);
            Path service = dir.resolve(PREFIX + name + ".service");
            Path timer = dir.resolve(PREFIX + name + ".timer");
            Files.writeString(service, serviceUnit(name, jobArg), StandardCharsets.UTF_8);
            Files.writeString(timer, timerUnit(name, every), StandardCharsets.UTF_8);
            out.println("Wrote " + service);
            out.println("Wrote " + timer);
            if (!runsInstalled()) {
                out.println("The unit runs the jar built in this checkout (it never builds); after 'mvn clean' it "
                        + "cannot start. For a lasting schedule install the package or the release tarball "
                        + "(README, Install) and run this again with its revcrypt.");
            }
            return timer.getFileName().toString();
        }
    }

    static void deleteIfEmpty(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                if (entries.iterator().hasNext()) {
                    return;
                }
            }
            Files.delete(dir);
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

        @Option(names = "--unit-dir", paramLabel = "DIR", description = "Where the units are (default: where install puts them).")
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
            n += listInstances(dir, out);
            if (n == 0) {
                out.println("no revcrypt timers in " + dir);
            }
            return ExitCode.OK;
        }
    }

    /** Instances of the installed template timer: enabled ones, and ones with a schedule of their own. */
    static int listInstances(Path dir, PrintStream out) throws IOException {
        java.util.SortedMap<String, String> instances = new java.util.TreeMap<>();
        for (Path d : List.of(dir.resolve("timers.target.wants"), dir)) {
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (DirectoryStream<Path> timers = Files.newDirectoryStream(d, TEMPLATE + "?*.timer*")) {
                for (Path t : timers) {
                    String file = t.getFileName().toString();
                    String timer = file.endsWith(".d") ? file.substring(0, file.length() - 2) : file;
                    if (timer.endsWith(".timer")) {
                        instances.put(timer, instanceSchedule(dir.resolve(timer + ".d").resolve("schedule.conf")));
                    }
                }
            }
        }
        instances.forEach((timer, when) -> out.printf("%-30s job %-20s %s%n", timer,
                timer.substring(TEMPLATE.length(), timer.length() - ".timer".length()), when));
        return instances.size();
    }

    private static String instanceSchedule(Path dropIn) throws IOException {
        if (!Files.isRegularFile(dropIn)) {
            return "daily";
        }
        return Files.readAllLines(dropIn).stream().filter(l -> l.startsWith("OnCalendar=") && l.length() > "OnCalendar=".length())
                .map(l -> l.substring("OnCalendar=".length())).reduce((a, b) -> b).orElse("daily");
    }

    @Command(mixinStandardHelpOptions = true, name = "remove", description = "Disable and delete a job's timer.")
    static final class Remove implements Callable<Integer> {

        @Option(names = "--job", required = true, paramLabel = "NAME", description = "The job whose timer to remove.")
        String job;

        @Option(names = "--unit-dir", paramLabel = "DIR", description = "Where the units are (default: where install puts them).")
        Path unitDir;

        @Override
        public Integer call() throws IOException {
            String name = job.endsWith(".toml") ? Path.of(job).getFileName().toString().replace(".toml", "") : job;
            Path dir = unitDir != null ? unitDir : defaultUnitDir();
            Path timer = dir.resolve(PREFIX + name + ".timer");
            Path service = dir.resolve(PREFIX + name + ".service");
            String instance = TEMPLATE + name + ".timer";
            Path dropInDir = dir.resolve(instance + ".d");
            boolean templated = Files.exists(dir.resolve("timers.target.wants").resolve(instance)) || Files.isDirectory(dropInDir);
            if (!Files.exists(timer) && !Files.exists(service) && !templated) {
                throw UserException.failed("no timer for job " + name + " in " + dir);
            }
            boolean systemd = unitDir == null && systemdRuns();
            if (systemd && templated) {
                run(systemctl("disable", "--now", instance));
            }
            if (systemd && (Files.exists(timer) || Files.exists(service))) {
                run(systemctl("disable", "--now", timer.getFileName().toString()));
            }
            Files.deleteIfExists(timer);
            Files.deleteIfExists(service);
            Files.deleteIfExists(dropInDir.resolve("schedule.conf"));
            deleteIfEmpty(dropInDir);
            if (systemd) {
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
                """.formatted(name, execStart(jobArg).replace("%", "%%"));
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
