package io.revcrypt.core.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.forward.CipherTree;
import io.revcrypt.core.testsupport.RawFiles;
import io.revcrypt.core.testsupport.ViewCopy;
import io.revcrypt.core.testsupport.Views;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every name Linux allows is served, and decrypts back to the same bytes. */
class NamesTest {

    @TempDir
    Path plain;
    @TempDir
    Path copy;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<byte[]> oddNames() {
        return List.of(
                new byte[] {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe, '.', 'b', 'i', 'n'}, // not UTF-8
                bytes("new\nline"),
                bytes("tab\there"),
                bytes(" leading and trailing space "),
                bytes("arrow -> inside"),
                bytes("n".repeat(175)),
                bytes("n".repeat(176)),
                bytes("L".repeat(255)),
                bytes("caf\u00e9"), // NFC
                bytes("cafe\u0301"), // NFD: other bytes, other cipher name
                bytes("\u65e5\u672c\u8a9e \uD83D\uDE00"));
    }

    @Test
    void oddNamesRoundTripThroughListingAndForwardDecryption() throws Exception {
        Map<String, byte[]> contentByName = new HashMap<>();
        int i = 0;
        for (byte[] name : oddNames()) {
            byte[] content = ("content " + i++).getBytes();
            RawFiles.writeFile(plain, name, content);
            contentByName.put(Arrays.toString(name), content);
        }
        RawFiles.mkdir(plain, bytes("D".repeat(200)));
        RawFiles.writeFile(plain.resolve("D".repeat(200)), new byte[] {'x', (byte) 0x80}, bytes("inside"));
        RawFiles.symlink(plain, bytes("link\nwith newline"), new byte[] {'t', (byte) 0xff});

        try (ReverseView view = Views.open(plain); CryptoCore core = Views.testCore()) {
            List<String> names = new ArrayList<>();
            view.list("").forEach(e -> names.add(e.cipherName()));
            for (String n : names) {
                assertTrue(n.length() <= 255, "every shown name fits NAME_MAX: " + n);
                assertTrue(n.matches("[A-Za-z0-9_.=-]+"), "shown names are base64url or gocryptfs metadata: " + n);
            }
            ViewCopy.copy(view, copy);

            List<byte[]> seen = new ArrayList<>();
            Map<String, byte[]> decryptedContent = new HashMap<>();
            CipherTree tree = Views.cipherTree(copy, core);
            tree.walk(new CipherTree.Visitor() {
                @Override
                public boolean directory(CipherTree.Entry dir) {
                    seen.add(dir.plainPath().toBytes());
                    return true;
                }

                @Override
                public void file(CipherTree.Entry file) throws IOException {
                    seen.add(file.plainPath().toBytes());
                    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                    try (var in = Files.newInputStream(file.file())) {
                        assertTrue(tree.files().decrypt(in, out).ok());
                    }
                    decryptedContent.put(Arrays.toString(file.plainPath().toBytes()), out.toByteArray());
                }

                @Override
                public void symlink(CipherTree.Entry link, byte[] target) {
                    seen.add(link.plainPath().toBytes());
                    assertArrayEquals(new byte[] {'t', (byte) 0xff}, target);
                }

                @Override
                public void special(CipherTree.Entry entry) {
                }

                @Override
                public void problem(String cipherPath, PlainPath plainPath, String message) {
                    throw new AssertionError(cipherPath + ": " + message);
                }
            });
            for (byte[] name : oddNames()) {
                assertTrue(seen.stream().anyMatch(s -> Arrays.equals(s, name)), "decrypted back: " + Arrays.toString(name));
                assertArrayEquals(contentByName.get(Arrays.toString(name)), decryptedContent.get(Arrays.toString(name)));
            }
            byte[] nested = bytes("D".repeat(200) + "/x\u0000");
            nested[nested.length - 1] = (byte) 0x80;
            assertTrue(seen.stream().anyMatch(s -> Arrays.equals(s, nested)), "nested name under a hashed directory");
        }
    }

    @Test
    void socketTranslationsRoundTripForOddNames() throws Exception {
        for (byte[] name : oddNames()) {
            RawFiles.writeFile(plain, name, new byte[0]);
        }
        try (ReverseView view = Views.open(plain)) {
            for (byte[] name : oddNames()) {
                String cipher = view.encryptPath(name);
                assertArrayEquals(name, view.decryptPath(cipher), cipher);
            }
        }
    }

    @Test
    void nfcAndNfdGetDifferentCipherNames() throws Exception {
        try (ReverseView view = Views.open(plain)) {
            String nfc = view.encryptPath(bytes("caf\u00e9"));
            String nfd = view.encryptPath(bytes("cafe\u0301"));
            assertTrue(!nfc.equals(nfd));
        }
    }

    @Test
    void hashingThresholdIs176Bytes() throws Exception {
        try (ReverseView view = Views.open(plain)) {
            assertEquals(235, view.encryptPath(bytes("n".repeat(175))).length());
            assertTrue(view.encryptPath(bytes("n".repeat(176))).startsWith("gocryptfs.longname."));
            assertEquals(62, view.encryptPath(bytes("L".repeat(255))).length());
        }
    }
}
