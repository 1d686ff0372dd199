package io.revcrypt.sync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** journald's priority prefixes on stderr lines, and systemd's test of whether stderr is the journal. */
class JournalStreamTest {

    @TempDir
    Path dir;

    @Test
    void eachLineGetsItsPriority() {
        ByteArrayOutputStream journal = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new JournalStream(journal), true, StandardCharsets.UTF_8);
        err.println("revcrypt: warning: the finish ping to hc-ping.com failed: HTTP 503");
        err.println("revcrypt: source directory /x does not exist");
        err.print("rsync: [sender] send_files failed to open \"/a/ä\": Permission denied");
        err.flush();
        assertEquals("", journal.toString(StandardCharsets.UTF_8).lines().skip(2).findFirst().orElse(""),
                "half a line waits for its end");
        err.println();
        err.println("Mounted /a at /b");
        assertEquals("<4>revcrypt: warning: the finish ping to hc-ping.com failed: HTTP 503\n"
                + "<3>revcrypt: source directory /x does not exist\n"
                + "<3>rsync: [sender] send_files failed to open \"/a/ä\": Permission denied\n"
                + "<6>Mounted /a at /b\n", journal.toString(StandardCharsets.UTF_8));
    }

    @Test
    void stderrIsTheJournalOnlyWhenDeviceAndInodeMatch() throws Exception {
        Path file = Files.createFile(dir.resolve("f"));
        String id = JournalStream.deviceAndInode(file);
        assertNotNull(id);
        assertTrue(id.matches("\\d+:\\d+"), id);
        assertFalse(JournalStream.isStderr(null));
        assertFalse(JournalStream.isStderr(id), "this file is not our stderr");
        assertEquals(JournalStream.deviceAndInode(Path.of("/proc/self/fd/2")) != null,
                JournalStream.isStderr(JournalStream.deviceAndInode(Path.of("/proc/self/fd/2"))));
    }
}
