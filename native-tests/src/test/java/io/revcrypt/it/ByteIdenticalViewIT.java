package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.crypto.MasterKey;
import io.revcrypt.core.format.ContentCrypto;
import io.revcrypt.core.forward.FileDecryptor;
import io.revcrypt.core.view.ReverseView;
import io.revcrypt.core.view.ViewOptions;
import io.revcrypt.it.support.Commands;
import io.revcrypt.it.support.Gocryptfs;
import io.revcrypt.it.support.MountGuard;
import io.revcrypt.it.support.NativeTools;
import io.revcrypt.it.support.OddTree;
import io.revcrypt.it.support.Revcrypt;
import io.revcrypt.it.support.TreeStat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The central promise (design §1, spec §12): for the same config and plaintext tree, revcrypt's
 * mount and {@code gocryptfs -reverse} 2.3's mount, side by side, are the same tree — names, types,
 * sizes, contents, symlink targets, modes, owners, link counts, times, block counts and readdir
 * order — over a tree full of edge cases. Hard links are the documented exception.
 */
class ByteIdenticalViewIT {

    @RegisterExtension
    static final MountGuard MOUNTS = MountGuard.perClass();

    @TempDir
    static Path tmp;

    private static Path src;
    private static Path ours;
    private static Path theirs;
    private static String masterKey;
    private static TreeStat oursStat;
    private static TreeStat theirsStat;
    private static Set<Path> hardLinks;

    @BeforeAll
    static void mountBoth() throws Exception {
        NativeTools.require();
        src = Files.createDirectory(tmp.resolve("src"));
        OddTree.build(src, true);
        Path passfile = tmp.resolve("passfile");
        Files.writeString(passfile, "byte for byte\n");
        masterKey = Revcrypt.printedKey(Revcrypt.init(src, passfile));

        ours = Files.createDirectory(tmp.resolve("revcrypt-mnt"));
        theirs = Files.createDirectory(tmp.resolve("gocryptfs-mnt"));
        Revcrypt.mount(MOUNTS, src, ours, "--passfile", passfile.toString());
        Gocryptfs.mountReverse(MOUNTS, src, theirs, "-passfile", passfile.toString());

        try (ReverseView view = view()) {
            hardLinks = Set.of(Path.of(view.encryptPath(OddTree.HARDLINK_A.getBytes(StandardCharsets.UTF_8))),
                    Path.of(view.encryptPath(OddTree.HARDLINK_B.getBytes(StandardCharsets.UTF_8))));
        }
        oursStat = TreeStat.of(ours);
        theirsStat = TreeStat.of(theirs);
    }

    /** The view in-process, for cipher names only (the mounts are what is compared). */
    private static ReverseView view() throws Exception {
        try (MasterKey mk = MasterKey.parseHex(masterKey)) {
            return ReverseView.open(ViewOptions.defaults(src), CryptoCore.derive(mk));
        }
    }

    @Test
    @Timeout(60)
    void theTreeHasWhatItShould() {
        // guards the comparison against comparing two empty or broken views
        long longNames = oursStat.paths().stream().filter(p -> p.getFileName().toString().startsWith("gocryptfs.longname.")
                && !p.getFileName().toString().endsWith(".name")).count();
        assertEquals(4, longNames, "hashed names: 176 and 255 bytes, the 180-byte directory, the 200-byte file in it");
        assertTrue(oursStat.paths().size() > 60, "entries: " + oursStat.paths().size());
        assertTrue(oursStat.entries().values().stream().anyMatch(e -> e.type() == 'p'), "the fifo is listed");
        assertEquals(OddTree.DEEP_LEVELS + 1, oursStat.paths().stream().mapToInt(Path::getNameCount).max().orElse(0),
                "ten directories deep, and the leaf");
    }

    @Test
    @Timeout(120)
    void everyEntryIsIdenticalToGocryptfs() {
        List<String> diff = TreeStat.differences(theirsStat, oursStat, e -> e, hardLinks);
        assertTrue(diff.isEmpty(), diff.size() + " differences between gocryptfs (first) and revcrypt (second):\n  "
                + String.join("\n  ", diff));
    }

    @Test
    @Timeout(60)
    void everyDirectoryListsInTheSameOrder() {
        Map<Path, List<Path>> differing = new HashMap<>();
        theirsStat.listings().forEach((dir, names) -> {
            if (!names.equals(oursStat.listings().get(dir))) {
                differing.put(dir, names);
            }
        });
        assertTrue(differing.isEmpty(), () -> {
            StringBuilder sb = new StringBuilder("readdir order differs:");
            differing.forEach((dir, names) -> sb.append("\n  ").append(dir.toString().isEmpty() ? "(root)" : dir)
                    .append("\n    gocryptfs: ").append(names).append("\n    revcrypt:  ").append(oursStat.listings().get(dir)));
            return sb.toString();
        });
    }

    @Test
    @Timeout(60)
    void blockCountsAreIdentical() throws Exception {
        // st_blocks is not in java.nio's unix view; find prints it
        assertEquals(blocks(theirs), blocks(ours));
    }

    private static String blocks(Path mnt) throws Exception {
        String out = Commands.check(Commands.run("find", mnt.toString(), "-printf", "%P %b\\n")).stdout();
        return String.join("\n", out.lines().sorted().toList());
    }

    @Test
    @Timeout(60)
    void hardLinksAreTwoFilesOfTheirOwn() throws Exception {
        Path[] pair = hardLinks.toArray(new Path[0]);
        TreeStat.Entry a = oursStat.get(pair[0]);
        TreeStat.Entry b = oursStat.get(pair[1]);
        assertNotNull(a, "listed: " + pair[0]);
        assertNotNull(b, "listed: " + pair[1]);
        assertEquals(1, a.nlink(), "revcrypt shows each path of a hard link as its own file (design §1)");
        assertEquals(1, b.nlink());
        assertEquals(a.size(), b.size());
        assertNotEquals(a.sha256(), b.sha256(), "IVs come from each path, so the ciphertexts differ");
        assertNotEquals(Files.getAttribute(ours.resolve(pair[0]), "unix:ino"),
                Files.getAttribute(ours.resolve(pair[1]), "unix:ino"), "each its own inode number");
        assertEquals(2, theirsStat.get(pair[0]).nlink(), "gocryptfs passes the link count through");

        byte[] plain = Files.readAllBytes(src.resolve(OddTree.HARDLINK_A));
        try (MasterKey mk = MasterKey.parseHex(masterKey); CryptoCore core = CryptoCore.derive(mk)) {
            FileDecryptor decryptor = new FileDecryptor(new ContentCrypto(core, true));
            for (Path p : pair) {
                assertArrayEquals(plain, decryptor.decrypt(Files.readAllBytes(ours.resolve(p))),
                        "both decrypt to the file's content: " + p);
            }
        }
    }
}
