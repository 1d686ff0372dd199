package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.Gocryptfs;
import io.revcrypt.it.support.MountGuard;
import io.revcrypt.it.support.Mounts;
import io.revcrypt.it.support.NativeTools;
import io.revcrypt.it.support.Revcrypt;
import io.revcrypt.it.support.TreeStat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@code .gocryptfs.reverse.conf} serves both tools (design §1): a config written by
 * {@code revcrypt init} is opened by gocryptfs 2.3 and its key is the one revcrypt printed; a config
 * written by {@code gocryptfs -reverse -init} is mounted by revcrypt; the printed key works as
 * {@code --masterkey}. And what a person sees when the config or password is wrong.
 */
class ConfigCompatibilityIT {

    private static final List<String> GOCRYPTFS_REVERSE_FLAGS =
            List.of("HKDF", "GCMIV128", "DirIV", "EMENames", "LongNames", "Raw64", "AESSIV");

    @RegisterExtension
    final MountGuard mounts = MountGuard.perTest();

    @TempDir
    Path tmp;

    private Path src;
    private Path passfile;

    @BeforeAll
    static void tools() throws Exception {
        NativeTools.require();
    }

    @BeforeEach
    void tree() throws Exception {
        src = Files.createDirectory(tmp.resolve("src"));
        Files.writeString(src.resolve("hello.txt"), "hello world\n");
        Files.createDirectories(src.resolve("dir/sub"));
        Files.write(src.resolve("dir/sub/data.bin"), new byte[10000]);
        Files.writeString(src.resolve("n".repeat(200)), "long name\n");
        Files.createSymbolicLink(src.resolve("link"), Path.of("hello.txt"));
        passfile = tmp.resolve("passfile");
        Files.writeString(passfile, "correct horse battery staple\n");
    }

    private Path dir(String name) throws Exception {
        return Files.createDirectory(tmp.resolve(name));
    }

    @Test
    @Timeout(120)
    void revcryptInitConfigOpensWithGocryptfsAndHoldsThePrintedKey() throws Exception {
        CommandResult init = Revcrypt.init(src, passfile);
        String printed = Revcrypt.printedKey(init);
        Path conf = src.resolve(".gocryptfs.reverse.conf");

        CommandResult dump = Gocryptfs.dumpMasterKey(conf, passfile);
        assertEquals(0, dump.exitCode(), dump.describe());
        assertEquals(Revcrypt.hex(printed), dump.stdout().strip(), "gocryptfs-xray unwraps the key revcrypt printed");

        JsonNode json = new ObjectMapper().readTree(conf.toFile());
        assertEquals(2, json.get("Version").asInt());
        assertEquals(1024, json.get("ScryptObject").get("N").asInt(), "--scryptn 10");
        List<String> flags = new ArrayList<>();
        json.get("FeatureFlags").forEach(f -> flags.add(f.asText()));
        assertEquals(GOCRYPTFS_REVERSE_FLAGS, flags, "the flags gocryptfs -reverse -init writes, in its order");
        assertEquals(PosixFilePermissions.fromString("r--------"), Files.getPosixFilePermissions(conf));

        Path gmnt = dir("gocryptfs-mnt");
        Gocryptfs.mountReverse(mounts, src, gmnt, "-passfile", passfile.toString());
        List<String> names = new ArrayList<>();
        try (var s = Files.list(gmnt)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        assertTrue(names.contains("gocryptfs.diriv"), names::toString);
        assertArrayEquals(Files.readAllBytes(conf), Files.readAllBytes(gmnt.resolve("gocryptfs.conf")));
        assertEquals(4 + 3, names.size(), "4 entries, diriv, conf, .name of the long name: " + names);
    }

    @Test
    @Timeout(120)
    void gocryptfsInitConfigMountsWithRevcryptAndShowsTheSameView() throws Exception {
        Gocryptfs.initReverse(src, passfile);
        Path rmnt = dir("revcrypt-mnt");
        Path gmnt = dir("gocryptfs-mnt");
        Revcrypt.mount(mounts, src, rmnt, "--passfile", passfile.toString());
        Gocryptfs.mountReverse(mounts, src, gmnt, "-passfile", passfile.toString());

        List<String> diff = TreeStat.differences(TreeStat.of(gmnt), TreeStat.of(rmnt), e -> e, Set.of());
        assertTrue(diff.isEmpty(), "revcrypt's view of a gocryptfs-made config differs from gocryptfs's:\n  "
                + String.join("\n  ", diff));
    }

    @Test
    @Timeout(120)
    void thePrintedKeyMountsWithMasterkey() throws Exception {
        String printed = Revcrypt.printedKey(Revcrypt.init(src, passfile));
        assertTrue(printed.contains("-"), "printed dashed, as gocryptfs shows keys: " + printed);
        Path rmnt = dir("revcrypt-mnt");
        Path gmnt = dir("gocryptfs-mnt");
        Revcrypt.mount(mounts, src, rmnt, "--masterkey", printed);
        Gocryptfs.mountReverse(mounts, src, gmnt, "-passfile", passfile.toString());

        List<String> diff = TreeStat.differences(TreeStat.of(gmnt), TreeStat.of(rmnt), e -> e, Set.of());
        assertTrue(diff.isEmpty(), "--masterkey view differs from gocryptfs's -passfile view:\n  "
                + String.join("\n  ", diff));
    }

    @Test
    @Timeout(120)
    void wrongPasswordIsExit2WithAPlainMessage() throws Exception {
        Revcrypt.init(src, passfile);
        Path wrong = tmp.resolve("wrong");
        Files.writeString(wrong, "not the password\n");
        Path mnt = dir("mnt");
        CommandResult r = Revcrypt.tryMount(mounts, src, mnt, "--passfile", wrong.toString());
        assertUserError(r, mnt, "wrong password");
    }

    @Test
    @Timeout(120)
    void truncatedConfigIsExit2Damaged() throws Exception {
        Revcrypt.init(src, passfile);
        Path conf = src.resolve(".gocryptfs.reverse.conf");
        byte[] whole = Files.readAllBytes(conf);
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
        Files.write(conf, java.util.Arrays.copyOf(whole, whole.length / 2));
        Path mnt = dir("mnt");
        CommandResult r = Revcrypt.tryMount(mounts, src, mnt, "--passfile", passfile.toString());
        assertUserError(r, mnt, "damaged");
    }

    @Test
    @Timeout(120)
    void unknownFeatureFlagIsExit2NamingTheFlag() throws Exception {
        Revcrypt.init(src, passfile);
        Path conf = src.resolve(".gocryptfs.reverse.conf");
        String text = Files.readString(conf);
        String edited = text.replace("\"AESSIV\"", "\"AESSIV\",\n\t\t\"TimeTravel\"");
        assertFalse(edited.equals(text), "the flag list was found");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(conf, edited);
        Path mnt = dir("mnt");
        CommandResult r = Revcrypt.tryMount(mounts, src, mnt, "--passfile", passfile.toString());
        assertUserError(r, mnt, "TimeTravel");
    }

    @Test
    @Timeout(120)
    void missingConfigIsExit2PointingToInit() throws Exception {
        Path mnt = dir("mnt");
        CommandResult r = Revcrypt.tryMount(mounts, src, mnt, "--passfile", passfile.toString());
        assertUserError(r, mnt, "revcrypt init");
    }

    private static void assertUserError(CommandResult r, Path mnt, String expected) {
        assertEquals(2, r.exitCode(), r.describe());
        String out = r.stdout() + r.stderr();
        assertTrue(out.contains(expected), "message should contain '" + expected + "':\n" + r.describe());
        assertFalse(out.contains("at io.") || out.contains("Exception"), "no stack trace:\n" + r.describe());
        assertFalse(Mounts.isMounted(mnt), "nothing mounted after a refused mount");
    }
}
