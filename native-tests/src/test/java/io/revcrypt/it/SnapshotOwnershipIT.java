package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.Commands;
import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.OpsEnv;
import io.revcrypt.it.support.OpsSnapshots;
import io.revcrypt.it.support.OpsTrees;
import io.revcrypt.it.support.TreeStat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code snapshots prune} deletes only what revcrypt made with this key (issue 15, point 5). Next
 * to two real snapshots lie a stamp-named directory revcrypt never made (a person's own, say an old
 * backup of photos) and a real revcrypt snapshot made with another key, record and all, copied in
 * from another destination. Both are listed as "not ours", survive {@code prune --keep-last 1} and a
 * sync that prunes; {@code --dry-run} deletes nothing; the older snapshot of ours is pruned.
 */
class SnapshotOwnershipIT {

    private static final String PERSONS = "2020-01-01T000000Z";
    private static final String OTHER_KEYS = "2021-06-01T120000Z";

    @RegisterExtension
    final OpsEnv ops = OpsEnv.perTest();

    @Test
    @Timeout(240)
    void pruneLeavesWhatIsNotOursAlone() throws Exception {
        OpsEnv.requireBasics();
        Path src = OpsTrees.small(Files.createDirectory(ops.path("src")), "v1\n");
        ops.init(src);
        Path dest = ops.path("backup");
        String first = OpsSnapshots.publishedIn(ops.syncOk(src, dest.toString(), "--snapshots"));
        OpsTrees.change(src, "v2\n");
        String second = OpsSnapshots.publishedIn(ops.syncOk(src, dest.toString(), "--snapshots"));

        // a directory with a stamp's name that revcrypt did not make
        Path persons = Files.createDirectory(dest.resolve(PERSONS));
        Files.writeString(persons.resolve("holiday.jpg"), "not a revcrypt file\n");
        // a real snapshot of another key (another init), with its record, copied in
        Path otherSrc = OpsTrees.small(Files.createDirectory(ops.path("other-src")), "other\n");
        ops.init(otherSrc);
        Path otherDest = ops.path("other-backup");
        String otherStamp = OpsSnapshots.publishedIn(ops.syncOk(otherSrc, otherDest.toString(), "--snapshots"));
        Commands.check(Commands.run("cp", "-a", otherDest.resolve(otherStamp).toString(), dest.resolve(OTHER_KEYS).toString()));
        String otherRecord = Files.readString(OpsSnapshots.recordFile(otherDest, otherStamp), StandardCharsets.UTF_8);
        assertTrue(otherRecord.contains("keyFingerprint"), "the record carries the key fingerprint:\n" + otherRecord);
        Files.writeString(OpsSnapshots.recordFile(dest, OTHER_KEYS), otherRecord.replace(otherStamp, OTHER_KEYS));
        TreeStat personsBefore = TreeStat.of(persons);
        TreeStat otherBefore = TreeStat.of(dest.resolve(OTHER_KEYS));

        CommandResult list = ops.revcrypt("snapshots", "list", dest.toString());
        assertEquals(0, list.exitCode(), list.describe());
        assertTrue(row(list, PERSONS).contains("not ours") && row(list, PERSONS).contains("no revcrypt record"),
                "a directory without our record is not ours:\n" + list.describe());
        assertTrue(row(list, OTHER_KEYS).contains("not ours") && row(list, OTHER_KEYS).contains("another key"),
                "a snapshot of another key is not ours:\n" + list.describe());
        assertTrue(row(list, first).contains("complete") && row(list, second).contains("<- latest"), list.describe());

        List<String> names = OpsSnapshots.names(dest);
        List<String> records = OpsSnapshots.names(dest.resolve(".revcrypt/snapshots"));
        CommandResult dry = ops.revcrypt("snapshots", "prune", "--keep-last", "1", "--dry-run", dest.toString());
        assertEquals(0, dry.exitCode(), dry.describe());
        assertTrue(line(dry, first).startsWith("would prune") && line(dry, second).startsWith("keep"), dry.describe());
        assertTrue(line(dry, PERSONS).startsWith("not ours") && line(dry, OTHER_KEYS).startsWith("not ours"),
                "the dry run names what is not ours:\n" + dry.describe());
        assertTrue(dry.stdout().contains("would prune 1, kept 1"), dry.describe());
        assertEquals(names, OpsSnapshots.names(dest), "--dry-run deletes nothing");
        assertEquals(records, OpsSnapshots.names(dest.resolve(".revcrypt/snapshots")), "--dry-run deletes no record");

        CommandResult prune = ops.revcrypt("snapshots", "prune", "--keep-last", "1", dest.toString());
        assertEquals(0, prune.exitCode(), prune.describe());
        assertTrue(prune.stdout().contains("pruned 1, kept 1"), prune.describe());
        assertEquals(List.of(PERSONS, OTHER_KEYS, second), OpsSnapshots.stamps(dest), "only our older snapshot went:\n"
                + prune.describe());
        assertUntouched(personsBefore, persons);
        assertUntouched(otherBefore, dest.resolve(OTHER_KEYS));
        assertTrue(Files.exists(OpsSnapshots.recordFile(dest, OTHER_KEYS)), "the other key's record stays");

        // a sync that prunes by the same rule leaves them alone too
        OpsTrees.change(src, "v3\n");
        CommandResult sync = ops.syncOk(src, dest.toString(), "--snapshots", "--keep-last", "1");
        String third = OpsSnapshots.publishedIn(sync);
        assertEquals(List.of(PERSONS, OTHER_KEYS, third), OpsSnapshots.stamps(dest), sync.describe());
        assertTrue(sync.stderr().contains(PERSONS) && sync.stderr().contains("left alone"),
                "the run says what it leaves alone:\n" + sync.describe());
        assertUntouched(personsBefore, persons);
        assertUntouched(otherBefore, dest.resolve(OTHER_KEYS));
        ops.assertNoPrivateMounts();
    }

    private static void assertUntouched(TreeStat before, Path dir) throws Exception {
        List<String> diff = TreeStat.differences(before, TreeStat.of(dir), e -> e, java.util.Set.of());
        assertTrue(diff.isEmpty(), dir + " changed:\n  " + String.join("\n  ", diff));
    }

    private static String row(CommandResult r, String stamp) {
        return r.stdout().lines().filter(l -> l.startsWith(stamp)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + stamp + ":\n" + r.describe()));
    }

    /** The prune line naming {@code stamp} (its second column). */
    private static String line(CommandResult r, String stamp) {
        return r.stdout().lines().filter(l -> l.contains(" " + stamp)).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + stamp + ":\n" + r.describe()));
    }
}
