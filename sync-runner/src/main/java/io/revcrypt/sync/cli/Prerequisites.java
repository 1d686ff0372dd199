package io.revcrypt.sync.cli;

import io.revcrypt.fuse.FuseLibrary;
import io.revcrypt.sync.common.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a sync needs from the system besides Java (which bin/revcrypt checks before the JVM
 * exists): rsync, fuse3's fusermount3, libfuse 3, and /dev/fuse. Missing ones are named with the
 * one command that installs them: the checkout's bin/install-deps (the list .ci/run uses too) when
 * run from a checkout, else apt-get's line for the packages.
 */
final class Prerequisites {

    private final List<String> path;
    private final Predicate<Path> exists;
    private final boolean libfuseLoads;
    private final Path launcher;

    Prerequisites(List<String> path, Predicate<Path> exists, boolean libfuseLoads, Path launcher) {
        this.path = path;
        this.exists = exists;
        this.libfuseLoads = libfuseLoads;
        this.launcher = launcher;
    }

    static Prerequisites ofThisSystem() {
        String launcher = System.getProperty("revcrypt.launcher");
        return new Prerequisites(List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")),
                Files::exists, !FuseLibrary.describe().contains("not found"), launcher == null ? null : Path.of(launcher));
    }

    /** Throws, exit 1, naming what is missing and how to install it. */
    void require() {
        List<String> packages = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        if (!onPath("rsync")) {
            missing.add("rsync");
            packages.add("rsync");
        }
        if (!onPath("fusermount3") && !onPath("fusermount")) {
            missing.add("fusermount3");
            packages.add("fuse3");
        }
        if (!libfuseLoads) {
            missing.add("libfuse 3");
            if (!packages.contains("fuse3")) {
                packages.add("fuse3");
            }
        }
        if (!packages.isEmpty()) {
            throw UserException.failed("missing: " + String.join(", ", missing) + "; install with: "
                    + installCommand(packages));
        }
        if (!exists.test(Path.of("/dev/fuse"))) {
            throw UserException.failed("/dev/fuse is missing: load the kernel's FUSE module (modprobe fuse), or in a"
                    + " container give it the device (docker run --device /dev/fuse)");
        }
    }

    private String installCommand(List<String> packages) {
        Path installDeps = launcher == null ? null : launcher.toAbsolutePath().getParent().resolve("install-deps");
        if (installDeps != null && exists.test(installDeps)) {
            return "sudo " + installDeps;
        }
        return "sudo apt-get install " + String.join(" ", packages);
    }

    private boolean onPath(String tool) {
        for (String dir : path) {
            if (!dir.isEmpty() && exists.test(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
