package io.revcrypt.sync.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.view.DirEntryPlus;
import io.revcrypt.core.view.DirectoryListing;
import io.revcrypt.core.view.NodeAttributes;
import io.revcrypt.core.view.PathTranslator;
import io.revcrypt.core.view.TranslationException;
import io.revcrypt.fuse.ctl.ControlSocketServer;
import io.revcrypt.sync.decode.CtlClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The two ways {@link BaseLinks} learns what the view shows, against a real socket server and a real directory. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ViewDirectoriesTest {

    @TempDir
    Path tmp;

    /** Lists "d": a file, a directory, an entry that vanished while listed, the virtual diriv. */
    private static final PathTranslator VIEW = new PathTranslator() {
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
            switch (cipherDir) {
                case "d" -> {
                    return new DirectoryListing("plain".getBytes(StandardCharsets.UTF_8), List.of(
                            new DirEntryPlus("FILE", 0100000, attrs(0100600, 1000, 1000), "f".getBytes(StandardCharsets.UTF_8)),
                            new DirEntryPlus("DIR", 0040000, attrs(0040755, 0, 0), "g".getBytes(StandardCharsets.UTF_8)),
                            new DirEntryPlus("GONE", 0100000, null, "h".getBytes(StandardCharsets.UTF_8)),
                            new DirEntryPlus("gocryptfs.diriv", 0100000, attrs(0100444, 0, 0))));
                }
                case "file" -> throw new TranslationException(20, "not a directory");
                case "denied" -> throw new TranslationException(13, "permission denied");
                default -> throw TranslationException.noSuchFile();
            }
        }

        private NodeAttributes attrs(int mode, int uid, int gid) {
            return new NodeAttributes(1, mode, 1, uid, gid, 0, 0, 0, 4096, 0, 0, 0, 0, 0, 0);
        }
    };

    @Test
    void overTheControlSocket() throws Exception {
        try (ControlSocketServer server = ControlSocketServer.start(tmp.resolve("ctl.sock"), VIEW);
             CtlClient ctl = new CtlClient(server.socketPath(), Duration.ofSeconds(10))) {
            ViewDirectories view = ViewDirectories.overControlSocket(ctl);

            Map<String, ViewDirectories.Entry> d = view.list("d");
            assertEquals(new ViewDirectories.Entry(0100600, 1000, 1000), d.get("FILE"));
            assertTrue(d.get("DIR").isDirectory());
            assertEquals(new ViewDirectories.Entry(0100444, 0, 0), d.get("gocryptfs.diriv"));
            assertEquals(3, d.size(), "what vanished while listed is not in the view");
            assertNull(view.list("missing"), "no such directory in the view");
            assertNull(view.list("file"));
            IOException denied = assertThrows(IOException.class, () -> view.list("denied"));
            assertTrue(denied.getMessage().contains("permission denied"), denied.getMessage());
        }
    }

    @Test
    void aSocketThatCannotListIsAnErrorNotAnEmptyView() throws Exception {
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
        try (ControlSocketServer server = ControlSocketServer.start(tmp.resolve("ctl.sock"), cannotList);
             CtlClient ctl = new CtlClient(server.socketPath(), Duration.ofSeconds(10))) {
            assertThrows(IOException.class, () -> ViewDirectories.overControlSocket(ctl).list(""),
                    "an empty answer would let BaseLinks link files whose mode changed");
        }
    }

    @Test
    void throughTheFileSystem() throws Exception {
        Path view = Files.createDirectories(tmp.resolve("view/sub"));
        Files.writeString(view.resolve("f\u00e9.txt"), "x");
        Files.setPosixFilePermissions(view.resolve("f\u00e9.txt"), PosixFilePermissions.fromString("rw-r-----"));
        ViewDirectories directories = ViewDirectories.mounted(tmp.resolve("view"));

        Map<String, ViewDirectories.Entry> sub = directories.list("sub");
        assertEquals(0100640, sub.get("f\u00e9.txt").mode());
        assertTrue(directories.list("").get("sub").isDirectory());
        assertNull(directories.list("nothing"));
        assertNull(directories.list("sub/f\u00e9.txt"), "a file is not a directory of the view");
    }
}
