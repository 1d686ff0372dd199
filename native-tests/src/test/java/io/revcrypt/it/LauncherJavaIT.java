package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.ProcessRunner;
import io.revcrypt.it.support.Revcrypt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed launcher ({@code dist/src/main/sh/revcrypt}, the .deb's /usr/bin/revcrypt and the
 * tarball's bin/revcrypt) picks the newest Java 17 or later of $JAVA_HOME, the PATH's java and
 * /usr/lib/jvm/*, and refuses an older one named in REVCRYPT_JAVA. The Javas here are stand-ins
 * (a home with a release file and a bin/java that says who it is); the machine's own are real.
 */
class LauncherJavaIT {

    private static final Duration RUN = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    @Timeout(120)
    void theNewestJava17OrLaterRunsAndAnOlderOneIsRefused() throws Exception {
        Path prefix = Files.createDirectories(tmp.resolve("revcrypt"));
        Files.createDirectories(prefix.resolve("bin"));
        Files.createDirectories(prefix.resolve("lib"));
        Path launcher = prefix.resolve("bin/revcrypt");
        Files.copy(Revcrypt.home().resolve("dist/src/main/sh/revcrypt"), launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(prefix.resolve("lib/revcrypt.jar"), "");
        Path old = fakeJava("jdk-11", "11.0.2");
        Path newest = fakeJava("jdk-99", "99.0.1");
        Path cache = tmp.resolve("cache");

        // JAVA_HOME a Java 11, the PATH's java a Java 99: 99 runs
        CommandResult r = ProcessRunner.run(List.of("env", "JAVA_HOME=" + old.getParent().getParent(),
                "PATH=" + newest.getParent() + ":/usr/bin:/bin", "REVCRYPT_CACHE_DIR=" + cache, launcher.toString(), "--version"), RUN);
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stdout().startsWith("fake java 99 ") && r.stdout().contains("io.revcrypt.sync.cli.Main --version"),
                "the newest Java runs revcrypt's main class:\n" + r.describe());
        assertTrue(r.stdout().contains("-Drevcrypt.installed=true"), "it tells revcrypt it runs installed:\n" + r.describe());

        // REVCRYPT_JAVA names one: used alone, and a Java older than 17 is refused in one line
        CommandResult refused = ProcessRunner.run(List.of("env", "REVCRYPT_JAVA=" + old, "REVCRYPT_CACHE_DIR=" + cache,
                launcher.toString(), "--version"), RUN);
        assertEquals(1, refused.exitCode(), refused.describe());
        assertEquals("revcrypt: REVCRYPT_JAVA=" + old + " is not a Java 17 or newer", refused.stderr().strip(), refused.describe());
    }

    /**
     * The launcher of a source checkout ({@code bin/revcrypt}, the README's first command) takes
     * REVCRYPT_JAVA too, and refuses one older than 17 in the same line, before it starts anything.
     */
    @Test
    @Timeout(120)
    void theCheckoutsLauncherRefusesAnOlderJavaNamedInRevcryptJava() throws Exception {
        Path old = fakeJava("jdk-11", "11.0.2");
        CommandResult refused = ProcessRunner.run(List.of("env", "REVCRYPT_JAVA=" + old,
                Revcrypt.home().resolve("bin/revcrypt").toString(), "--version"), RUN);
        assertEquals(1, refused.exitCode(), refused.describe());
        assertEquals("revcrypt: REVCRYPT_JAVA=" + old + " is not a Java 17 or newer", refused.stderr().strip(),
                refused.describe());
        assertTrue(refused.stdout().isEmpty(), "the old Java never ran:\n" + refused.describe());
    }

    /** A Java home whose release file says {@code version} and whose bin/java prints its arguments. */
    private Path fakeJava(String name, String version) throws Exception {
        Path home = Files.createDirectories(tmp.resolve(name));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"fake java " + version.split("\\.")[0] + " $*\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }
}
