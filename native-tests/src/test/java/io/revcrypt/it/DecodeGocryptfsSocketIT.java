package io.revcrypt.it;

import static io.revcrypt.it.support.SyncLines.CREATED_DIR;
import static io.revcrypt.it.support.SyncLines.CREATED_FILE;
import static io.revcrypt.it.support.SyncLines.CREATED_LINK;
import static io.revcrypt.it.support.SyncLines.DELETED;
import static io.revcrypt.it.support.SyncLines.DIR_IV;
import static io.revcrypt.it.support.SyncLines.DIR_TIME;
import static io.revcrypt.it.support.SyncLines.LONG_NAME_FILE;
import static io.revcrypt.it.support.SyncLines.TIME_CHANGED_FILE;
import static io.revcrypt.it.support.SyncLines.escape;
import static io.revcrypt.it.support.SyncLines.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.testsupport.RawFiles;
import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.Gocryptfs;
import io.revcrypt.it.support.SyncEnv;
import io.revcrypt.it.support.SyncLines;
import io.revcrypt.sync.decode.CtlClient;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code revcrypt decode} as a drop-in for gocryptfs-rsync-pretty (README): a real
 * {@code gocryptfs -reverse -ctlsock} mount (config by gocryptfs itself), a real
 * {@code rsync -a --out-format='%i<TAB>%n%L'} of it piped into {@code revcrypt decode --ctlsock
 * SOCK --mount MNT}, and the decoded transcript is rsync's, with the plaintext paths the test
 * created. A second run with deletions decodes deleted hashed long names from the name journal the
 * first run wrote. gocryptfs's socket sends names as JSON strings, so a name that is not UTF-8
 * comes back with U+FFFD and is marked approximate; without the plaintext tree, symlink targets
 * stay {@code (encrypted target)} (both documented in the decode package).
 */
class DecodeGocryptfsSocketIT {

    private static final String SPACE = "with space.txt";
    private static final String TAB = "tab\there.txt";
    private static final String NEWLINE = "new\nline.txt";
    private static final String ARROW = "a -> b.txt";
    private static final String NFC = "caf\u00e9.txt";
    private static final String NFD = "cafe\u0301.txt";
    private static final byte[] NON_UTF8 = {'b', 'a', 'd', '-', (byte) 0xff, '-', 'n', 'a', 'm', 'e'};
    private static final String N175 = "a".repeat(175);
    private static final String N176 = "b".repeat(176);
    private static final String N255 = "c".repeat(255);
    private static final String LINK = "link to space";
    private static final String DIR = "sub dir";
    private static final String APPROXIMATE = " [approximate name: not valid UTF-8]";

    @RegisterExtension
    final SyncEnv env = new SyncEnv();

    @Test
    @Timeout(120)
    void decodesARealRsyncTranscriptOverGocryptfsSocket() throws Exception {
        Path src = env.dir("src");
        for (String name : List.of(SPACE, TAB, NEWLINE, ARROW, NFC, NFD, N175, N176, N255)) {
            Files.writeString(src.resolve(name), "content of " + name);
        }
        RawFiles.writeFile(src, NON_UTF8, "not utf-8".getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(src.resolve(LINK), Path.of(SPACE));
        Files.createDirectory(src.resolve(DIR));
        Files.writeString(src.resolve(DIR).resolve("inner.txt"), "inner");
        Path pass = env.passfile("pass", "gocryptfs made this");
        Gocryptfs.initReverse(src, pass);
        Path mnt = env.dir("mnt");
        Path sock = env.root().resolve("ctl.sock");
        Gocryptfs.mountReverse(env.mounts(), src, mnt, "-passfile", pass.toString(), "-ctlsock", sock.toString());
        Path dest = env.root().resolve("dest");

        List<String> first = new ArrayList<>(List.of(
                line(CREATED_DIR, "./"), // rsync creates DEST
                line(CREATED_FILE, "./" + DIR_IV),
                line(CREATED_FILE, ".gocryptfs.reverse.conf [config]")));
        for (String name : List.of(SPACE, TAB, NEWLINE, ARROW, NFC, NFD, N175, N176, N255)) {
            first.add(line(CREATED_FILE, escape(name)));
        }
        first.add(line(CREATED_FILE, "bad-\uFFFD-name" + APPROXIMATE));
        first.add(line(CREATED_FILE, N176 + LONG_NAME_FILE));
        first.add(line(CREATED_FILE, N255 + LONG_NAME_FILE));
        first.add(line(CREATED_LINK, LINK + " -> (encrypted target)"));
        first.add(line(CREATED_DIR, DIR + "/"));
        first.add(line(CREATED_FILE, DIR + "/" + DIR_IV));
        first.add(line(CREATED_FILE, DIR + "/inner.txt"));
        CommandResult run1 = rsyncThroughDecode(mnt, dest, sock, false);
        SyncLines.assertItems(first, run1.stdout(), "first rsync, decoded");

        Files.delete(src.resolve(N255));
        Files.delete(src.resolve(NFC));
        Files.delete(src.resolve(LINK));
        Files.delete(src.resolve(DIR).resolve("inner.txt"));
        Files.delete(src.resolve(DIR));
        Files.writeString(src.resolve("new file.txt"), "new");
        // a time clearly apart from the first run's, and seen through the mount (the kernel caches
        // gocryptfs's attributes for a moment) before rsync looks
        FileTime rootTime = FileTime.from(Files.getLastModifiedTime(dest).toInstant().minusSeconds(100));
        Files.setLastModifiedTime(src, rootTime);
        assertTrue(SyncEnv.eventually(Duration.ofSeconds(30), () -> Files.getLastModifiedTime(mnt).equals(rootTime)),
                "the mount shows the source root's new time");
        List<String> second = List.of(
                line(DIR_TIME, "./"),
                line(TIME_CHANGED_FILE, "./" + DIR_IV),
                line(DELETED, N255),
                line(DELETED, N255 + LONG_NAME_FILE), // gocryptfs cannot decrypt it any more; the journal can
                line(DELETED, NFC),
                line(DELETED, LINK),
                line(DELETED, DIR + "/"),
                line(DELETED, DIR + "/" + DIR_IV),
                line(DELETED, DIR + "/inner.txt"),
                line(CREATED_FILE, "new file.txt"));
        CommandResult run2 = rsyncThroughDecode(mnt, dest, sock, true);
        SyncLines.assertItems(second, run2.stdout(), "second rsync (with deletions), decoded");

        // revcrypt's own ListDirectory request: gocryptfs skips the unknown key and answers "Empty
        // input", which the client takes as "cannot list" (and the sync decoder then asks path by path)
        try (CtlClient client = new CtlClient(sock, Duration.ofSeconds(10))) {
            assertNull(client.listDirectory(""));
            assertEquals("new file.txt", new String(client.decryptPath(client.encryptPath("new file.txt").result())
                    .resultBytes(), StandardCharsets.UTF_8), "the connection goes on as before");
        }
    }

    /** {@code rsync -a [--delete] --out-format=… MNT/ DEST/ | revcrypt decode --ctlsock SOCK --mount MNT}. */
    private CommandResult rsyncThroughDecode(Path mnt, Path dest, Path sock, boolean delete) throws Exception {
        List<String> rsyncArgv = new ArrayList<>(List.of("rsync", "-a", "--out-format=%i\t%n%L"));
        if (delete) {
            rsyncArgv.add("--delete");
        }
        rsyncArgv.add(mnt + "/");
        rsyncArgv.add(dest + "/");
        Path rsyncErr = env.fresh("rsync-stderr");
        ProcessBuilder rsync = new ProcessBuilder(rsyncArgv)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(rsyncErr.toFile());
        List<String> decodeArgs = List.of("decode", "--ctlsock", sock.toString(), "--mount", mnt.toString());
        ProcessBuilder decode = env.builder(env.me(), decodeArgs);
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(rsync, decode));
        Process rsyncProcess = pipeline.get(0);
        Process decodeProcess = pipeline.get(1);
        CompletableFuture<String> out = read(decodeProcess.getInputStream());
        CompletableFuture<String> err = read(decodeProcess.getErrorStream());
        try {
            if (!decodeProcess.waitFor(90, TimeUnit.SECONDS) || !rsyncProcess.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("rsync | revcrypt decode did not finish");
            }
        } finally {
            pipeline.forEach(Process::destroyForcibly);
        }
        CommandResult r = new CommandResult(decode.command(), decodeProcess.exitValue(), out.get(10, TimeUnit.SECONDS),
                err.get(10, TimeUnit.SECONDS));
        assertEquals(0, rsyncProcess.exitValue(), () -> "rsync failed: " + read(rsyncErr) + "\n" + r.describe());
        assertEquals(0, r.exitCode(), r::describe);
        return r;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "(" + e + ")";
        }
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (Exception e) {
                return "(" + e + ")";
            }
        }, task -> {
            Thread t = new Thread(task, "read output of revcrypt decode");
            t.setDaemon(true);
            t.start();
        });
    }
}
