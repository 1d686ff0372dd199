package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.ProcessRunner;
import io.revcrypt.it.support.Revcrypt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release artifacts the dist module builds install and run like real software (issue 19):
 * the .deb installs with apt-get, its /usr/bin/revcrypt runs (never building), its man pages,
 * bash completion and systemd template units work, {@code schedule install} uses those units or
 * the installed launcher, and {@code apt-get purge} leaves none of its files; the tarball, unpacked
 * anywhere, runs its demo with no Maven on the PATH. Root only (CI runs as root on Debian).
 */
class PackageInstallIT {

    private static final Duration APT = Duration.ofMinutes(5);
    private static final Duration RUN = Duration.ofSeconds(120);
    private static final Pattern DEMO_HOME = Pattern.compile("everything lives in (/\\S+)");

    @TempDir
    Path tmp;

    @Test
    @Timeout(900)
    void theDebInstallsRunsAndPurgesLeavingNothing() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "installs a package: root only");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")), "a Debian machine");
        assertFalse(installed(), "revcrypt is already installed on this machine; the test would purge it");
        Path deb = single(Revcrypt.home().resolve("dist/target"), "revcrypt_", ".deb");
        Path home = Files.createDirectories(tmp.resolve("home"));
        String job = "pkg-it-" + UUID.randomUUID().toString().substring(0, 8);
        Path rootJob = Path.of("/root/.config/revcrypt/jobs", job + ".toml");
        List<Path> packaged = List.of();
        Path createdConfig = firstMissing(rootJob.getParent());
        try {
            check(run(APT, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q", deb.toString()));
            packaged = packageFiles();
            assertTrue(packaged.contains(Path.of("/usr/bin/revcrypt")) && packaged.contains(Path.of("/usr/share/revcrypt/revcrypt.jar"))
                    && packaged.contains(Path.of("/usr/share/man/man1/revcrypt.1.gz"))
                    && packaged.contains(Path.of("/usr/share/man/man1/revcrypt-sync.1.gz"))
                    && packaged.contains(Path.of("/usr/share/bash-completion/completions/revcrypt"))
                    && packaged.contains(Path.of("/usr/lib/systemd/system/revcrypt@.service"))
                    && packaged.contains(Path.of("/usr/lib/systemd/system/revcrypt@.timer"))
                    && packaged.contains(Path.of("/usr/share/doc/revcrypt/copyright")), "the package's files: " + packaged);

            CommandResult version = check(runAs(home, "/usr/bin/revcrypt", "--version"));
            assertTrue(version.stdout().startsWith("revcrypt "), version.describe());
            demo(home, "/usr/bin/revcrypt");

            CommandResult man = check(run(RUN, "man", "-w", "revcrypt"));
            assertEquals("/usr/share/man/man1/revcrypt.1.gz", man.stdout().strip(), man.describe());
            CommandResult manSync = check(run(RUN, "man", "-w", "revcrypt-schedule-install"));
            assertEquals("/usr/share/man/man1/revcrypt-schedule-install.1.gz", manSync.stdout().strip(), manSync.describe());

            String completion = "/usr/share/bash-completion/completions/revcrypt";
            check(run(RUN, "bash", "-n", completion));
            CommandResult query = check(run(RUN, "bash", "-c", "source \"$1\"; COMP_WORDS=(revcrypt sn); COMP_CWORD=1; "
                    + "COMP_LINE='revcrypt sn'; COMP_POINT=${#COMP_LINE}; _complete_revcrypt; printf '%s\\n' \"${COMPREPLY[@]}\"",
                    "bash", completion));
            assertEquals(List.of("snapshots"), query.stdout().lines().map(String::strip).toList(),
                    "completing 'revcrypt sn':\n" + query.describe());

            check(run(RUN, "systemd-analyze", "verify", "--man=no", "revcrypt@laptop.service", "revcrypt@laptop.timer"));

            // schedule install as root, installed: the job in root's jobs directory is an instance of the template
            Files.createDirectories(rootJob.getParent());
            Path src = Files.createDirectories(tmp.resolve("src"));
            Files.writeString(rootJob, "source = \"" + src + "\"\ndestination = \"" + tmp.resolve("backup") + "\"\n"
                    + "passfile = \"" + tmp.resolve("pass") + "\"\n");
            Path units = tmp.resolve("units");
            CommandResult template = check(runAs(home, "/usr/bin/revcrypt", "schedule", "install", "--job", job,
                    "--every", "hourly", "--unit-dir", units.toString(), "--no-enable"));
            assertTrue(template.stdout().contains("enable --now revcrypt@" + job + ".timer"), template.describe());
            assertEquals(List.of("OnCalendar=", "OnCalendar=hourly"), Files.readAllLines(
                    units.resolve("revcrypt@" + job + ".timer.d/schedule.conf")).stream()
                    .filter(l -> l.startsWith("OnCalendar")).toList(), "the drop-in sets the schedule");
            assertFalse(Files.exists(units.resolve("revcrypt-" + job + ".service")), "no unit of its own: " + template.describe());
            check(runAs(home, "/usr/bin/revcrypt", "schedule", "remove", "--job", job, "--unit-dir", units.toString()));
            assertFalse(Files.exists(units.resolve("revcrypt@" + job + ".timer.d")), "remove deletes the drop-in");

            // a job file elsewhere is no instance name: its own units, which run the installed launcher
            Path elsewhere = Files.createDirectories(tmp.resolve("jobs")).resolve(job + ".toml");
            Files.copy(rootJob, elsewhere);
            CommandResult own = check(runAs(home, "/usr/bin/revcrypt", "schedule", "install", "--job", elsewhere.toString(),
                    "--unit-dir", units.toString(), "--no-enable"));
            Path service = units.resolve("revcrypt-" + job + ".service");
            assertTrue(Files.readAllLines(service).contains("ExecStart=/usr/bin/revcrypt sync --job " + elsewhere),
                    own.describe() + "\n" + Files.readString(service));
            check(run(RUN, "systemd-analyze", "verify", "--man=no", service.toString(), units.resolve("revcrypt-" + job + ".timer").toString()));
        } finally {
            Files.deleteIfExists(rootJob);
            if (createdConfig != null) {
                deleteTree(createdConfig); // root's config as it was
            }
            CommandResult purge = run(APT, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "purge", "-y", "-q", "revcrypt");
            assertEquals(0, purge.exitCode(), purge.describe());
        }
        assertFalse(installed(), "purged");
        List<Path> left = packaged.stream().filter(p -> Files.exists(p) && !Files.isDirectory(p)).toList();
        assertEquals(List.of(), left, "files of the package left after purge");
        for (String dir : List.of("/usr/share/revcrypt", "/usr/share/doc/revcrypt")) {
            assertFalse(Files.exists(Path.of(dir)), dir + " is left after purge");
        }
    }

    @Test
    @Timeout(300)
    void theTarballRunsItsDemoWithoutMaven() throws Exception {
        Path tarball = single(Revcrypt.home().resolve("dist/target"), "revcrypt-", ".tar.gz");
        Path unpacked = Files.createDirectories(tmp.resolve("unpacked"));
        check(run(RUN, "tar", "-xzf", tarball.toString(), "-C", unpacked.toString()));
        Path top = single(unpacked, "revcrypt-", "");
        for (String part : List.of("bin/revcrypt", "lib/revcrypt.jar", "lib/picocli-4.7.7.jar", "man/man1/revcrypt.1",
                "man/man1/revcrypt-sync.1", "completion/revcrypt", "systemd/revcrypt@.service", "systemd/revcrypt@.timer",
                "LICENSE")) {
            assertTrue(Files.isRegularFile(top.resolve(part)), "the tarball has " + part);
        }
        assertTrue(Files.isExecutable(top.resolve("bin/revcrypt")));

        // a PATH with every tool of /usr/bin except Maven
        Path bin = Files.createDirectories(tmp.resolve("path"));
        try (Stream<Path> tools = Files.list(Path.of("/usr/bin"))) {
            for (Path tool : tools.toList()) {
                String name = tool.getFileName().toString();
                if (!name.startsWith("mvn")) {
                    Files.createSymbolicLink(bin.resolve(name), tool);
                }
            }
        }
        Path home = Files.createDirectories(tmp.resolve("home"));
        String path = bin + ":/usr/sbin:/sbin";
        CommandResult noMaven = run(RUN, "env", "PATH=" + path, "sh", "-c", "command -v mvn");
        assertTrue(noMaven.exitCode() != 0, "Maven is not on the test's PATH: " + noMaven.describe());

        String launcher = top.resolve("bin/revcrypt").toString();
        CommandResult version = check(run(RUN, "env", "PATH=" + path, "HOME=" + home, launcher, "--version"));
        assertTrue(version.stdout().startsWith("revcrypt "), version.describe());
        CommandResult demo = demo(home, "env", "PATH=" + path, "HOME=" + home, launcher);
        assertFalse(demo.stderr().contains("building"), demo.describe());

        // schedule install from the tarball: its units run the tarball's launcher, which never builds
        Path job = tmp.resolve("job.toml");
        Files.writeString(job, "source = \"" + Files.createDirectories(tmp.resolve("src")) + "\"\ndestination = \""
                + tmp.resolve("backup") + "\"\npassfile = \"" + tmp.resolve("pass") + "\"\n");
        Path units = tmp.resolve("units");
        check(run(RUN, "env", "PATH=" + path, "HOME=" + home, launcher, "schedule", "install", "--job", job.toString(),
                "--unit-dir", units.toString(), "--no-enable"));
        Path service = units.resolve("revcrypt-job.service");
        assertTrue(Files.readAllLines(service).contains("ExecStart=" + top.resolve("bin/revcrypt").toRealPath() + " sync --job " + job),
                Files.readString(service));
    }

    /** {@code revcrypt demo} through {@code argv}, with its HOME; must succeed; its directory is removed. */
    private CommandResult demo(Path home, String... argv) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env", "HOME=" + home));
        cmd.addAll(Arrays.asList(argv));
        cmd.add("demo");
        CommandResult r = ProcessRunner.run(cmd, RUN);
        Matcher m = DEMO_HOME.matcher(r.stdout());
        try {
            assertEquals(0, r.exitCode(), r.describe());
            assertTrue(r.stdout().contains("Photos/2026/beach.jpg"), "the demo shows the plaintext names:\n" + r.describe());
        } finally {
            if (m.find()) {
                deleteTree(Path.of(m.group(1)));
            }
        }
        return r;
    }

    private CommandResult runAs(Path home, String... argv) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env", "-u", "XDG_CONFIG_HOME", "HOME=" + home));
        cmd.addAll(Arrays.asList(argv));
        return ProcessRunner.run(cmd, RUN);
    }

    private static CommandResult run(Duration timeout, String... argv) throws Exception {
        return ProcessRunner.run(List.of(argv), timeout);
    }

    private static CommandResult check(CommandResult r) {
        assertEquals(0, r.exitCode(), r.describe());
        return r;
    }

    private static boolean installed() throws Exception {
        CommandResult r = run(RUN, "dpkg-query", "-W", "-f=${Status}", "revcrypt");
        return r.exitCode() == 0 && r.stdout().contains("install ok installed");
    }

    private static List<Path> packageFiles() throws Exception {
        return check(run(RUN, "dpkg-query", "-L", "revcrypt")).stdout().lines().map(String::strip)
                .filter(l -> l.startsWith("/")).map(Path::of).toList();
    }

    /** The one file in {@code dir} named PREFIX…SUFFIX (the build makes exactly one). */
    private static Path single(Path dir, String prefix, String suffix) throws IOException {
        assertTrue(Files.isDirectory(dir), dir + " is missing: build with 'mvn -pl native-tests -am verify'");
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(suffix)).toList();
            assertEquals(1, found.size(), "one " + prefix + "*" + suffix + " in " + dir + ": " + found);
            return found.get(0);
        }
    }

    /** The topmost directory of {@code dir} that does not exist yet (null if it all exists). */
    private static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
