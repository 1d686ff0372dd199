package io.revcrypt.core.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.testsupport.ViewCopy;
import io.revcrypt.core.testsupport.Views;
import io.revcrypt.core.view.PlainPath;
import io.revcrypt.core.view.ReverseView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One flipped byte anywhere in a copy is detected and named. */
class TamperTest {

    @TempDir
    Path plain;
    @TempDir
    Path copy;

    private record Problem(String cipherPath, PlainPath plainPath, String message) {
    }

    private List<Problem> walk(CryptoCore core) throws IOException {
        List<Problem> problems = new ArrayList<>();
        CipherTree tree = Views.cipherTree(copy, core);
        tree.walk(new CipherTree.Visitor() {
            @Override
            public boolean directory(CipherTree.Entry dir) {
                return true;
            }

            @Override
            public void file(CipherTree.Entry file) throws IOException {
                try (InputStream in = Files.newInputStream(file.file())) {
                    DecryptResult r = tree.files().decrypt(in, null);
                    if (!r.ok()) {
                        problems.add(new Problem(file.cipherPath(), file.plainPath(), r.describe()));
                    }
                }
            }

            @Override
            public void symlink(CipherTree.Entry link, byte[] target) {
            }

            @Override
            public void special(CipherTree.Entry entry) {
            }

            @Override
            public void problem(String cipherPath, PlainPath plainPath, String message) {
                problems.add(new Problem(cipherPath, plainPath, message));
            }
        });
        return problems;
    }

    private String prepare() throws Exception {
        Files.createDirectories(plain.resolve("docs"));
        Files.write(plain.resolve("docs/report.pdf"), new byte[20_000]);
        Files.writeString(plain.resolve("docs/" + "x".repeat(190)), "long");
        Files.writeString(plain.resolve("notes.txt"), "hello");
        try (ReverseView view = Views.open(plain)) {
            ViewCopy.copy(view, copy);
            return view.encryptPath("docs/report.pdf".getBytes());
        }
    }

    @Test
    void cleanCopyHasNoProblems() throws Exception {
        prepare();
        try (CryptoCore core = Views.testCore()) {
            assertEquals(List.of(), walk(core));
        }
    }

    @Test
    void flippedContentByteIsNamedWithFileAndBlock() throws Exception {
        String cipherPath = prepare();
        Path f = copy.resolve(cipherPath);
        byte[] data = Files.readAllBytes(f);
        data[18 + 4128 + 100] ^= 0x01; // inside block 1
        Files.write(f, data);
        try (CryptoCore core = Views.testCore()) {
            List<Problem> problems = walk(core);
            assertEquals(1, problems.size(), problems.toString());
            assertEquals("docs/report.pdf", problems.get(0).plainPath().toString());
            assertTrue(problems.get(0).message().contains("block 1"), problems.get(0).message());
        }
    }

    @Test
    void flippedHeaderByteIsDetected() throws Exception {
        String cipherPath = prepare();
        Path f = copy.resolve(cipherPath);
        byte[] data = Files.readAllBytes(f);
        data[5] ^= 0x40; // file ID: every block's associated data changes
        Files.write(f, data);
        try (CryptoCore core = Views.testCore()) {
            List<Problem> problems = walk(core);
            assertEquals(1, problems.size());
            assertTrue(problems.get(0).message().contains("block 0"), problems.get(0).message());
        }
    }

    @Test
    void flippedNameIsReported() throws Exception {
        prepare();
        Path docs;
        try (ReverseView view = Views.open(plain)) {
            docs = copy.resolve(view.encryptPath("notes.txt".getBytes()));
        }
        String name = docs.getFileName().toString();
        char c = name.charAt(3);
        Files.move(docs, docs.resolveSibling(name.substring(0, 3) + (c == 'A' ? 'B' : 'A') + name.substring(4)));
        try (CryptoCore core = Views.testCore()) {
            List<Problem> problems = walk(core);
            assertEquals(1, problems.size(), problems.toString());
            assertNull(problems.get(0).plainPath());
            assertTrue(problems.get(0).message().contains("name cannot be decrypted"));
        }
    }

    @Test
    void tamperedLongNameFileIsReported() throws Exception {
        prepare();
        Path nameFile;
        try (var files = Files.walk(copy)) {
            nameFile = files.filter(p -> p.toString().endsWith(".name")).findFirst().orElseThrow();
        }
        byte[] data = Files.readAllBytes(nameFile);
        data[10] = (byte) (data[10] == 'A' ? 'B' : 'A');
        Files.write(nameFile, data);
        try (CryptoCore core = Views.testCore()) {
            List<Problem> problems = walk(core);
            assertEquals(1, problems.size());
            assertTrue(problems.get(0).message().contains(".name"), problems.get(0).message());
        }
    }

    @Test
    void truncatedFileIsReported() throws Exception {
        String cipherPath = prepare();
        Path f = copy.resolve(cipherPath);
        byte[] data = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(data, data.length - 2000));
        try (CryptoCore core = Views.testCore()) {
            List<Problem> problems = walk(core);
            assertEquals(1, problems.size());
            assertFalse(problems.get(0).message().isEmpty());
        }
    }
}
