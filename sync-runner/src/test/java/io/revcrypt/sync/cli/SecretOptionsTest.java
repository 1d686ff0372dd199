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
}
