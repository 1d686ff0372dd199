package io.revcrypt.sync.decode;

import io.revcrypt.sync.decode.RsyncEvent.Deleted;
import io.revcrypt.sync.decode.RsyncEvent.ExitMessage;
import io.revcrypt.sync.decode.RsyncEvent.Itemized;
import io.revcrypt.sync.decode.RsyncEvent.LinkKind;
import io.revcrypt.sync.decode.RsyncEvent.LinkTarget;
import io.revcrypt.sync.decode.RsyncEvent.Listed;
import io.revcrypt.sync.decode.RsyncEvent.MessageKind;
import io.revcrypt.sync.decode.RsyncEvent.Other;
import io.revcrypt.sync.decode.RsyncEvent.PathMessage;
import io.revcrypt.sync.decode.RsyncEvent.Progress;
import io.revcrypt.sync.decode.RsyncEvent.Stats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lines below are copied from the real rsync 3.5.0 transcripts in src/test/resources/decode. */
class RsyncLineParserTest {

    private static final String MNT = "/tmp/revcrypt-decode-capture.1RtDuJ/errors/mnt";
    private final RsyncLineParser parser = new RsyncLineParser();

    @Test
    void itemizedNewFile() {
        assertEquals(new Itemized(">f+++++++++", "\t", "-I_qwkHferiIrwB6trZiLQ", Optional.empty()),
                parser.parse(">f+++++++++\t-I_qwkHferiIrwB6trZiLQ"));
    }

    @Test
    void itemizedDirectoryKeepsTrailingSlash() {
        assertEquals(new Itemized("cd+++++++++", "\t", "YwoLHKfxjuR9KUKMvOe7Dw/BjOYv4ZehCkdEV-_w4YPGA/", Optional.empty()),
                parser.parse("cd+++++++++\tYwoLHKfxjuR9KUKMvOe7Dw/BjOYv4ZehCkdEV-_w4YPGA/"));
    }

    @Test
    void itemizedSymlinkSplitsAtTheArrow() {
        assertEquals(new Itemized("cL+++++++++", "\t", "-Jd3uMdg-_FGpii6GeH8Eg",
                        Optional.of(new LinkTarget(LinkKind.SYMLINK,
                                "YNJglnPfmYsvEwRX1QQfMBsRV0098YEdThZbZcsuAAi5dM4CzruDN48"))),
                parser.parse("cL+++++++++\t-Jd3uMdg-_FGpii6GeH8Eg -> YNJglnPfmYsvEwRX1QQfMBsRV0098YEdThZbZcsuAAi5dM4CzruDN48"));
    }

    @Test
    void itemizedUpdatesAndAttributeChanges() {
        assertEquals(".f...p.....", ((Itemized) parser.parse(".f...p.....\txKBSw8zGxgx7VgT0x9AQSw")).flags());
        assertEquals("cLc........", ((Itemized) parser.parse("cLc........\ti5cjO-bI6osyKisSRffong -> by9W")).flags());
        assertEquals(".d..t......", ((Itemized) parser.parse(".d..t......\t./")).flags());
    }

    @Test
    void itemizedUnchangedUnderDoubleIHasSpacesInItsFlags() {
        // rsync -ii prints ".f" and nine spaces for an unchanged file
        assertEquals(new Itemized(".f         ", "\t", "xKBSw8zGxgx7VgT0x9AQSw", Optional.empty()),
                parser.parse(".f         \txKBSw8zGxgx7VgT0x9AQSw"));
    }

    @Test
    void itemizedHardLinkTargetIsAPath() {
        // rsync -H: "hf+++++++++<TAB>two => d/three"
        assertEquals(new Itemized("hf+++++++++", "\t", "xKBSw8zGxgx7VgT0x9AQSw",
                        Optional.of(new LinkTarget(LinkKind.HARD_LINK, "YwoLHKfxjuR9KUKMvOe7Dw/yh2pDGiAF67jNX1M1GVkUQ"))),
                parser.parse("hf+++++++++\txKBSw8zGxgx7VgT0x9AQSw => YwoLHKfxjuR9KUKMvOe7Dw/yh2pDGiAF67jNX1M1GVkUQ"));
    }

    @Test
    void itemizedWithRsyncsDefaultSpaceFormat() {
        assertEquals(new Itemized(">f+++++++++", " ", "0azwni68GeYzK1XwOnkEgw", Optional.empty()),
                parser.parse(">f+++++++++ 0azwni68GeYzK1XwOnkEgw"));
        assertEquals(new Itemized(".d         ", " ", "./", Optional.empty()), parser.parse(".d          ./"));
    }

    @Test
    void itemizedSplitsAtTheFirstTabOnly() {
        Itemized item = (Itemized) parser.parse(">f+++++++++\tpath\twith tab -> and arrow");
        assertEquals("path\twith tab -> and arrow", item.path());
        assertEquals(Optional.empty(), item.link()); // not a symlink: the arrow is part of the path
    }

    @Test
    void deletionUnderOurOutFormat() {
        assertEquals(new Deleted("*deleting  \t",
                        "YwoLHKfxjuR9KUKMvOe7Dw/gocryptfs.longname.XMn0aPr0cLW2G-dpAgzRCFUviX7rGPsfXd0d7hqAqmo/"),
                parser.parse("*deleting  \tYwoLHKfxjuR9KUKMvOe7Dw/gocryptfs.longname.XMn0aPr0cLW2G-dpAgzRCFUviX7rGPsfXd0d7hqAqmo/"));
    }

    @Test
    void deletionUnderVerbose() {
        assertEquals(new Deleted("deleting ", "gocryptfs.longname.kNZ7z2f9pzTkUen8oxEtKQYCtahdVNDedoSz2CzCo9g.name"),
                parser.parse("deleting gocryptfs.longname.kNZ7z2f9pzTkUen8oxEtKQYCtahdVNDedoSz2CzCo9g.name"));
        assertEquals(new Deleted("*deleting   ", "HEc_POxCtGr151uUPUhyMw"), parser.parse("*deleting   HEc_POxCtGr151uUPUhyMw"));
    }

    @Test
    void verboseNames() {
        assertEquals(new Listed("YwoLHKfxjuR9KUKMvOe7Dw/", Optional.empty()), parser.parse("YwoLHKfxjuR9KUKMvOe7Dw/"));
        assertEquals(new Listed("./", Optional.empty()), parser.parse("./"));
        assertEquals(new Listed("-ob00jiyVXDccWn56zi0eQ", Optional.empty()), parser.parse("-ob00jiyVXDccWn56zi0eQ"));
        assertEquals(new Listed("I92rq2uOJ0cOOyQHF44YKA", Optional.of(new LinkTarget(LinkKind.SYMLINK,
                        "QlY0jdqnaT8dehyqqQhqJ12s7bKBkJy5varSodJJUy0aEm6l9eTg8RXEUA"))),
                parser.parse("I92rq2uOJ0cOOyQHF44YKA -> QlY0jdqnaT8dehyqqQhqJ12s7bKBkJy5varSodJJUy0aEm6l9eTg8RXEUA"));
    }

    @Test
    void progressUpdatesOnTheirOwn() {
        assertEquals(new Progress("             51   2%    0.00kB/s    0:00:00  ", Optional.empty()),
                parser.parse("             51   2%    0.00kB/s    0:00:00  "));
        assertEquals(new Progress("          1,253  67%  586.91kB/s    0:00:00 (xfr#14, to-chk=9/28) ", Optional.empty()),
                parser.parse("          1,253  67%  586.91kB/s    0:00:00 (xfr#14, to-chk=9/28) "));
        assertEquals(new Progress("      2,130,695  25%    1.97MB/s    0:00:03  ", Optional.empty()),
                parser.parse("      2,130,695  25%    1.97MB/s    0:00:03  "));
    }

    @Test
    void progressWithTheNextItemGluedOn() {
        // errors.itemize.out: the newline went to stderr, the next item line follows directly
        RsyncEvent event = parser.parse("            467   0%   15.62kB/s    0:00:00 (xfr#3, to-chk=6/10)"
                + ">f+++++++++\tgocryptfs.longname.zIWVXRX_Sj_RDjM5M3v8xcy2yFB7GAdymuexJeIMuIk.name");
        assertEquals(new Progress("            467   0%   15.62kB/s    0:00:00 (xfr#3, to-chk=6/10)",
                Optional.of(new Itemized(">f+++++++++", "\t",
                        "gocryptfs.longname.zIWVXRX_Sj_RDjM5M3v8xcy2yFB7GAdymuexJeIMuIk.name", Optional.empty()))), event);
    }

    @Test
    void rsyncErrorsQuoteTheFullPathThroughTheMount() {
        assertEquals(new PathMessage(MessageKind.ERROR, "rsync: [sender] send_files failed to open \"",
                        MNT + "/_x5Pi34STsyKT00R3Pga5A", "\": Permission denied (13)"),
                parser.parse("rsync: [sender] send_files failed to open \"" + MNT + "/_x5Pi34STsyKT00R3Pga5A\": Permission denied (13)"));
        assertEquals(new PathMessage(MessageKind.ERROR, "rsync: [sender] opendir \"",
                        MNT + "/Er11E__TGpRKtys8-o2kWg", "\" failed: Permission denied (13)"),
                parser.parse("rsync: [sender] opendir \"" + MNT + "/Er11E__TGpRKtys8-o2kWg\" failed: Permission denied (13)"));
        PathMessage readlink = (PathMessage) parser.parse("rsync: [sender] readlink_stat(\"" + MNT
                + "/3L-oW3vMes4-LxSjNYbISA/gocryptfs.longname.IF_HWl9HdQMKgpKoJ_RKaEBW9MSI6XdJx_hmpyx5bLw.name\") failed: "
                + "Operation not permitted (1)");
        assertEquals(MNT + "/3L-oW3vMes4-LxSjNYbISA/gocryptfs.longname.IF_HWl9HdQMKgpKoJ_RKaEBW9MSI6XdJx_hmpyx5bLw.name",
                readlink.path());
        assertEquals("\") failed: Operation not permitted (1)", readlink.after());
    }

    @Test
    void otherPathMessages() {
        assertEquals(new PathMessage(MessageKind.VANISHED, "file has vanished: \"", MNT + "/wZXpNmCCmCRl_n64T_aGrg", "\""),
                parser.parse("file has vanished: \"" + MNT + "/wZXpNmCCmCRl_n64T_aGrg\""));
        assertEquals(new PathMessage(MessageKind.SKIPPED_NON_REGULAR, "skipping non-regular file \"",
                        "RDoXxpYGNdviXEw_qNlBJQ", "\""),
                parser.parse("skipping non-regular file \"RDoXxpYGNdviXEw_qNlBJQ\""));
        assertEquals(new PathMessage(MessageKind.NOT_DELETED, "cannot delete non-empty directory: ",
                        "MA-BRBpAp2IM_TtbqqNUzA", ""),
                parser.parse("cannot delete non-empty directory: MA-BRBpAp2IM_TtbqqNUzA"));
    }

    @Test
    void exitMessages() {
        assertEquals(new ExitMessage(false, 23, "rsync error: some files/attrs were not transferred (see previous errors)"
                        + " (code 23) at main.c(1394) [sender=3.5.0]"),
                parser.parse("rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1394) [sender=3.5.0]"));
        assertEquals(new ExitMessage(true, 24, "rsync warning: some files vanished before they could be transferred"
                        + " (code 24) at main.c(1394) [sender=3.5.0]"),
                parser.parse("rsync warning: some files vanished before they could be transferred (code 24) at main.c(1394) [sender=3.5.0]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sending incremental file list", "sent 4,016 bytes  received 483 bytes  8,998.00 bytes/sec",
            "total size is 1,857  speedup is 0.41", "Number of files: 8 (reg: 6, dir: 2)",
            "Total bytes sent: 8,457,485", "Literal data: 8,454,828 bytes", "File list size: 0"})
    void stats(String line) {
        assertEquals(new Stats(line), parser.parse(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "IO error encountered -- skipping file deletion",
            "created directory /tmp/revcrypt-decode-capture.1RtDuJ/errors/dest-root", "done",
            "rsync: connection unexpectedly closed (0 bytes received so far) [sender]", "hello world"})
    void everythingElseIsOther(String line) {
        assertEquals(new Other(line), parser.parse(line));
    }

    @Test
    void isProgressUpdateOnlyForAWholeUpdate() {
        assertTrue(RsyncLineParser.isProgressUpdate("             51   2%    0.00kB/s    0:00:00  "));
        assertFalse(RsyncLineParser.isProgressUpdate("             51   2%    0.00kB/s    0:00:00 (xfr#1, to-chk=6/9)>f+++++++++\tx"));
        assertFalse(RsyncLineParser.isProgressUpdate(">f+++++++++\tx"));
    }

    static List<String> transcripts() {
        return Transcripts.ALL_RSYNC_OUTPUTS;
    }

    /**
     * Every segment of every real transcript is understood: only the lines known to carry no
     * path may end up as {@code Other}.
     */
    @ParameterizedTest
    @MethodSource("transcripts")
    void everyRealSegmentIsClassified(String transcript) {
        Set<String> knownOther = Set.of("", "IO error encountered -- skipping file deletion");
        for (String segment : Transcripts.segments(transcript)) {
            RsyncEvent event = parser.parse(segment);
            if (event instanceof Other other && !knownOther.contains(other.text())
                    && !other.text().startsWith("created directory ")) {
                throw new AssertionError("unclassified line in " + transcript + ": " + segment);
            }
            if (event instanceof Progress progress) {
                progress.then().ifPresent(then -> assertInstanceOf(Itemized.class, then, segment));
            }
        }
    }

    @Test
    void theStatisticsOfTheSummaryAreReadFromTheirEvent() {
        Stats sent = (Stats) parser.parse("sent 1,234,567 bytes  received 89 bytes  4.00 bytes/sec");
        assertEquals(OptionalLong.of(1_234_567), sent.bytesSent());
        assertEquals(OptionalLong.empty(), sent.totalSize());
        Stats total = (Stats) parser.parse("total size is 1,857  speedup is 0.41");
        assertEquals(OptionalLong.of(1857), total.totalSize());
        assertEquals(OptionalLong.empty(), total.bytesSent());
        assertEquals(OptionalLong.empty(), ((Stats) parser.parse("sent 1.23K bytes  received 89 bytes  4.00 bytes/sec"))
                .bytesSent(), "-h sizes are not counted, as before");
        assertEquals(OptionalLong.empty(), new Stats("sent 5 bytes").bytesSent(), "not the whole line");
        assertEquals(OptionalLong.empty(), new Stats("total size is 5").totalSize(), "not the whole line");
        assertEquals(OptionalLong.empty(), ((Stats) parser.parse("Number of files: 12")).bytesSent());
    }
}
