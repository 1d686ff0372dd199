package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.Commands;
import io.revcrypt.it.support.Gocryptfs;
import io.revcrypt.it.support.ProcessRunner;
import io.revcrypt.it.support.SyncEnv;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code revcrypt demo}, the README's first command, works and shows what it promises: the
 * sample tree's plaintext names next to the encrypted names in the backup. Each row is checked
 * against the files the demo left on disk and against stock gocryptfs: mounting the backup with
 * {@code gocryptfs -ctlsock} and asking it ({@code gocryptfs-xray -encrypt-paths}) for the
 * encrypted path of each plaintext path must give the name in the row's encrypted column.
 */
class SyncDemoIT {

    private static final Pattern HOME = Pattern.compile("everything lives in (/\\S+)");

    @RegisterExtension
    final SyncEnv env = new SyncEnv();

    @Test
    @Timeout(150)
    void demoShowsTheSampleTreesPlaintextNamesNextToTheEncryptedOnes() throws Exception {
        CommandResult r = env.revcrypt("demo");
        Matcher m = HOME.matcher(r.stdout());
        Path home = m.find() ? Path.of(m.group(1)) : null;
        try {
            assertEquals(0, r.exitCode(), r::describe);
            assertTrue(home != null && Files.isDirectory(home), () -> "the demo names its directory:\n" + r.describe());
            Path source = home.resolve("source");
            Path backup = home.resolve("backup");
            Path passfile = home.resolve("password");

            Map<String, String> rows = sideBySide(r.stdout());
            Map<String, String> expected = plaintextRows(source);
            assertTrue(expected.size() >= 10, () -> "the sample tree: " + expected);

            Path mnt = env.dir("demo-restored");
            Path sock = env.root().resolve("demo.sock");
            Gocryptfs.mountForward(env.mounts(), backup, mnt, "-passfile", passfile.toString(), "-ctlsock", sock.toString());
            try {
                List<String> plainPaths = new ArrayList<>(expected.keySet());
                CommandResult xray = Commands.check(Gocryptfs.xrayPaths("-encrypt-paths", sock, plainPaths,
                        env.root().resolve("xray-in")));
                String[] cipherPaths = xray.stdout().split("\0");
                assertEquals(plainPaths.size(), cipherPaths.length, xray::describe);
                for (int i = 0; i < plainPaths.size(); i++) {
                    String plain = plainPaths.get(i);
                    String shownPlain = expected.get(plain);
                    String cipher = cipherPaths[i] + (shownPlain.endsWith("/") ? "/" : "");
                    String shownCipher = rows.get(shownPlain);
                    assertTrue(shownCipher != null, () -> "no row for " + shownPlain + " in:\n" + r.stdout());
                    assertTrue(sameOrAbbreviated(shownCipher, cipher), () -> "the row for " + shownPlain + " shows "
                            + shownCipher + "; gocryptfs encrypts it to " + cipher);
                }
            } finally {
                ProcessRunner.run(List.of("fusermount", "-u", mnt.toString()), Duration.ofSeconds(30));
            }
        } finally {
            if (home != null && home.getFileName().toString().startsWith("revcrypt-demo-")) {
                delete(home);
            }
        }
    }

    /**
     * Section 4 of the output: rows of "encrypted   plaintext" after the header line, up to the
     * first blank line. Encrypted names have no spaces: the first word is the left column.
     */
    private static Map<String, String> sideBySide(String stdout) {
        Map<String, String> plainToCipher = new LinkedHashMap<>();
        List<String> lines = stdout.lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().startsWith("encrypted (in ")) {
                header = i;
            }
        }
        assertTrue(header >= 0, () -> "no side-by-side table in:\n" + stdout);
        for (int i = header + 1; i < lines.size() && !lines.get(i).isBlank(); i++) {
            String row = lines.get(i).trim();
            int space = row.indexOf(' ');
            if (space > 0 && !row.startsWith("(")) {
                plainToCipher.put(row.substring(space).trim(), row.substring(0, space));
            }
        }
        return plainToCipher;
    }

    /** Relative plaintext path → the row's plaintext column: {@code dir/}, {@code link -> target}, {@code file}. */
    private static Map<String, String> plaintextRows(Path source) throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(source)) {
            for (Path p : s.sorted().toList()) {
                String rel = source.relativize(p).toString();
                if (rel.isEmpty() || rel.equals(".gocryptfs.reverse.conf")) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    rows.put(rel, rel + " -> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    rows.put(rel, rel + "/");
                } else {
                    rows.put(rel, rel);
                }
            }
        }
        return rows;
    }

    /** A long name may be shown shortened with "…" in the middle. */
    private static boolean sameOrAbbreviated(String shown, String full) {
        int dots = shown.indexOf('…');
        if (dots < 0) {
            return shown.equals(full);
        }
        return full.startsWith(shown.substring(0, dots)) && full.endsWith(shown.substring(dots + 1))
                && full.length() > shown.length();
    }

    private static void delete(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
