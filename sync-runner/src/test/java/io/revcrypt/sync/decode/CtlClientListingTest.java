package io.revcrypt.sync.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.view.DirEntryPlus;
import io.revcrypt.core.view.DirectoryListing;
import io.revcrypt.core.view.NodeAttributes;
import io.revcrypt.core.view.PathTranslator;
import io.revcrypt.core.view.TranslationException;
import io.revcrypt.fuse.ctl.ControlSocketServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CtlClient#listDirectory} against revcrypt's real control socket server: what the server
 * writes is what the client reads back, for the awkward cases too.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CtlClientListingTest {

    private static final byte[] NOT_UTF8 = {'n', (byte) 0xE9, 'e'};

    /** Lists "D" (and the root as "R"); anything else is not there. */
    private static final class Lister implements PathTranslator {
        final List<String> asked = new ArrayList<>();
        int entries = 3;

        @Override
        public String encryptPath(byte[] plainPath) throws TranslationException {
            throw TranslationException.invalidArgument();
        }

        @Override
        public byte[] decryptPath(String cipherPath) throws TranslationException {
            throw TranslationException.noSuchFile();
        }

        @Override
        public DirectoryListing listDirectory(String cipherDir) throws TranslationException {
            asked.add(cipherDir);
            if (!cipherDir.equals("D") && !cipherDir.isEmpty()) {
                throw TranslationException.noSuchFile();
            }
            List<DirEntryPlus> list = new ArrayList<>();
            list.add(new DirEntryPlus("C1", 0100000, attrs(0100640, 1000, 100), "r\u00e9sum\u00e9.txt".getBytes(StandardCharsets.UTF_8)));
            list.add(new DirEntryPlus("C2", 0100000, attrs(040700, -2, -2), NOT_UTF8));
            list.add(new DirEntryPlus("C3", 0100000, null, "vanished".getBytes(StandardCharsets.UTF_8)));
            for (int i = 3; i < entries; i++) {
                list.add(new DirEntryPlus("N" + i, 0100000, attrs(0100644, 0, 0), ("n" + i).getBytes(StandardCharsets.UTF_8)));
            }
            list.add(new DirEntryPlus("gocryptfs.diriv", 0100000, attrs(0100444, 0, 0)));
            return new DirectoryListing((cipherDir.isEmpty() ? "" : "plain dir").getBytes(StandardCharsets.UTF_8), list);
        }

        private static NodeAttributes attrs(int mode, int uid, int gid) {
            return new NodeAttributes(1, mode, 1, uid, gid, 0, 0, 0, 4096, 0, 0, 0, 0, 0, 0);
        }
    }

    @TempDir
    Path dir;

    @Test
    void aListingComesBackEntryForEntry() throws Exception {
        Lister lister = new Lister();
        try (ControlSocketServer server = ControlSocketServer.start(dir.resolve("ctl.sock"), lister);
             CtlClient client = new CtlClient(server.socketPath(), Duration.ofSeconds(10))) {
            CtlListing listing = client.listDirectory("D");

            assertArrayEquals("plain dir".getBytes(StandardCharsets.UTF_8), listing.directory().path());
            assertEquals(4, listing.entries().size());
            CtlListing.Entry resume = listing.entries().get(0);
            assertEquals("C1", resume.cipherName());
            assertEquals(0100640, resume.mode());
            assertEquals(1000, resume.uid());
            assertEquals(100, resume.gid());
            assertArrayEquals("r\u00e9sum\u00e9.txt".getBytes(StandardCharsets.UTF_8), resume.plainName());
            assertTrue(resume.exact());
            CtlListing.Entry odd = listing.entries().get(1);
            assertArrayEquals(NOT_UTF8, odd.plainName(), "a name that is not UTF-8 comes back byte for byte");
            assertTrue(odd.exact());
            assertEquals(-2, odd.uid(), "uid 4294967294 is the int stat gives");
            assertEquals(0, listing.entries().get(2).mode(), "vanished while listed");
            assertNull(listing.entries().get(3).plainName(), "a virtual entry has no plaintext name");

            CtlListing root = client.listDirectory("");
            assertEquals(List.of("D", ""), lister.asked, "the root is asked for as \".\"");
            assertEquals(0, root.directory().path().length);
        }
    }

    @Test
    void errorsAreThrownAndASocketThatCannotListSaysNull() throws Exception {
        PathTranslator cannotList = new PathTranslator() {
            @Override
            public String encryptPath(byte[] plainPath) {
                return "x";
            }

            @Override
            public byte[] decryptPath(String cipherPath) {
                return new byte[] {'x'};
            }
        };
        try (ControlSocketServer server = ControlSocketServer.start(dir.resolve("ctl.sock"), new Lister());
             CtlClient client = new CtlClient(server.socketPath(), Duration.ofSeconds(10))) {
            assertEquals(2, assertThrows(TranslationException.class, () -> client.listDirectory("missing")).errNo());
            assertFalse(client.listDirectory("D").entries().isEmpty(), "the connection stays usable");
        }
        try (ControlSocketServer server = ControlSocketServer.start(dir.resolve("ctl2.sock"), cannotList);
             CtlClient client = new CtlClient(server.socketPath(), Duration.ofSeconds(10))) {
            assertNull(client.listDirectory("D"));
        }
    }

    @Test
    void aBigDirectoryFitsInOneAnswer() throws Exception {
        Lister lister = new Lister();
        lister.entries = 100_000;
        try (ControlSocketServer server = ControlSocketServer.start(dir.resolve("ctl.sock"), lister);
             CtlClient client = new CtlClient(server.socketPath(), Duration.ofSeconds(20))) {
            CtlListing listing = client.listDirectory("D");
            assertEquals(100_001, listing.entries().size());
            assertArrayEquals("n99999".getBytes(StandardCharsets.UTF_8), listing.entries().get(99_999).plainName());
        }
    }
}
