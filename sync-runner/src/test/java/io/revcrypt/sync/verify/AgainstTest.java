package io.revcrypt.sync.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.testsupport.Vectors;
import io.revcrypt.core.testsupport.Views;
import io.revcrypt.core.view.ReverseView;
import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.restore.Fuse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify --against SRC COPY}: a copy made by {@code revcrypt sync} compares identical,
 * and every kind of difference is listed with its plaintext name. Needs FUSE (the view is mounted).
 */
class AgainstTest {

    @TempDir
    Path tmp;
    Path src;
    Path copy;
    Path pass;

    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void synced() throws Exception {
        Fuse.require();
        src = Files.createDirectories(tmp.resolve("src"));
        copy = tmp.resolve("copy");
        pass = tmp.resolve("pass");
        Files.writeString(pass, Vectors.PASSWORD + "\n");
        Files.createDirectories(src.resolve("docs"));
        Files.writeString(src.resolve("docs/report.txt"), "quarterly numbers\n");
        Files.writeString(src.resolve("docs/" + "k".repeat(190)), "a long name\n");
        Files.writeString(src.resolve("notes.txt"), "notes\n");
        Files.write(src.resolve(".gocryptfs.reverse.conf"), Vectors.configBytes());
        Result sync = revcrypt("sync", "--passfile", pass.toString(), src.toString(), copy.toString());
        assertEquals(ExitCode.OK, sync.code(), sync.out() + sync.err());
    }

    @AfterEach
    void noMountLeft() throws IOException {
        try (var lines = Files.lines(Path.of("/proc/self/mounts"))) {
            assertFalse(lines.anyMatch(l -> l.contains(tmp.toString())), "no mount left behind");
        }
    }

    Result revcrypt(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "io.revcrypt.sync.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("XDG_RUNTIME_DIR", tmp.toString());
        pb.environment().put("REVCRYPT_STATE_DIR", tmp.resolve("state").toString());
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    Result against() throws Exception {
        return revcrypt("verify", "--passfile", pass.toString(), "--against", src.toString(), copy.toString());
    }

    @Test
    void aFreshCopyIsIdentical() throws Exception {
        Result r = against();
        assertEquals(ExitCode.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("revcrypt: identical"), r.out());
    }

    @Test
    void everyDifferenceIsListedWithItsPlaintextName() throws Exception {
        // same size, same mtime: only a checksum can tell
        Path report = src.resolve("docs/report.txt");
        FileTime t = Files.getLastModifiedTime(report);
        Files.writeString(report, "QUARTERLY NUMBERS\n");
        Files.setLastModifiedTime(report, t);
        Files.setLastModifiedTime(report.getParent(), Files.getLastModifiedTime(report.getParent()));
        Files.writeString(src.resolve("new.txt"), "new\n");
        String notes;
        try (ReverseView view = Views.open(src)) {
            notes = view.encryptPath("notes.txt".getBytes());
        }
        Files.delete(copy.resolve(notes));
        Files.writeString(copy.resolve("stray"), "not from SRC\n");

        Result r = against();

        assertEquals(ExitCode.PARTIAL, r.code(), r.out() + r.err());
        assertTrue(r.out().contains(">fc") && r.out().contains("\tdocs/report.txt"), r.out());
        assertTrue(r.out().contains("\tnew.txt"), r.out());
        assertTrue(r.out().contains("\tnotes.txt"), r.out());
        assertTrue(r.out().contains("*deleting") && r.out().contains("stray"), r.out());
        assertTrue(r.out().contains("revcrypt: differences: 1 differ in content, "), r.out());
        assertFalse(r.out().contains(notes), "cipher names are decoded: " + r.out());
        assertEquals("not from SRC\n", Files.readString(copy.resolve("stray")), "a dry run: the copy is untouched");
    }

    @Test
    void aWrongPasswordEndsWithExitTwo() throws Exception {
        Files.writeString(pass, "wrong\n");
        Result r = against();
        assertEquals(ExitCode.USAGE, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("wrong password"), r.err());
    }
}
