package io.revcrypt.sync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.sync.decode.RsyncLineParser;
import io.revcrypt.sync.session.RunLog;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A full disk is told from other write errors, in rsync's words and in the JDK's; a log that hits
 * one (the kernel's /dev/full answers every write with ENOSPC) stops with one line, and says why.
 */
class NoSpaceTest {

    @Test
    void rsyncsLinesOfAFullDiskOrQuotaAreToldFromOtherErrors() {
        assertTrue(NoSpace.inText("rsync: [receiver] write failed on \"/backup/x\": No space left on device (28)"));
        assertTrue(NoSpace.inText("rsync: [receiver] mkstemp \"/backup/.x.AbCdEf\" failed: Disk quota exceeded (122)"));
        assertFalse(NoSpace.inText("rsync: [receiver] write failed on \"/backup/x\": Read-only file system (30)"));
        assertFalse(NoSpace.inText(null));
    }

    @Test
    void theJdksExceptionOfAFullDiskIsToldByItsReasonAlsoWhenWrapped() {
        FileSystemException full = new FileSystemException("/backup/x", null, "No space left on device");
        assertTrue(NoSpace.in(full));
        assertTrue(NoSpace.in(new IOException("publishing failed", full)));
        assertFalse(NoSpace.in(new FileSystemException("/backup/x", null, "Permission denied")));
    }

    @Test
    void aLogOnAFullDiskStopsWithOneLineAndKeepsTheReason() throws Exception {
        List<String> warnings = new ArrayList<>();
        try (RunLog log = RunLog.open(Path.of("/dev/full")).onLost(warnings::add)) {
            assertNull(log.lost());
            log.line("the first line");
            log.line("the second line"); // the log has stopped: no second warning
            assertEquals(1, warnings.size(), () -> "one warning: " + warnings);
            assertTrue(warnings.get(0).contains("No space left on device") && warnings.get(0).contains("/dev/full"),
                    warnings::toString);
            assertEquals(warnings.get(0), log.lost());
        }
    }

    @Test
    void aFullDiskIsReadFromTheReasonOfRsyncsMessageNotFromAName() {
        RsyncLineParser parser = new RsyncLineParser();
        assertTrue(NoSpace.inMessage(parser.parse("rsync: [receiver] write failed on \"/backup/x\": No space left on device (28)")));
        assertTrue(NoSpace.inMessage(parser.parse("rsync: [receiver] mkstemp \"/backup/.x.AbCdEf\" failed: Disk quota exceeded (122)")));
        assertTrue(NoSpace.inMessage(parser.parse("rsync: write error: No space left on device (28)")));
        assertTrue(NoSpace.inMessage(parser.parse("rsync error: error in file IO (code 11) at receiver.c(381): No space left on device")));
        assertFalse(NoSpace.inMessage(parser.parse("rsync: [receiver] write failed on \"/backup/x\": Read-only file system (30)")));
        assertFalse(NoSpace.inMessage(parser.parse(
                "rsync: [sender] send_files failed to open \"/mnt/No space left on device\": Permission denied (13)")),
                "a file named like the reason is not a full disk");
        assertFalse(NoSpace.inMessage(parser.parse(">f+++++++++\tNo space left on device")));
    }
}
