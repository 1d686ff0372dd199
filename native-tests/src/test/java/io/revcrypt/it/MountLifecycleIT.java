package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.Commands;
import io.revcrypt.it.support.Gocryptfs;
import io.revcrypt.it.support.MountGuard;
import io.revcrypt.it.support.Mounts;
import io.revcrypt.it.support.NativeTools;
import io.revcrypt.it.support.Procs;
import io.revcrypt.it.support.Revcrypt;
import io.revcrypt.it.support.TreeStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a user gets from {@code revcrypt mount}/{@code unmount} (design §5): the mount answers the
 * moment the command returns; busy and non-empty mount points are refused with a clear message;
 * signals unmount cleanly; a killed daemon leaves a dead mount that {@code unmount} and the next
 * {@code mount} clear; {@code unmount} returns only once the server exited; the view is read-only
 * and everyday tools work on it.
 */
class MountLifecycleIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final MountGuard mounts = MountGuard.perTest();

    @TempDir
    Path tmp;

    private Path src;
    private Path mnt;
    private Path passfile;

    @BeforeAll
    static void tools() throws Exception {
        NativeTools.require();
    }

    @BeforeEach
    void tree() throws Exception {
        src = Files.createDirectory(tmp.resolve("src"));
        Files.writeString(src.resolve("hello.txt"), "hello world\n");
        Files.createDirectories(src.resolve("dir/sub"));
        Files.write(src.resolve("dir/sub/data.bin"), new byte[100_000]);
        Files.writeString(src.resolve("x".repeat(200)), "long name\n");
        Files.createSymbolicLink(src.resolve("link"), Path.of("hello.txt"));
        passfile = tmp.resolve("passfile");
        Files.writeString(passfile, "lifecycle\n");
        Revcrypt.init(src, passfile);
        mnt = Files.createDirectory(tmp.resolve("mnt"));
    }

    private CommandResult mount() throws Exception {
        return Revcrypt.mount(mounts, src, mnt, "--passfile", passfile.toString());
    }

    private long server() {
        List<ProcessHandle> servers = Procs.serving(mnt);
        assertEquals(1, servers.size(), "one process serves " + mnt + ": " + servers);
        return servers.get(0).pid();
    }

    @Test
    @Timeout(180)
    void theMountAnswersTheMomentMountReturnsAndUnmountWaitsForTheServer() throws Exception {
        for (int round = 0; round < 3; round++) {
            mount();
            // no retry, no sleep: the first look must already see the view
            CommandResult ls = Commands.run("ls", mnt.toString());
            assertEquals(0, ls.exitCode(), ls.describe());
            assertTrue(ls.stdout().lines().anyMatch("gocryptfs.diriv"::equals), ls.describe());
            long pid = server();

            CommandResult unmount = Revcrypt.unmount(mnt);
            assertEquals(0, unmount.exitCode(), unmount.describe());
            assertFalse(Mounts.isMounted(mnt), "unmounted");
            String after = Procs.describe(pid);
            assertTrue(Procs.hasExited(pid), "unmount returned only after the serving process exited: " + after);
        }
    }

    @Test
    @Timeout(120)
    void aNonEmptyMountPointIsRefused() throws Exception {
        Files.writeString(mnt.resolve("precious.txt"), "mine\n");
        CommandResult r = Revcrypt.tryMount(mounts, src, mnt, "--passfile", passfile.toString());
        assertNotEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains("not empty"), "names the problem:\n" + r.describe());
        assertFalse(Mounts.isMounted(mnt));
        assertEquals("mine\n", Files.readString(mnt.resolve("precious.txt")));
    }

    @Test
    @Timeout(120)
    void aMountedMountPointIsRefusedAndTheFirstMountKeepsServing() throws Exception {
        mount();
        long first = server();
        CommandResult again = Revcrypt.tryMount(mounts, src, mnt, "--passfile", passfile.toString());
        assertNotEquals(0, again.exitCode(), again.describe());
        assertTrue(again.stderr().contains("already mounted"), "names the problem:\n" + again.describe());
        assertEquals(first, server(), "still served by the first process only");
        assertEquals(16, Files.size(mnt.resolve("gocryptfs.diriv")));
    }

    @Test
    @Timeout(120)
    void aMountPointWhereGocryptfsIsMountedIsRefused() throws Exception {
        Gocryptfs.mountReverse(mounts, src, mnt, "-passfile", passfile.toString());
        CommandResult r = Revcrypt.tryMount(mounts, src, mnt, "--passfile", passfile.toString());
        assertNotEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains("already mounted"), "names the problem:\n" + r.describe());
        assertEquals("fuse.gocryptfs-reverse", Mounts.find(mnt).orElseThrow().fsType());
    }

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"TERM", "INT"})
    @Timeout(120)
    void aSignalUnmountsAForegroundMountCleanly(String signal) throws Exception {
        Path log = tmp.resolve("foreground.log");
        Process p = Revcrypt.startForeground(mounts, log, src, mnt, "--passfile", passfile.toString());
        awaitAnswering(p, log);
        Commands.check(Commands.run("kill", "-s", signal, Long.toString(p.pid())));
        assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "exited after SIG" + signal);
        assertFalse(Mounts.isMounted(mnt), "unmounted by SIG" + signal);
        assertTrue(isEmptyDirectory(mnt), "the mount point is an empty directory again");
        assertEquals(0, p.exitValue(), "SIG" + signal + " is the normal way to stop a foreground mount (gocryptfs "
                + "exits 0 too); log:\n" + Files.readString(log));
    }

    /** gocryptfs's {@code -q}: the foreground mount says nothing while all is well, and still unmounts on a signal. */
    @Test
    @Timeout(120)
    void aQuietForegroundMountPrintsNothing() throws Exception {
        Path log = tmp.resolve("quiet.log");
        Process p = Revcrypt.startForeground(mounts, log, src, mnt, "-q", "-passfile", passfile.toString());
        awaitAnswering(p, log);
        Commands.check(Commands.run("kill", "-s", "TERM", Long.toString(p.pid())));
        assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "exited after SIGTERM");
        assertEquals(0, p.exitValue(), () -> "log:\n" + read(log));
        assertFalse(Mounts.isMounted(mnt), "unmounted");
        assertEquals("", Files.readString(log), "-q: nothing printed");
    }

    private void awaitAnswering(Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!(Mounts.isMounted(mnt) && Files.exists(mnt.resolve("gocryptfs.diriv")))) {
            assertTrue(p.isAlive(), () -> "foreground mount ended early: " + read(log));
            assertTrue(System.nanoTime() < deadline, () -> "not mounted within " + WAIT + ": " + read(log));
            Thread.sleep(50);
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private void killServer() throws Exception {
        long pid = server();
        Commands.check(Commands.run("kill", "-s", "KILL", Long.toString(pid)));
        assertTrue(Procs.awaitExit(pid, WAIT), "killed");
        CommandResult ls = Commands.run("ls", mnt.toString());
        assertNotEquals(0, ls.exitCode(), ls.describe());
        assertTrue(ls.stderr().contains("Transport endpoint is not connected"), "a dead mount:\n" + ls.describe());
    }

    @Test
    @Timeout(120)
    void unmountClearsTheDeadMountOfAKilledServer() throws Exception {
        mount();
        killServer();
        CommandResult r = Revcrypt.unmount(mnt);
        assertEquals(0, r.exitCode(), r.describe());
        assertFalse(Mounts.isMounted(mnt), "cleared");
        assertTrue(isEmptyDirectory(mnt), "an empty directory again");
    }

    @Test
    @Timeout(120)
    void mountReplacesTheDeadMountOfAKilledServer() throws Exception {
        mount();
        byte[] before = Files.readAllBytes(mnt.resolve(helloCipherName()));
        killServer();
        mount();
        assertArrayEquals(before, Files.readAllBytes(mnt.resolve(helloCipherName())), "serves again");
        assertEquals(1, Mounts.all().stream().filter(m -> m.mountPoint().equals(mnt.toString())).count(),
                "one mount, not one stacked on the dead one");
    }

    /** The cipher name of hello.txt: the only 12-byte file, so the only entry of 62 bytes in the view. */
    private String helloCipherName() throws Exception {
        try (Stream<Path> s = Files.list(mnt)) {
            return s.filter(p -> size(p) == 62).findFirst().orElseThrow().getFileName().toString();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    @Timeout(120)
    void unmountOfABusyMountSaysWhyAndTheMountKeepsServing() throws Exception {
        mount();
        long pid = server();
        // a program whose working directory is inside the mount keeps it busy
        Process holder = new ProcessBuilder("sleep", "60").directory(mnt.toFile()).start();
        try {
            CommandResult busy = Revcrypt.unmount(mnt);
            assertEquals(1, busy.exitCode(), busy.describe());
            assertTrue(busy.stderr().contains("busy") && busy.stderr().contains("still has a file or directory there open"),
                    "says why:\n" + busy.describe());
            assertTrue(Mounts.isMounted(mnt), "not detached");
            assertEquals(pid, server(), "the same process still serves it");
            assertEquals(16, Files.size(mnt.resolve("gocryptfs.diriv")));
        } finally {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        CommandResult r = Revcrypt.unmount(mnt);
        assertEquals(0, r.exitCode(), r.describe());
        assertFalse(Mounts.isMounted(mnt));
        assertTrue(Procs.hasExited(pid), Procs.describe(pid));
    }

    @Test
    @Timeout(60)
    void unmountOfNothingFails() throws Exception {
        CommandResult r = Revcrypt.unmount(mnt);
        assertNotEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains("nothing is mounted"), r.describe());
    }

    @Test
    @Timeout(120)
    void everyWriteFailsWithReadOnlyFileSystem() throws Exception {
        mount();
        TreeStat before = TreeStat.of(src);
        String file = mnt.resolve(helloCipherName()).toString();
        String diriv = mnt.resolve("gocryptfs.diriv").toString();
        List<List<String>> writes = List.of(
                List.of("touch", mnt.resolve("new").toString()),
                List.of("touch", file),
                List.of("mkdir", mnt.resolve("newdir").toString()),
                List.of("rm", "-f", file),
                List.of("rm", "-f", diriv),
                List.of("sh", "-c", "echo hi > \"$1\"", "sh", mnt.resolve("new2").toString()),
                List.of("sh", "-c", "echo hi >> \"$1\"", "sh", file),
                List.of("mv", file, mnt.resolve("moved").toString()),
                List.of("chmod", "600", file),
                List.of("ln", "-s", "target", mnt.resolve("newlink").toString()),
                List.of("truncate", "-s", "0", file),
                List.of("setfattr", "-n", "user.x", "-v", "1", file));
        for (List<String> w : writes) {
            CommandResult r = Commands.run(w);
            assertNotEquals(0, r.exitCode(), r.describe());
            assertTrue(r.stderr().contains("Read-only file system"), r.describe());
        }
        assertEquals(List.of(), TreeStat.differences(before, TreeStat.of(src), e -> e, Set.of()),
                "the plaintext is untouched");
    }

    @Test
    @Timeout(180)
    void everydayToolsWorkOnTheMount() throws Exception {
        mount();
        TreeStat view = TreeStat.of(mnt);
        assertEquals(7 + 2 + 2, view.paths().size(), "root: 4 entries, conf, diriv, .name; dir: sub, diriv; sub: data, diriv");

        Path copy = tmp.resolve("cp-a");
        Commands.check(Commands.run("cp", "-a", mnt.toString(), copy.toString()));
        assertEquals(List.of(), TreeStat.differences(view, TreeStat.of(copy), MountLifecycleIT::copied, Set.of()));

        Path tar = tmp.resolve("view.tar");
        Commands.check(Commands.run("tar", "cf", tar.toString(), "-C", mnt.toString(), "."));
        CommandResult list = Commands.check(Commands.run("tar", "tf", tar.toString()));
        assertEquals(view.paths().size() + 1, list.stdout().lines().count(), list.describe());

        CommandResult find = Commands.check(Commands.run("find", mnt.toString(), "-mindepth", "1"));
        assertEquals(view.paths().size(), find.stdout().lines().count(), find.describe());

        CommandResult du = Commands.check(Commands.run("du", "-s", mnt.toString()));
        assertTrue(du.stdout().matches("\\d+\\s+" + mnt + "\\s*"), du.describe());

        CommandResult ls = Commands.check(Commands.run("ls", "-lR", mnt.toString()));
        assertTrue(ls.stdout().contains("gocryptfs.conf") && ls.stdout().contains(" -> "), ls.describe());

        String file = mnt.resolve(helloCipherName()).toString();
        CommandResult stat = Commands.check(Commands.run("stat", "-c", "%s %F", file));
        assertEquals("62 regular file", stat.stdout().strip());

        Path catted = tmp.resolve("cat.out");
        Commands.check(Commands.runToFile(catted, List.of("cat", file), WAIT));
        assertArrayEquals(Files.readAllBytes(Path.of(file)), Files.readAllBytes(catted));
        assertEquals(62, Files.size(catted));
    }

    /** What {@code cp -a} keeps: everything but the times of directories it wrote into, and ctime. */
    private static TreeStat.Entry copied(TreeStat.Entry e) {
        return new TreeStat.Entry(e.type(), e.mode(), 0, e.uid(), e.gid(), e.rdev(), e.type() == 'd' ? 0 : e.size(),
                e.mtimeNanos(), 0, e.sha256(), e.linkTarget());
    }

    @Test
    @Timeout(120)
    void extendedAttributesAnswerCleanly() throws Exception {
        mount();
        Path file = mnt.resolve(helloCipherName());
        for (Path p : List.of(mnt, file, mnt.resolve("gocryptfs.diriv"))) {
            UserDefinedFileAttributeView xattrs = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
            assertEquals(List.of(), xattrs.list(), "listxattr: none, " + p);
            IOException e = assertThrows(IOException.class,
                    () -> xattrs.size("missing"), "getxattr of a missing attribute fails");
            assertTrue(String.valueOf(e.getMessage()).contains("No data available")
                    || String.valueOf(e.getMessage()).contains("No such attribute"), e.toString());
        }
        if (Files.isExecutable(Path.of("/usr/bin/getfattr"))) {
            CommandResult dump = Commands.run("getfattr", "-d", "-m", "-", file.toString());
            assertEquals(0, dump.exitCode(), dump.describe());
            assertEquals("", dump.stdout().strip(), dump.describe());
            CommandResult one = Commands.run("getfattr", "-n", "user.x", file.toString());
            assertEquals(1, one.exitCode(), one.describe());
            assertTrue(one.stderr().contains("No such attribute"), one.describe());
        }
        // without getfattr the java.nio checks above made the same system calls
        assertEquals(62, Files.size(file), "the file still answers");
    }

    @Test
    @Timeout(120)
    void theLauncherPrintsTheVersion() throws Exception {
        Path jar = Revcrypt.jar();
        Path home = Revcrypt.home();
        long built = Files.getLastModifiedTime(jar).toMillis();
        // bin/revcrypt rebuilds when a source is newer than the jar; the test must not trigger that
        for (String dir : List.of("fs-core/src/main", "fs-fuse/src/main", "sync-runner/src/main")) {
            try (Stream<Path> s = Files.walk(home.resolve(dir))) {
                List<Path> newer = s.filter(f -> f.toFile().isFile() && f.toFile().lastModified() > built).toList();
                assertEquals(List.of(), newer, "the jar is older than these sources; rebuild with the reactor");
            }
        }
        CommandResult launcher = Commands.run(home.resolve("bin/revcrypt").toString(), "--version");
        CommandResult direct = Revcrypt.run("--version");
        assertEquals(0, launcher.exitCode(), launcher.describe());
        assertTrue(launcher.stdout().startsWith("revcrypt "), launcher.describe());
        assertEquals(direct.stdout(), launcher.stdout(), "the launcher runs the same jar");
        assertFalse(launcher.stderr().contains("building"), "no rebuild: " + launcher.describe());
    }
}
