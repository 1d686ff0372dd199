package io.revcrypt.sync.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.UserException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gocryptfs's password sources: the first line, never empty, at most 2048 bytes. */
class SecretOptionsTest {

    @TempDir
    Path dir;

    @Test
    void passfileGivesItsFirstLine() throws Exception {
        Path f = dir.resolve("p");
        Files.writeString(f, "s3cret pass\r\nsecond line\n");
        assertArrayEquals("s3cret pass".getBytes(), SecretOptions.fromPassfile(f));
    }

    @Test
    void emptyOrMissingOrHugeIsAUsageError() throws Exception {
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "\nnot this\n");
        UserException e = assertThrows(UserException.class, () -> SecretOptions.fromPassfile(empty));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("empty"));
        assertTrue(assertThrows(UserException.class, () -> SecretOptions.fromPassfile(dir.resolve("none")))
                .getMessage().contains("does not exist"));
        byte[] huge = new byte[3000];
        java.util.Arrays.fill(huge, (byte) 'x');
        assertTrue(assertThrows(UserException.class,
                () -> SecretOptions.firstLine(new ByteArrayInputStream(huge), "test")).getMessage().contains("2048"));
    }

    @Test
    void extpassRunsTheCommand() {
        assertArrayEquals("from-cmd".getBytes(), SecretOptions.fromExtpass("printf 'from-cmd\\nignored'"));
        UserException e = assertThrows(UserException.class, () -> SecretOptions.fromExtpass("echo x; exit 3"));
        assertTrue(e.getMessage().contains("exit code 3"));
    }

    private static SecretOptions withEnvironment(java.util.Map<String, String> env) {
        SecretOptions o = new SecretOptions();
        o.environment = env::get;
        return o;
    }

    @Test
    void passwordFileAndCommandVariablesWorkLikeRestics() throws Exception {
        Path f = dir.resolve("p");
        Files.writeString(f, "from the file\n");
        assertArrayEquals("from the file".getBytes(),
                withEnvironment(java.util.Map.of("REVCRYPT_PASSWORD_FILE", f.toString(), "REVCRYPT_PASSWORD", "plain"))
                        .password(false), "the file wins over REVCRYPT_PASSWORD");
        assertArrayEquals("from the command".getBytes(),
                withEnvironment(java.util.Map.of("REVCRYPT_PASSWORD_COMMAND", "echo 'from the command'",
                        "REVCRYPT_PASSWORD", "plain")).password(false));
        assertArrayEquals("plain".getBytes(), withEnvironment(java.util.Map.of("REVCRYPT_PASSWORD", "plain")).password(false));
    }

    @Test
    void anOptionOnTheCommandLineWinsOverEveryVariable() throws Exception {
        Path option = dir.resolve("option");
        Files.writeString(option, "from the option\n");
        SecretOptions o = withEnvironment(java.util.Map.of("REVCRYPT_PASSWORD_FILE", "/nonexistent",
                "REVCRYPT_PASSWORD_COMMAND", "exit 1", "REVCRYPT_PASSWORD", "plain"));
        o.passfile = option;
        assertArrayEquals("from the option".getBytes(), o.password(false));
        SecretOptions e = withEnvironment(java.util.Map.of("REVCRYPT_PASSWORD_FILE", "/nonexistent"));
        e.extpass = "echo ext";
        assertArrayEquals("ext".getBytes(), e.password(false));
    }

    @Test
    void bothVariablesAtOnceAreRefusedAndAMissingFileIsNamed() {
        UserException both = assertThrows(UserException.class, () -> withEnvironment(java.util.Map.of(
                "REVCRYPT_PASSWORD_FILE", "/x", "REVCRYPT_PASSWORD_COMMAND", "echo y")).password(false));
        assertEquals(ExitCode.USAGE, both.exitCode());
        assertTrue(both.getMessage().contains("REVCRYPT_PASSWORD_FILE and REVCRYPT_PASSWORD_COMMAND"), both.getMessage());
        UserException missing = assertThrows(UserException.class,
                () -> withEnvironment(java.util.Map.of("REVCRYPT_PASSWORD_FILE", dir.resolve("none").toString())).password(false));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
}
