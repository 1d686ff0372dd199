package io.revcrypt.sync.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.revcrypt.core.view.PlainPath;
import io.revcrypt.sync.restore.Report;
import io.revcrypt.sync.restore.Restorer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RsyncFetcherTest {

    @Test
    void permissionBitsAsRsyncPrintsThem() {
        assertEquals(0755, RsyncFetcher.permissions("rwxr-xr-x"));
        assertEquals(01777, RsyncFetcher.permissions("rwxrwxrwt"));
        assertEquals(02750, RsyncFetcher.permissions("rwxr-s---"));
        assertEquals(04644, RsyncFetcher.permissions("rwSr--r--"));
        assertEquals(0500, RsyncFetcher.permissions("r-x------"));
        assertEquals(-1, RsyncFetcher.permissions("rwx"));
        assertEquals(-1, RsyncFetcher.permissions("rwxr-xr-q"));
    }

    @Test
    void listingLinesAreParsedAndOtherLinesIgnored() {
        byte[] out = ("cd+++++++++\t4,096\trwxr-xr-x\tdir/\n"
                + ">f+++++++++\t1,234\trw-r--r--\tdir/a\\#012b\n"
                + "cL+++++++++\t55\trwxrwxrwx\tlink\n"
                + ".d..t......\t4096\tr-x------\t./\n"
                + "some message without tabs\n").getBytes(StandardCharsets.UTF_8);
        List<RsyncFetcher.Listed> l = RsyncFetcher.parse(out);
        assertEquals(List.of(new RsyncFetcher.Listed('d', 4096, 0755, "dir"),
                new RsyncFetcher.Listed('f', 1234, 0644, "dir/a\nb"),
                new RsyncFetcher.Listed('L', 55, 0777, "link"),
                new RsyncFetcher.Listed('d', 4096, 0500, "")), l);
    }

    @Test
    void aFileThatDidNotArriveIsAnErrorNotANameProblem() {
        assertEquals(Report.Kind.ERROR, Restorer.kindOf(null, RemoteCopyReader.NOT_FETCHED));
        assertEquals(Report.Kind.NAME, Restorer.kindOf(null, "name cannot be decrypted: bad padding"));
        assertEquals(Report.Kind.DAMAGED, Restorer.kindOf(PlainPath.parse("l".getBytes()),
                "symlink target: symlink target does not authenticate"));
        assertEquals(Report.Kind.METADATA, Restorer.kindOf(PlainPath.parse("d".getBytes()),
                "directory has no gocryptfs.diriv; its names cannot be decrypted"));
    }
}
