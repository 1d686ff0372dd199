package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revcrypt.core.testsupport.RawFiles;
import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.CtlClient;
import io.revcrypt.it.support.Gocryptfs;
import io.revcrypt.it.support.MountGuard;
import io.revcrypt.it.support.NativeTools;
import io.revcrypt.it.support.Revcrypt;
import io.revcrypt.it.support.TreeStat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control socket speaks gocryptfs's protocol (design §5, spec §10): gocryptfs-xray's path
 * tools work against it and agree with the mount and with gocryptfs's own socket, and for a set of
 * raw requests — valid, odd and broken — our answers are byte for byte gocryptfs 2.3's.
 *
 * <p>Not covered: a {@code revcrypt ctl} client command (design §9) does not exist yet.
 */
class ControlSocketIT {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);
    private static final String LONG_NAME = "n".repeat(176);
    private static final String LONG_DIR = "D".repeat(180);
    private static final byte[] NON_UTF8 = {'x', (byte) 0xff, 'y'};
    private static final Set<String> VIRTUAL = Set.of("gocryptfs.diriv", "gocryptfs.conf");

    @RegisterExtension
    static final MountGuard MOUNTS = MountGuard.perClass();

    @TempDir
    static Path tmp;

    private static Path src;
    private static Path ours;
    private static Path oursSock;
    private static Path theirsSock;

    @BeforeAll
    static void mountBoth() throws Exception {
        NativeTools.require();
        src = Files.createDirectory(tmp.resolve("src"));
        Files.writeString(src.resolve("hello.txt"), "hello\n");
        Files.createDirectories(src.resolve("dir/sub"));
        Files.writeString(src.resolve("dir/sub/deep.txt"), "deep\n");
        Files.writeString(src.resolve(LONG_NAME), "long\n");
        Files.createDirectories(src.resolve(LONG_DIR + "/inner"));
        Files.writeString(src.resolve(LONG_DIR + "/inner/" + "m".repeat(200)), "long in long\n");
        Files.writeString(src.resolve("caf\u00e9.txt"), "nfc\n");
        Files.writeString(src.resolve("cafe\u0301.txt"), "nfd\n");
        Files.writeString(src.resolve("a<b>&c.txt"), "html\n");
        Files.writeString(src.resolve("line\u2028sep.txt"), "u2028\n");
        Files.writeString(src.resolve("two\nlines.txt"), "newline\n");
        Files.writeString(src.resolve("sp ace & 'quote' \"dq\" back\\slash.txt"), "quotes\n");
        Files.createSymbolicLink(src.resolve("link"), Path.of("hello.txt"));
        Files.createDirectory(src.resolve("empty"));
        RawFiles.writeFile(src, NON_UTF8, "not utf-8\n".getBytes(StandardCharsets.UTF_8));
        Path passfile = tmp.resolve("passfile");
        Files.writeString(passfile, "socket\n");
        Revcrypt.init(src, passfile);

        ours = Files.createDirectory(tmp.resolve("revcrypt-mnt"));
        Path theirs = Files.createDirectory(tmp.resolve("gocryptfs-mnt"));
        oursSock = tmp.resolve("revcrypt.sock");
        theirsSock = tmp.resolve("gocryptfs.sock");
        Revcrypt.mount(MOUNTS, src, ours, "--passfile", passfile.toString(), "--ctlsock", oursSock.toString());
        Gocryptfs.mountReverse(MOUNTS, src, theirs, "-passfile", passfile.toString(), "-ctlsock", theirsSock.toString());
    }

    /** Plaintext paths that JSON can carry (valid UTF-8: not the 0xff name), the config left out. */
    private static List<String> plainPaths() throws Exception {
        List<String> paths = new ArrayList<>();
        for (Path rel : TreeStat.of(src).paths()) {
            String s = rel.toString();
            if (!s.equals(".gocryptfs.reverse.conf") && !s.contains("\ufffd")) {
                paths.add(s);
            }
        }
        return paths;
    }

    private static List<String> split0(String out) {
        List<String> l = new ArrayList<>(Arrays.asList(out.split("\0", -1)));
        if (!l.isEmpty() && l.get(l.size() - 1).isEmpty()) {
            l.remove(l.size() - 1);
        }
        return l;
    }

    @Test
    @Timeout(120)
    void xrayEncryptsToWhatTheMountShowsAndDecryptsBack() throws Exception {
        List<String> plain = plainPaths();
        assertTrue(plain.size() >= 15, "paths: " + plain);
        CommandResult enc = Gocryptfs.xrayPaths("-encrypt-paths", oursSock, plain, tmp.resolve("in-enc"));
        assertEquals(0, enc.exitCode(), enc.describe());
        List<String> cipher = split0(enc.stdout());
        assertEquals(plain.size(), cipher.size(), enc.describe());

        // every answer is a path the mount has, and together they are all its real entries
        Set<String> listed = new TreeSet<>();
        for (Path rel : TreeStat.of(ours).paths()) {
            String name = rel.getFileName().toString();
            if (!VIRTUAL.contains(name) && !name.endsWith(".name")) {
                listed.add(rel.toString());
            }
        }
        Set<String> notListed = new TreeSet<>(cipher);
        notListed.removeAll(listed);
        assertTrue(notListed.isEmpty(), "encrypt-paths gave paths the mount does not have: " + notListed);
        Set<String> notAnswered = new TreeSet<>(listed);
        notAnswered.removeAll(cipher);
        assertEquals(1, notAnswered.size(), "all but the 0xff name (which JSON cannot carry): " + notAnswered);

        CommandResult dec = Gocryptfs.xrayPaths("-decrypt-paths", oursSock, cipher, tmp.resolve("in-dec"));
        assertEquals(0, dec.exitCode(), dec.describe());
        assertEquals(plain, split0(dec.stdout()), "decrypt-paths gives the plaintext paths back");
    }

    @Test
    @Timeout(120)
    void xrayGetsTheSameAnswersFromBothSockets() throws Exception {
        List<String> plain = new ArrayList<>(plainPaths());
        plain.addAll(List.of("does/not/exist", "/dir//sub/../sub/deep.txt/", "..", "x\u0000y"));
        CommandResult encOurs = Gocryptfs.xrayPaths("-encrypt-paths", oursSock, plain, tmp.resolve("in-e1"));
        CommandResult encTheirs = Gocryptfs.xrayPaths("-encrypt-paths", theirsSock, plain, tmp.resolve("in-e2"));
        assertSameOutput(encTheirs, encOurs);

        List<String> cipher = new ArrayList<>(split0(encTheirs.stdout()));
        cipher.removeIf(String::isEmpty);
        cipher.addAll(List.of("AAAAAAAAAAAAAAAAAAAAAA", "gocryptfs.diriv", "gocryptfs.conf", "not base64!",
                "gocryptfs.longname.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "../../etc"));
        CommandResult decOurs = Gocryptfs.xrayPaths("-decrypt-paths", oursSock, cipher, tmp.resolve("in-d1"));
        CommandResult decTheirs = Gocryptfs.xrayPaths("-decrypt-paths", theirsSock, cipher, tmp.resolve("in-d2"));
        assertSameOutput(decTheirs, decOurs);
        assertEquals(1, decTheirs.exitCode(), "the bad paths fail (and so the comparison covered errors)");
    }

    private static void assertSameOutput(CommandResult theirs, CommandResult ours) {
        assertEquals(theirs.exitCode(), ours.exitCode(), "exit code\n" + theirs.describe() + "\n" + ours.describe());
        assertEquals(theirs.stdout(), ours.stdout(), "stdout");
        assertEquals(theirs.stderr(), ours.stderr(), "stderr (errors and warnings per line)");
    }

    @Test
    @Timeout(120)
    void rawRequestsAreAnsweredByteForByteAsGocryptfsAnswers() throws Exception {
        String hello = resultFromGocryptfs("{\"EncryptPath\":\"hello.txt\"}");
        String deep = resultFromGocryptfs("{\"EncryptPath\":\"dir/sub/deep.txt\"}");
        String longName = resultFromGocryptfs("{\"EncryptPath\":\"" + LONG_NAME + "\"}");
        String inLongDir = resultFromGocryptfs("{\"EncryptPath\":\"" + LONG_DIR + "/inner/" + "m".repeat(200) + "\"}");
        String html = resultFromGocryptfs("{\"EncryptPath\":\"a<b>&c.txt\"}");
        String lineSep = resultFromGocryptfs("{\"EncryptPath\":\"line\u2028sep.txt\"}");
        String cipherDir = deep.substring(0, deep.lastIndexOf('/'));

        List<String> requests = new ArrayList<>(List.of(
                "{\"EncryptPath\": \"hello.txt\"}",
                "{\"EncryptPath\": \"dir/sub/deep.txt\"}",
                "{\"EncryptPath\": \"/dir//sub/../sub/deep.txt/\"}",
                "{\"EncryptPath\": \"" + LONG_NAME + "\"}",
                "{\"EncryptPath\": \"" + LONG_DIR + "/inner/" + "m".repeat(200) + "\"}",
                "{\"EncryptPath\": \"does/not/exist\"}",
                "{\"EncryptPath\": \"caf\u00e9.txt\"}",
                "{\"EncryptPath\": \"caf\\u00e9.txt\"}",
                "{\"EncryptPath\": \"cafe\u0301.txt\"}",
                "{\"EncryptPath\": \"a<b>&c.txt\"}",
                "{\"EncryptPath\": \"line\u2028sep.txt\"}",
                "{\"EncryptPath\": \"two\\nlines.txt\"}",
                "{\"EncryptPath\": \"x\\u0000y\"}",
                "{\"EncryptPath\": \"" + "L".repeat(256) + "\"}",
                "{\"EncryptPath\": \"dir/" + "L".repeat(300) + "/x\"}",
                "{\"EncryptPath\": \"tab\\there\\/slash\"}",
                "{\"encryptpath\": \"hello.txt\"}",
                "{\"ENCRYPTPATH\": \"hello.txt\", \"Unknown\": [1, {\"a\": null}]}",
                "{\"EncryptPath\": \"a\", \"EncryptPath\": \"hello.txt\"}",
                "  {\"EncryptPath\": \"hello.txt\"}\n",
                "{\n\t\"EncryptPath\": \"dir/sub/deep.txt\"\n}",
                "{\"EncryptPath\": \"" + "seg/".repeat(900) + "end\"}",
                "{\"DecryptPath\": \"" + hello + "\"}",
                "{\"DecryptPath\": \"" + deep + "\"}",
                "{\"DecryptPath\": \"/" + deep + "/\"}",
                "{\"DecryptPath\": \"" + longName + "\"}",
                "{\"DecryptPath\": \"" + inLongDir + "\"}",
                "{\"DecryptPath\": \"" + longName + ".name\"}",
                "{\"DecryptPath\": \"" + html + "\"}",
                "{\"DecryptPath\": \"" + lineSep + "\"}",
                "{\"DecryptPath\": \"" + cipherDir + "/AAAAAAAAAAAAAAAAAAAAAA\"}",
                "{\"DecryptPath\": \"" + cipherDir + "/gocryptfs.diriv\"}",
                "{\"DecryptPath\": \"gocryptfs.diriv\"}",
                "{\"DecryptPath\": \"gocryptfs.conf\"}",
                "{\"DecryptPath\": \"AAAAAAAAAAAAAAAAAAAAAA\"}",
                "{\"DecryptPath\": \"AAAA\"}",
                "{\"DecryptPath\": \"not base64!\"}",
                "{\"DecryptPath\": \"" + hello + "=\"}",
                "{\"DecryptPath\": \"gocryptfs.longname.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}",
                "{\"DecryptPath\": \"../" + hello + "\"}",
                "{\"EncryptPath\": \"a\", \"DecryptPath\": \"b\"}",
                "{\"EncryptPath\": \"\", \"DecryptPath\": \"\"}",
                "{}",
                "{\"EncryptPath\": \"..\"}",
                "{\"EncryptPath\": \"../../etc/passwd\"}",
                "{\"EncryptPath\": \"a/../../b\"}",
                "{\"EncryptPath\": \"/\"}",
                "{\"EncryptPath\": \".\"}",
                "{\"EncryptPath\": 5}",
                "{\"DecryptPath\": null}",
                "{\"EncryptPath\": [\"a\"]}",
                "{\"EncryptPath\": \"unterminated}",
                "{\"EncryptPath\": \"bad escape \\q\"}",
                "{\"EncryptPath\": \"a\"}{}",
                "[]",
                "null",
                "\"EncryptPath\"",
                "true",
                "garbage",
                "{'EncryptPath': 'hello.txt'}"));
        List<byte[]> raw = new ArrayList<>();
        requests.forEach(r -> raw.add(r.getBytes(StandardCharsets.UTF_8)));
        raw.add(new byte[] {'{', '"', 'E', 'n', 'c', 'r', 'y', 'p', 't', 'P', 'a', 't', 'h', '"', ':', '"',
                (byte) 0xff, (byte) 0xfe, '"', '}'});
        raw.add(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'});

        Map<String, String> differences = new LinkedHashMap<>();
        for (byte[] request : raw) {
            CtlClient.Reply theirs = CtlClient.exchange(theirsSock, request, ANSWER_TIMEOUT);
            CtlClient.Reply ours = CtlClient.exchange(oursSock, request, ANSWER_TIMEOUT);
            assertTrue(theirs.answered(), "gocryptfs answers " + show(request) + ": " + theirs);
            if (!Arrays.equals(theirs.bytes(), withoutResultRaw(ours.bytes(), theirs))) {
                differences.put(show(request), "\n      gocryptfs: " + theirs.text().strip() + "\n      revcrypt:  "
                        + (ours.answered() ? ours.text().strip() : ours.toString()));
            }
        }
        assertTrue(differences.isEmpty(), differences.size() + " of " + raw.size() + " answers differ:"
                + differences.entrySet().stream().map(e -> "\n  " + e.getKey() + e.getValue()).reduce("", String::concat));
    }

    /** {@code ,"ResultRaw":"…"}: revcrypt's documented extension, only after a Result that is not UTF-8. */
    private static final Pattern RESULT_RAW = Pattern.compile(",\"ResultRaw\":\"[A-Za-z0-9+/=]*\"");

    /**
     * Our answer without the extension where it is allowed: a request like {@code AAAA…} decrypts,
     * with one random key in 256 or so, to bytes that are not UTF-8, which gocryptfs answers with
     * replacement characters and we with the same line plus the exact bytes.
     */
    private static byte[] withoutResultRaw(byte[] ours, CtlClient.Reply theirs) {
        String text = new String(ours, StandardCharsets.ISO_8859_1);
        Matcher m = RESULT_RAW.matcher(text);
        if (!m.find() || !theirs.text().contains("\\ufffd")) {
            return ours;
        }
        return (text.substring(0, m.start()) + text.substring(m.end())).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String resultFromGocryptfs(String request) throws Exception {
        CtlClient.Reply r = CtlClient.exchange(theirsSock, request, ANSWER_TIMEOUT);
        JsonNode json = new ObjectMapper().readTree(r.bytes());
        assertEquals(0, json.get("ErrNo").asInt(), r::toString);
        return json.get("Result").asText();
    }

    private static String show(byte[] request) {
        String s = new String(request, StandardCharsets.UTF_8).replace("\n", "\\n").replace("\t", "\\t");
        return s.length() > 120 ? s.substring(0, 120) + "…(" + request.length + " bytes)" : s;
    }

    @Test
    @Timeout(60)
    void aNameThatIsNotUtf8DecryptsLikeGocryptfsPlusItsRawBytes() throws Exception {
        String cipher = null;
        for (Path rel : TreeStat.of(ours).paths()) {
            CtlClient.Reply r = CtlClient.exchange(theirsSock, "{\"DecryptPath\":\"" + rel + "\"}", ANSWER_TIMEOUT);
            if (r.text().contains("\\ufffd") || r.text().contains("\ufffd")) {
                cipher = rel.toString();
            }
        }
        assertTrue(cipher != null, "gocryptfs renders the 0xff name lossily");
        String request = "{\"DecryptPath\":\"" + cipher + "\"}";
        JsonNode theirs = new ObjectMapper().readTree(CtlClient.exchange(theirsSock, request, ANSWER_TIMEOUT).bytes());
        JsonNode ours = new ObjectMapper().readTree(CtlClient.exchange(oursSock, request, ANSWER_TIMEOUT).bytes());
        assertEquals(theirs.get("Result"), ours.get("Result"), "the same lossy Result as gocryptfs");
        assertEquals(theirs.get("ErrNo"), ours.get("ErrNo"));
        assertEquals(Base64.getEncoder().encodeToString(NON_UTF8), ours.path("ResultRaw").asText(),
                "revcrypt's documented extension carries the exact bytes");
    }

    @Test
    @Timeout(30)
    void theSocketIsOwnerOnly() throws Exception {
        assertEquals(PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(oursSock, LinkOption.NOFOLLOW_LINKS));
    }
}
