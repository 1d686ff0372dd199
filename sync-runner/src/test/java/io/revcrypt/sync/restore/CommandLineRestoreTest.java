package io.revcrypt.sync.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.testsupport.Vectors;
import io.revcrypt.sync.common.ExitCode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code revcrypt restore} and {@code revcrypt verify} as a person runs them: a process, its output and exit code. */
class CommandLineRestoreTest {

    @TempDir
    Path tmp;
    Path plain;
    Path copy;
    Path pass;

    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void copy() throws Exception {
        plain = tmp.resolve("plain");
        copy = tmp.resolve("copy");
        Trees.oddTree(plain);
        Trees.copyOf(plain, copy);
        pass = tmp.resolve("pass");
        Files.writeString(pass, Vectors.PASSWORD + "\n");
    }

    Result revcrypt(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "io.revcrypt.sync.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("XDG_RUNTIME_DIR", tmp.toString());
        pb.environment().remove("REVCRYPT_PASSWORD");
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "revcrypt finished");
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void restoreAndVerifyEndWithASummaryAndExitZero() throws Exception {
        Path dest = tmp.resolve("dest");
        Result r = revcrypt("restore", "--passfile", pass.toString(), copy.toString(), dest.toString());
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().contains("revcrypt: done: restored 16 files, 8 directories, 5 symlinks, 1 special file, "), r.out());
        assertEquals(Trees.describe(plain, true), Trees.describe(dest, true));

        Result v = revcrypt("verify", "--passfile", pass.toString(), copy.toString());
        assertEquals(ExitCode.OK, v.code(), v.err());
        assertTrue(v.out().contains("revcrypt: clean: verified 16 files, 8 directories, 5 symlinks, 1 special"), v.out());
        assertFalse(v.out().contains("\r"), "no live line when not on a terminal");
    }

    @Test
    void aWrongPasswordIsAUsageErrorWithItsMessage() throws Exception {
        Files.writeString(pass, "not the password\n");
        Result r = revcrypt("restore", "--passfile", pass.toString(), copy.toString(), tmp.resolve("dest").toString());
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("revcrypt: wrong password"), r.err());
        assertFalse(Files.exists(tmp.resolve("dest")), "nothing was created");

        Result v = revcrypt("verify", "--passfile", pass.toString(), copy.toString());
        assertEquals(ExitCode.USAGE, v.code());
        assertTrue(v.err().contains("revcrypt: wrong password"), v.err());
        assertFalse(v.err().contains("\tat "), "no stack trace");
    }

    @Test
    void aMissingCopyFails() throws Exception {
        Result r = revcrypt("restore", "--passfile", pass.toString(), tmp.resolve("nope").toString(), tmp.resolve("d").toString());
        assertEquals(ExitCode.FAILED, r.code());
        assertTrue(r.err().contains("does not exist"), r.err());
        Result v = revcrypt("verify", "--passfile", pass.toString(), "--via-rsync", tmp.resolve("nope").toString());
        assertEquals(ExitCode.FAILED, v.code());
    }

    @Test
    void theMasterKeyAndEscapedPlainPathsWork() throws Exception {
        Path dest = tmp.resolve("dest");
        Result r = revcrypt("restore", "--masterkey", Vectors.MASTER_KEY_HEX, "--via-rsync", copy.toString(), dest.toString(),
                "f\\#377\\#376.txt", "dir\\#012with newline");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertEquals(Trees.describe(plain, false).get("f\\#377\\#376.txt"), Trees.describe(dest, false).get("f\\#377\\#376.txt"));
        assertEquals(Trees.describe(plain, false).get("dir\\#012with newline/f\\#377\\#376.txt"),
                Trees.describe(dest, false).get("dir\\#012with newline/f\\#377\\#376.txt"));
        assertEquals(4, Trees.describe(dest, false).size(), Trees.describe(dest, false).toString());
    }

    @Test
    void badPlainPathsAndOptionsAreUsageErrors() throws Exception {
        Result r = revcrypt("restore", "--passfile", pass.toString(), copy.toString(), tmp.resolve("d").toString(), "a/../b");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("without . or .."), r.err());
        Result m = revcrypt("restore", "--passfile", pass.toString(), "--masterkey", Vectors.MASTER_KEY_HEX, copy.toString(),
                tmp.resolve("d").toString());
        assertEquals(ExitCode.USAGE, m.code());
        Result s = revcrypt("verify", "--passfile", pass.toString(), "--batch-size", "lots", copy.toString());
        assertEquals(ExitCode.USAGE, s.code());
        assertTrue(s.err().contains("not a size"), s.err());
    }

    @Test
    void aTamperedCopyEndsWithExitThreeAndNamesTheFile() throws Exception {
        Path big = null;
        try (var files = Files.walk(copy)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (Files.size(f) == 18 + 3 * 4128 + 1234 + 32) {
                    big = f;
                }
            }
        }
        byte[] data = Files.readAllBytes(big);
        data[18 + 2 * 4128 + 40] ^= 0x10;
        Files.write(big, data);
        Result v = revcrypt("verify", "--passfile", pass.toString(), copy.toString());
        assertEquals(ExitCode.PARTIAL, v.code());
        assertTrue(v.err().contains("revcrypt: damaged: big.bin (in the copy: " + copy.relativize(big)
                + "): block 2 does not authenticate"), v.err());
        assertTrue(v.out().contains("problems found: "), v.out());
    }
}
