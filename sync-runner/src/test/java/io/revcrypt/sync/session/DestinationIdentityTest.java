package io.revcrypt.sync.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.revcrypt.sync.transport.Destination;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DestinationIdentityTest {

    @TempDir
    Path tmp;

    @Test
    void aSymlinkAndItsTargetAreOneDestinationAlsoBelowAMissingPart() throws Exception {
        Path real = Files.createDirectory(tmp.resolve("backup"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        String viaLink = DestinationIdentity.of(Destination.parse(link + "/"), List.of());
        assertEquals(DestinationIdentity.of(Destination.parse(real.toString()), List.of()), viaLink);
        assertEquals(real.toRealPath().resolve("not/yet").toString(),
                DestinationIdentity.localRealPath(link.resolve("not/yet")).toString(), "the missing rest is kept");
    }

    @Test
    void remotePathsAreNormalised() {
        assertEquals("backup", DestinationIdentity.normaliseRemotePath("backup/"));
        assertEquals("/srv/backup", DestinationIdentity.normaliseRemotePath("//srv/./backup//"));
        assertEquals("backup/x", DestinationIdentity.normaliseRemotePath("./backup/./x/"));
        assertEquals(".", DestinationIdentity.normaliseRemotePath("."));
        assertEquals(".", DestinationIdentity.normaliseRemotePath(""));
        assertEquals("/", DestinationIdentity.normaliseRemotePath("/"));
    }

    @Test
    void sshEndpointIsUserHostAndPortAsSshResolvesThem() {
        String sshG = "user backup\nhostname Box.Example.org\nport 2222\nidentityfile ~/.ssh/id\n";
        assertEquals("backup@box.example.org:2222", DestinationIdentity.parseSshConfig(sshG, "alias"));
        assertEquals("alias", DestinationIdentity.parseSshConfig("", "alias"), "the host as written if ssh cannot say");
    }
}
