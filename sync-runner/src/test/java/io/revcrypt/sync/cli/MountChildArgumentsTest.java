package io.revcrypt.sync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.sync.session.MountSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The mount child's command line is built in one place ({@link MountSpec}) and parsed in another
 * ({@link MountCommand}'s options): each spec is parsed back here with the real command, so a
 * renamed or forgotten option fails.
 */
class MountChildArgumentsTest {

    /** The child as its picocli sees it, after {@code Main} recognised it by its first two words. */
    private static MountCommand parsedChild(List<String> argv) {
        assertEquals("mount", argv.get(0));
        assertEquals(MountCommand.DAEMON_CHILD, argv.get(1), "Main recognises the child by its second word");
        MountCommand child = new MountCommand();
        new CommandLine(child).parseArgs(argv.subList(1, argv.size()).toArray(String[]::new));
        return child;
    }

    @Test
    void aRunsChildGetsEveryOptionOfItsSpec() {
        MountSpec spec = MountSpec.of(Path.of("/data/src"), Path.of("keys/view.conf"), List.of("tmp", "a b/c"),
                        List.of("*.iso"), List.of(Path.of("excluded.txt")))
                .at(Path.of("/run/revcrypt/sync-1/mnt"))
                .withMasterKey(true)
                .withControlSocket(Path.of("/run/revcrypt/sync-1/ctl.sock"))
                .reportingChangesTo(Path.of("/run/revcrypt/sync-1/changed-while-read"))
                .endingWithParent();

        MountCommand child = parsedChild(spec.childArguments());

        assertTrue(child.daemonChild);
        assertTrue(child.watchStdin, "the child of a run unmounts when the run ends or dies");
        assertEquals("stdin", child.masterKey, "the master key comes over stdin, never on the command line");
        assertFalse(child.secrets.passwordStdin);
        assertEquals(Path.of("keys/view.conf").toAbsolutePath(), child.config);
        assertEquals(Path.of("/run/revcrypt/sync-1/ctl.sock"), child.ctlsock);
        assertEquals(List.of("tmp", "a b/c"), child.exclusions.excludes);
        assertEquals(List.of("*.iso"), child.exclusions.wildcards);
        assertEquals(List.of(Path.of("excluded.txt").toAbsolutePath()), child.exclusions.excludeFrom);
        assertEquals(Path.of("/run/revcrypt/sync-1/changed-while-read"), child.reportChanged);
        assertFalse(child.allowOther);
        assertFalse(child.foreground);
        assertEquals(Path.of("/data/src"), child.source);
        assertEquals(Path.of("/run/revcrypt/sync-1/mnt"), child.mountPoint);
    }

    @Test
    void aBareSpecGivesAChildWithAPasswordAndNothingElse() {
        MountSpec spec = MountSpec.of(Path.of("/data/src"), null, List.of(), List.of(), List.of()).at(Path.of("/mnt/view"));

        MountCommand child = parsedChild(spec.childArguments());

        assertTrue(child.secrets.passwordStdin);
        assertNull(child.masterKey);
        assertFalse(child.watchStdin, "a detached mount serves on after its parent exits");
        assertNull(child.config);
        assertNull(child.ctlsock);
        assertNull(child.reportChanged);
        assertTrue(child.exclusions.isEmpty());
        assertFalse(child.allowOther);
        assertEquals(Path.of("/mnt/view"), child.mountPoint);
    }

    @Test
    void theDetachedChildOfMountGetsThePersonsOptions() {
        MountCommand person = new MountCommand();
        new CommandLine(person).parseArgs("--masterkey", "00-11", "--config", "my.conf", "--ctlsock", "ctl.sock",
                "-e", "cache", "--ew", "*.o", "--exclude-from", "list.txt", "--allow-other", "src", "mnt");

        MountCommand child = parsedChild(person.childSpec(Path.of("/abs/src"), Path.of("/abs/mnt")).childArguments());

        assertEquals("stdin", child.masterKey, "the key the person typed goes over the child's stdin");
        assertFalse(child.watchStdin);
        assertEquals(Path.of("my.conf").toAbsolutePath(), child.config);
        assertEquals(Path.of("ctl.sock").toAbsolutePath(), child.ctlsock);
        assertEquals(List.of("cache"), child.exclusions.excludes);
        assertEquals(List.of("*.o"), child.exclusions.wildcards);
        assertEquals(List.of(Path.of("list.txt").toAbsolutePath()), child.exclusions.excludeFrom);
        assertTrue(child.allowOther);
        assertNull(child.reportChanged);
        assertEquals(Path.of("/abs/src"), child.source);
        assertEquals(Path.of("/abs/mnt"), child.mountPoint);
    }
}
