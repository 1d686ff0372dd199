package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.Commands;
import io.revcrypt.it.support.Gocryptfs;
import io.revcrypt.it.support.MountGuard;
import io.revcrypt.it.support.NativeTools;
import io.revcrypt.it.support.OddTree;
import io.revcrypt.it.support.Revcrypt;
import io.revcrypt.it.support.TreeStat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * No lock-in (design §1, spec §11): an {@code rsync -a} copy of revcrypt's view is an ordinary
 * gocryptfs filesystem. Stock gocryptfs (forward mode) mounts it and shows the plaintext tree —
 * every name (odd bytes included), content, symlink target, mode and time — and
 * {@code gocryptfs -fsck} finds nothing wrong with it.
 */
class RestoreWithGocryptfsIT {

    private static final Path CONFIG = Path.of(".gocryptfs.reverse.conf");

    @RegisterExtension
    final MountGuard mounts = MountGuard.perTest();

    @TempDir
    Path tmp;

    @Test
    @Timeout(180)
    void rsyncCopyOfTheViewRestoresWithGocryptfs() throws Exception {
        NativeTools.require();
        Path src = Files.createDirectory(tmp.resolve("src"));
        OddTree.build(src, true);
        Path passfile = tmp.resolve("passfile");
        Files.writeString(passfile, "restore me\n");
        Revcrypt.init(src, passfile);

        Path view = Files.createDirectory(tmp.resolve("view"));
        Path copy = tmp.resolve("copy");
        Revcrypt.mount(mounts, src, view, "--passfile", passfile.toString());
        Commands.check(Commands.run("rsync", "-a", view + "/", copy + "/"));
        CommandResult unmount = Revcrypt.unmount(view);
        assertEquals(0, unmount.exitCode(), unmount.describe());

        CommandResult fsck = Gocryptfs.fsck(copy, passfile);
        assertEquals(0, fsck.exitCode(), "gocryptfs -fsck on the copy:\n" + fsck.describe());

        Path restored = Files.createDirectory(tmp.resolve("restored"));
        Gocryptfs.mountForward(mounts, copy, restored, "-passfile", passfile.toString());

        TreeStat plain = TreeStat.of(src);
        TreeStat back = TreeStat.of(restored);
        assertTrue(plain.paths().size() > 50, "compared entries: " + plain.paths().size());
        List<String> diff = TreeStat.differences(plain, back, RestoreWithGocryptfsIT::restorable, Set.of(CONFIG));
        assertTrue(diff.isEmpty(), diff.size() + " differences between the plaintext (first) and gocryptfs's "
                + "decryption of the copy (second):\n  " + String.join("\n  ", diff));
        assertFalse(back.paths().contains(CONFIG), "the config is not part of the restored tree");
    }

    /**
     * What a restore must bring back: type, permissions, contents, symlink targets, modification
     * time. Not: link counts (each path of a hard link is its own file, design §1), owners (kept by
     * rsync as root anyway), a directory's size (the ciphertext directory holds more entries).
     */
    private static TreeStat.Entry restorable(TreeStat.Entry e) {
        return new TreeStat.Entry(e.type(), e.mode(), 0, 0, 0, 0, e.type() == 'd' ? 0 : e.size(), e.mtimeNanos(), 0,
                e.sha256(), e.linkTarget());
    }
}
