package io.revcrypt.sync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.UserException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the demo checks, and the one command it names for what is missing. */
class PrerequisitesTest {

    private static final Path CHECKOUT_LAUNCHER = Path.of("/src/revcrypt/bin/revcrypt");

    private static String refusal(Set<String> files, boolean libfuse, Path launcher) {
        Prerequisites p = new Prerequisites(List.of("/usr/bin", "/bin"), f -> files.contains(f.toString()), libfuse, launcher);
        UserException e = assertThrows(UserException.class, p::require);
        assertEquals(ExitCode.FAILED, e.exitCode());
        return e.getMessage();
    }

    @Test
    void fromACheckoutTheCommandIsInstallDeps() {
        assertEquals("missing: rsync; install with: sudo /src/revcrypt/bin/install-deps",
                refusal(Set.of("/bin/fusermount3", "/dev/fuse", "/src/revcrypt/bin/install-deps"), true, CHECKOUT_LAUNCHER));
    }

    @Test
    void installedTheCommandIsApt() {
        assertEquals("missing: rsync, fusermount3, libfuse 3; install with: sudo apt-get install rsync fuse3",
                refusal(Set.of("/dev/fuse"), false, Path.of("/usr/bin/revcrypt")));
        assertEquals("missing: fusermount3; install with: sudo apt-get install fuse3",
                refusal(Set.of("/usr/bin/rsync", "/dev/fuse"), true, null));
    }

    @Test
    void noDevFuseIsNotAPackage() {
        assertEquals("/dev/fuse is missing: load the kernel's FUSE module (modprobe fuse), or in a container give it"
                + " the device (docker run --device /dev/fuse)", refusal(Set.of("/usr/bin/rsync", "/bin/fusermount3"), true, null));
    }

    @Test
    void everythingThereIsQuiet() {
        new Prerequisites(List.of("/usr/bin"), f -> true, true, null).require();
    }
}
