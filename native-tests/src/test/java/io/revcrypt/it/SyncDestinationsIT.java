package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.Gocryptfs;
import io.revcrypt.it.support.OddTree;
import io.revcrypt.it.support.SshServer;
import io.revcrypt.it.support.SyncEnv;
import io.revcrypt.it.support.SyncLines;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code revcrypt sync SRC DEST} to both kinds of destination — a local directory and
 * {@code root@127.0.0.1:/path} through a real sshd — makes a copy that stock gocryptfs (forward
 * mode) decrypts to the plaintext tree: every name (NFC and NFD, not UTF-8, a newline, 175/176/255
 * bytes, a hashed directory), content, symlink target, permission and modification time. FIFOs
 * are not copied ({@code --no-specials}, design §6), and the source's
 * {@code .gocryptfs.reverse.conf} travels as the copy's {@code gocryptfs.conf}.
 */
class SyncDestinationsIT {

    private static final Path CONFIG = Path.of(".gocryptfs.reverse.conf");
    private static final Path FIFO = Path.of("fifo");

    @RegisterExtension
    final SyncEnv env = new SyncEnv();

    @Test
    @Timeout(180)
    void localCopyDecryptsToThePlaintextTree() throws Exception {
        Path src = env.dir("src");
        OddTree.build(src, false);
        Path pass = env.passfile("pass", "to a local disk");
        env.init(src, pass);
        Path dest = env.root().resolve("usb/backup");
        Files.createDirectories(dest.getParent());

        CommandResult r = env.revcrypt("sync", "--passfile", pass.toString(), src.toString(), dest.toString());

        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.stdout().contains("revcrypt: done: "), () -> "no summary:\n" + r.describe());
        assertPlaintextNamesShown(r, SyncLines.CREATED_FILE);
        env.assertDecryptsTo(dest, pass, src, Set.of(CONFIG, FIFO));
        assertFalse(Files.exists(dest.resolve(".~tmp~"), LinkOption.NOFOLLOW_LINKS), "rsync's delay-updates dir is left");
        CommandResult fsck = Gocryptfs.fsck(dest, pass);
        assertEquals(0, fsck.exitCode(), () -> "gocryptfs -fsck of the copy:\n" + fsck.describe());
    }

    @Test
    @Timeout(180)
    void sshCopyDecryptsToThePlaintextTree() throws Exception {
        Path src = env.dir("src");
        OddTree.build(src, false);
        Path pass = env.passfile("pass", "to a storage box");
        env.init(src, pass);
        SshServer ssh = env.sshServer();
        Path remote = env.dir("remote-home").resolve("backups");

        List<String> args = new ArrayList<>(List.of("sync", "--passfile", pass.toString()));
        args.addAll(SyncEnv.sshOptionArgs(ssh));
        args.add(src.toString());
        args.add(ssh.destination(remote));
        CommandResult r = env.run(env.me(), SyncEnv.RUN_TIMEOUT, args, null);

        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.stdout().contains("revcrypt: done: "), () -> "no summary:\n" + r.describe());
        // a remote copy is sent: rsync writes '<f' where a local one has '>f'
        assertPlaintextNamesShown(r, "<f+++++++++");
        // sshd runs on this machine: the remote directory is right here
        env.assertDecryptsTo(remote, pass, src, Set.of(CONFIG, FIFO));
        CommandResult fsck = Gocryptfs.fsck(remote, pass);
        assertEquals(0, fsck.exitCode(), () -> "gocryptfs -fsck of the copy:\n" + fsck.describe());
    }

    /** A few of the created entries, as the person reads them; {@code file}: the flags of a new file. */
    private static void assertPlaintextNamesShown(CommandResult r, String file) {
        List<String> items = SyncLines.items(r.stdout());
        for (String expected : List.of(
                SyncLines.line(file, SyncLines.escape(OddTree.NFC_NAME)),
                SyncLines.line(file, SyncLines.escape(OddTree.NFD_NAME)),
                SyncLines.line(file, SyncLines.escape(OddTree.NON_UTF8_NAME)),
                SyncLines.line(file, "new\\#012line.txt"),
                SyncLines.line(file, "c".repeat(255)),
                SyncLines.line(SyncLines.CREATED_DIR, "D".repeat(180) + "/"),
                SyncLines.line(file, "D".repeat(180) + "/" + "e".repeat(200)),
                SyncLines.line(SyncLines.CREATED_LINK, "link-rel -> size-1"),
                SyncLines.line(file, "level1/level2/level3/level4/level5/level6/level7/level8/level9"
                        + "/level10/leaf.txt"))) {
            assertTrue(items.contains(expected), () -> "missing " + expected.replace("\t", "<TAB>") + " in:\n"
                    + r.describe());
        }
    }
}
