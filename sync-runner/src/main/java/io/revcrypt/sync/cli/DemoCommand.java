package io.revcrypt.sync.cli;

import io.revcrypt.core.config.ConfigFile;
import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.crypto.MasterKey;
import io.revcrypt.core.forward.CipherTree;
import io.revcrypt.core.view.PlainPath;
import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.decode.RsyncEscapes;
import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.run.SyncOutcome;
import io.revcrypt.sync.run.SyncRun;
import io.revcrypt.sync.run.SyncSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(mixinStandardHelpOptions = true, name = "demo", description = {
        "Show what revcrypt does, on a sample tree.",
        "First it checks what revcrypt needs (rsync, fuse3, /dev/fuse; bin/revcrypt checks Java and"
                + " Maven) and names the command that installs what is missing. Then, in a new temporary"
                + " directory, it makes a sample tree, a config with a generated password and a sync to a local"
                + " backup with the plaintext names shown live, and prints the backup's encrypted names next"
                + " to what they stand for."})
final class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Prerequisites.ofThisSystem().require();
        PrintStream out = Console.out();
        Path home = Files.createTempDirectory("revcrypt-demo-");
        Path source = Files.createDirectory(home.resolve("source"));
        Path backup = home.resolve("backup");
        out.println("revcrypt demo — everything lives in " + home);
        out.println();

        List<String> made = SampleTree.create(source);
        out.println("1. A sample tree to back up, " + source + ":");
        made.forEach(p -> out.println("     " + p));
        out.println();

        String password = generatePassword();
        Path passfile = home.resolve("password");
        Files.writeString(passfile, password + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(passfile, PosixFilePermissions.fromString("rw-------"));
        try (MasterKey mk = MasterKey.random()) {
            ConfigFile.create(mk, password.getBytes(StandardCharsets.UTF_8), 16, "revcrypt " + Version.get())
                    .writeNew(source.resolve(".gocryptfs.reverse.conf"));
            out.println("2. revcrypt init: a random master key, wrapped with the generated password");
            out.println("     password:   " + password + "   (kept in " + passfile + ")");
            out.println("     master key: " + mk.toDisplayString().replace("\n    ", "\n                 "));
            out.println("     config:     " + source.resolve(".gocryptfs.reverse.conf")
                    + " (the same file gocryptfs -reverse -init writes)");
        }
        out.println();

        out.println("3. revcrypt sync " + source + " " + backup);
        out.println("   rsync copies the encrypted view; you read plaintext names:");
        out.println();
        SyncSettings settings = new SyncSettings("demo", source, Destination.parse(backup.toString()), null, List.of(),
                List.of(), List.of(), List.of(), false, null, List.of(), SyncSettings.MIRROR, null);
        SyncOutcome outcome = new SyncRun(settings, JavaCommand.current(), out, Console.err(), System.console() != null)
                .run(password.getBytes(StandardCharsets.UTF_8), false);
        out.println("revcrypt: " + outcome.summary());
        if (outcome.exitCode() != ExitCode.OK) {
            return outcome.exitCode();
        }
        out.println();

        out.println("4. What the backup holds — what a remote host would see — and what it stands for:");
        out.println();
        showSideBySide(out, backup, password);
        out.println();
        out.println("To restore with stock gocryptfs:  gocryptfs -passfile " + passfile + " " + backup + " /some/empty/dir");
        out.println("To look at the encrypted view:    revcrypt mount --passfile " + passfile + " " + source + " /some/empty/dir");
        out.println("When done:                        rm -rf " + home);
        return ExitCode.OK;
    }

    private static void showSideBySide(PrintStream out, Path backup, String password) throws Exception {
        ConfigFile config = ConfigFile.load(backup.resolve("gocryptfs.conf"));
        List<String[]> rows = new ArrayList<>();
        try (MasterKey mk = config.unlock(password.getBytes(StandardCharsets.UTF_8)); CryptoCore core = CryptoCore.derive(mk)) {
            new CipherTree(backup, core, config.formatOptions()).walk(new CipherTree.Visitor() {
                @Override
                public boolean directory(CipherTree.Entry dir) {
                    rows.add(new String[] {dir.cipherPath() + "/", RsyncEscapes.escape(dir.plainPath().toBytes()) + "/"});
                    return true;
                }

                @Override
                public void file(CipherTree.Entry file) {
                    rows.add(new String[] {file.cipherPath(), RsyncEscapes.escape(file.plainPath().toBytes())});
                }

                @Override
                public void symlink(CipherTree.Entry link, byte[] target) {
                    rows.add(new String[] {link.cipherPath(), RsyncEscapes.escape(link.plainPath().toBytes()) + " -> "
                            + RsyncEscapes.escape(target)});
                }

                @Override
                public void special(CipherTree.Entry entry) {
                }

                @Override
                public void problem(String cipherPath, PlainPath plainPath, String message) {
                    rows.add(new String[] {cipherPath, "?? " + message});
                }
            });
        }
        int width = 0;
        for (String[] r : rows) {
            width = Math.max(width, Math.min(r[0].length(), 60));
        }
        out.printf("   %-" + width + "s   %s%n", "encrypted (in " + backup.getFileName() + "/)", "plaintext");
        for (String[] r : rows) {
            String left = r[0].length() > 60 ? r[0].substring(0, 28) + "…" + r[0].substring(r[0].length() - 31) : r[0];
            out.printf("   %-" + width + "s   %s%n", left, r[1]);
        }
        out.println("   (plus gocryptfs.conf, and gocryptfs.diriv / *.name files that gocryptfs needs to read it back)");
    }

    private static String generatePassword() {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The built-in example: names and sizes chosen to show what revcrypt handles. */
    static final class SampleTree {
        static List<String> create(Path root) throws IOException {
            Random random = new Random(2024);
            List<String> made = new ArrayList<>();
            write(root, "Documents/notes.txt", "Meeting notes: back up the laptop every night.\n".getBytes(), made);
            write(root, "Documents/tax return 2025.pdf", bytes(random, 120_000), made);
            write(root, "Photos/2026/beach.jpg", bytes(random, 300_000), made);
            write(root, "Photos/2026/Grüße aus Köln.jpg", bytes(random, 80_000), made);
            write(root, "Music/日本語のうた.mp3", bytes(random, 50_000), made);
            write(root, "Projects/" + "a-file-name-long-enough-that-gocryptfs-stores-its-encrypted-name-in-a-separate-"
                    + "dot-name-file-because-a-base64-of-it-would-not-fit-into-the-255-bytes-linux-allows-for-one-name.txt",
                    "long names work too\n".getBytes(), made);
            write(root, "empty.txt", new byte[0], made);
            Files.createSymbolicLink(root.resolve("latest-notes"), Path.of("Documents/notes.txt"));
            made.add("latest-notes -> Documents/notes.txt");
            return made;
        }

        private static byte[] bytes(Random random, int n) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        }

        private static void write(Path root, String rel, byte[] content, List<String> made) throws IOException {
            Path p = root.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
            made.add(rel + "  (" + content.length + " bytes)");
        }
    }
}
