package io.revcrypt.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.crypto.MasterKey;
import io.revcrypt.core.format.BlockLayout;
import io.revcrypt.core.format.ContentCrypto;
import io.revcrypt.core.format.PathIv;
import io.revcrypt.core.forward.DecryptResult;
import io.revcrypt.core.forward.FileDecryptor;
import io.revcrypt.core.posix.Posix;
import io.revcrypt.core.view.ReverseView;
import io.revcrypt.core.view.ViewOptions;
import io.revcrypt.it.support.CommandResult;
import io.revcrypt.it.support.Commands;
import io.revcrypt.it.support.MountGuard;
import io.revcrypt.it.support.NativeTools;
import io.revcrypt.it.support.Procs;
import io.revcrypt.it.support.Revcrypt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plaintext changes while it is read through the mount (a backup of a live directory, spec
 * §13.4): a file grows, shrinks, is deleted and re-created; a directory is renamed back and forth,
 * or swapped for a symlink that points outside the tree, while it is listed. No crash, the mount
 * keeps serving, and each read is either an error or bytes that authenticate and decrypt to what
 * the file held (checked with fs-core's forward decryptor, as a restore would).
 */
class ChangingSourceIT {

    private static final Duration CAT_TIMEOUT = Duration.ofSeconds(60);
    private static final int MIN_READS = 20;

    @RegisterExtension
    final MountGuard mounts = MountGuard.perTest();

    @TempDir
    Path tmp;

    private Path src;
    private Path mnt;
    private ReverseView view;
    private CryptoCore core;
    private FileDecryptor decryptor;
    private final AtomicInteger copyNo = new AtomicInteger();

    @BeforeEach
    void mount() throws Exception {
        NativeTools.require();
        src = Files.createDirectory(tmp.resolve("src"));
        Files.writeString(src.resolve("stable.txt"), "I do not change\n");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        mnt = Files.createDirectory(tmp.resolve("mnt"));
        Revcrypt.mount(mounts, src, mnt, "--masterkey", HexFormat.of().formatHex(key));
        view = ReverseView.open(ViewOptions.defaults(src), CryptoCore.derive(MasterKey.of(key)));
        core = CryptoCore.derive(MasterKey.of(key));
        decryptor = new FileDecryptor(new ContentCrypto(core, true));
    }

    @AfterEach
    void stillServing() throws Exception {
        try {
            if (Procs.serving(mnt).isEmpty()) {
                throw new AssertionError("the mount process is gone");
            }
            CommandResult ls = Commands.run("ls", mnt.toString());
            assertEquals(0, ls.exitCode(), "the mount still lists:\n" + ls.describe());
            String stable = cipher("stable.txt");
            assertTrue(ls.stdout().lines().anyMatch(stable::equals), ls.describe());
            assertArrayEquals("I do not change\n".getBytes(StandardCharsets.UTF_8), decrypt(catOk(stable)),
                    "the mount still serves content");
        } finally {
            view.close();
            core.close();
        }
    }

    private String cipher(String plainPath) throws Exception {
        return view.encryptPath(plainPath.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code cat MNT/CIPHERPATH} into a file: its bytes, or null if cat failed (with the reason kept). */
    private byte[] cat(String cipherPath, List<String> errors) throws Exception {
        Path out = tmp.resolve("cat-" + copyNo.incrementAndGet());
        try {
            CommandResult r = Commands.runToFile(out, List.of("cat", mnt.resolve(cipherPath).toString()), CAT_TIMEOUT);
            if (r.exitCode() != 0) {
                assertFalse(r.stderr().isBlank(), "a failed read says why: " + r.describe());
                errors.add(r.stderr().strip());
                return null;
            }
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /**
     * A read once the source has settled: the kernel caches entries and attributes for 1 s
     * (spec §13.14), so right after a change it may still act on what it saw before.
     */
    private byte[] eventuallyCat(String cipherPath) throws Exception {
        List<String> errors = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            byte[] b = cat(cipherPath, errors);
            if (b != null) {
                return b;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no successful read of " + cipherPath + " within 15 s after the changes: " + errors);
    }

    private byte[] catOk(String cipherPath) throws Exception {
        List<String> errors = new ArrayList<>();
        byte[] b = cat(cipherPath, errors);
        assertTrue(b != null, () -> "cat failed: " + errors);
        return b;
    }

    /** Decrypts a copy; fails unless every block authenticates. */
    private byte[] decrypt(byte[] copy) throws Exception {
        return decrypt(copy, null, null);
    }

    /**
     * Decrypts a copy of {@code cipherPath}; fails unless every block authenticates. If the file
     * only ever held prefixes of {@code content}, a failure says whether the copy's last block is
     * the beginning of a longer block the view encrypted, i.e. the copy was cut inside a block.
     */
    private byte[] decrypt(byte[] copy, String cipherPath, byte[] content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DecryptResult r;
        try (InputStream in = new ByteArrayInputStream(copy)) {
            r = decryptor.decrypt(in, out);
        }
        assertTrue(r.ok(), () -> "a copy of " + copy.length + " bytes does not decrypt: " + r.describe()
                + (content == null ? "" : explainLastBlock(copy, cipherPath, content)));
        return out.toByteArray();
    }

    private String explainLastBlock(byte[] copy, String cipherPath, byte[] content) {
        int last = (copy.length - BlockLayout.HEADER_LENGTH - 1) / BlockLayout.CIPHER_BLOCK;
        int start = BlockLayout.HEADER_LENGTH + last * BlockLayout.CIPHER_BLOCK;
        int have = copy.length - start;
        byte[] fileId = PathIv.derive(cipherPath, PathIv.Purpose.FILEID);
        byte[] block0Iv = PathIv.derive(cipherPath, PathIv.Purpose.BLOCK0IV);
        ContentCrypto crypto = new ContentCrypto(core, true);
        byte[] block = new byte[BlockLayout.CIPHER_BLOCK];
        int plainStart = last * BlockLayout.PLAIN_BLOCK;
        for (int len = 1; len <= BlockLayout.PLAIN_BLOCK && plainStart + len <= content.length; len++) {
            crypto.encryptBlock(content, plainStart, len, last, fileId, block0Iv, block, 0);
            if (len + BlockLayout.OVERHEAD != have && Arrays.equals(copy, start, copy.length, block, 0, have)) {
                return "\n  its last block (" + last + ", " + have + " bytes) is the beginning of that block encrypted"
                        + " with " + len + " plaintext bytes: the copy was cut inside a block that the view encrypted"
                        + " with " + (len > have - BlockLayout.OVERHEAD ? "more" : "less") + " data than the copy's"
                        + " length implies (the kernel's file size and the size the view serves disagree)";
            }
        }
        return "\n  its last block (" + last + ", " + have + " bytes) is no cut of any encryption of that block";
    }

    private static void assertPrefix(byte[] full, byte[] plain, String what) {
        assertTrue(plain.length <= full.length, what + ": longer than the file ever was: " + plain.length);
        int diff = Arrays.mismatch(plain, Arrays.copyOf(full, plain.length));
        if (diff >= 0) {
            int zeros = 0;
            while (diff + zeros < plain.length && plain[diff + zeros] == 0) {
                zeros++;
            }
            String why = zeros == plain.length - diff ? "; from there to its end (" + zeros + " bytes) the copy "
                    + "decrypts to zeros: all-zero ciphertext blocks, which decrypt as holes (spec §5.6), i.e. the "
                    + "reader was handed zeros where the view had no data (a short read the kernel padded up to "
                    + "its idea of the file size)" : "";
            throw new AssertionError(what + ": decrypts to other bytes than the file held, from offset " + diff
                    + " of " + plain.length + why);
        }
    }

    /** Runs {@code change} in a loop on its own thread until {@code reads} is done; both must not fail. */
    private static void whileChanging(ThrowingRunnable change, ThrowingRunnable reads) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger changes = new AtomicInteger();
        CompletableFuture<Void> changer = CompletableFuture.runAsync(() -> {
            try {
                while (!stop.get()) {
                    change.run();
                    changes.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            reads.run();
        } finally {
            stop.set(true);
            changer.get(60, TimeUnit.SECONDS);
        }
        assertTrue(changes.get() > 0, "the source changed during the reads");
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    @Timeout(180)
    void aGrowingFileCopiesAsADecryptablePrefix() throws Exception {
        // appends of odd sizes, so the size is rarely at a block edge while it is copied
        int max = 24 << 20;
        byte[] full = new byte[max];
        new Random(7).nextBytes(full);
        Path file = src.resolve("growing.bin");
        Files.write(file, Arrays.copyOf(full, 1));
        String cipher = cipher("growing.bin");
        Random sizes = new Random(8);
        List<String> errors = new ArrayList<>();
        AtomicInteger copies = new AtomicInteger();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            whileChanging(() -> {
                long size = out.size();
                if (size < max) {
                    int n = (int) Math.min(max - size, 1 + sizes.nextInt(20_000));
                    out.write(ByteBuffer.wrap(full, (int) size, n));
                    Thread.sleep(1);
                } else {
                    Thread.sleep(10);
                }
            }, () -> {
                for (int i = 0; i < MIN_READS; i++) {
                    byte[] copy = cat(cipher, errors);
                    if (copy != null) {
                        assertPrefix(full, decrypt(copy, cipher, full), "copy " + i);
                        copies.incrementAndGet();
                    }
                }
            });
        }
        assertEquals(List.of(), errors, "a file that only grows reads without errors");
        assertEquals(MIN_READS, copies.get());
    }

    @Test
    @Timeout(180)
    void aShrinkingFileReadsAsAnErrorOrADecryptablePrefix() throws Exception {
        int blocks = 256;
        byte[] full = new byte[blocks * 4096 + 1000];
        new Random(9).nextBytes(full);
        Path file = src.resolve("shrinking.bin");
        Files.write(file, full);
        String cipher = cipher("shrinking.bin");
        Random cut = new Random(10);
        List<String> errors = new ArrayList<>();
        AtomicInteger copies = new AtomicInteger();
        whileChanging(() -> {
            // cut anywhere (also inside a block), then grow back to the same content
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                int keep = cut.nextInt(full.length);
                ch.truncate(keep);
                Thread.sleep(1);
                ch.write(ByteBuffer.wrap(full, keep, full.length - keep), keep);
            }
            Thread.sleep(20); // whole for a while, so that some reads also complete
        }, () -> {
            for (int i = 0; i < MIN_READS; i++) {
                byte[] copy = cat(cipher, errors);
                if (copy != null) {
                    assertPrefix(full, decrypt(copy, cipher, full), "copy " + i);
                    copies.incrementAndGet();
                }
            }
        });
        assertEquals(MIN_READS, copies.get() + errors.size());
        System.out.println("ChangingSourceIT shrinking: " + copies + " copies decrypted, errors: " + errors);
    }

    /**
     * The kernel opens files without asking the mount (no_open), so a large file's reads are
     * separate requests: a file replaced between two of them must not give a copy that is half
     * one version and half the other (each block would still authenticate). Read slowly in small
     * pieces (2 s a copy), with the file swapped between two versions every 2.5 s, each copy is one
     * version whole, or an error.
     */
    @Test
    @Timeout(180)
    void aFileReplacedWhileReadInManyPiecesCopiesAsOneVersionOrAnError() throws Exception {
        byte[][] versions = new byte[2][4 << 20];
        new Random(12).nextBytes(versions[0]);
        new Random(13).nextBytes(versions[1]);
        Path file = src.resolve("replaced.bin");
        Path next = src.resolve("replaced.bin.next");
        Files.write(file, versions[0]);
        String cipher = cipher("replaced.bin");
        AtomicInteger swaps = new AtomicInteger();
        List<String> errors = new ArrayList<>();
        List<Integer> whole = new ArrayList<>();
        whileChanging(() -> {
            Thread.sleep(2500);
            Files.write(next, versions[swaps.incrementAndGet() % 2]);
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }, () -> {
            for (int i = 0; i < 6; i++) {
                ByteArrayOutputStream copy = new ByteArrayOutputStream();
                try (FileChannel in = FileChannel.open(mnt.resolve(cipher), StandardOpenOption.READ)) {
                    ByteBuffer piece = ByteBuffer.allocate(64 << 10);
                    while (in.read(piece.clear()) > 0) {
                        copy.write(piece.array(), 0, piece.position());
                        Thread.sleep(30);
                    }
                } catch (java.io.IOException e) {
                    errors.add(String.valueOf(e.getMessage()));
                    continue;
                }
                byte[] plain = decrypt(copy.toByteArray());
                int which = Arrays.equals(plain, versions[0]) ? 0 : Arrays.equals(plain, versions[1]) ? 1 : -1;
                if (which < 0) {
                    int a = Arrays.mismatch(plain, versions[0]);
                    int b = Arrays.mismatch(plain, versions[1]);
                    throw new AssertionError("copy " + i + " (" + plain.length + " bytes) is neither version whole: it"
                            + " matches the first up to offset " + a + " and the second up to offset " + b);
                }
                whole.add(which);
            }
        });
        assertTrue(swaps.get() >= 3, "the file was replaced during the reads: " + swaps);
        assertEquals(6, whole.size() + errors.size());
        System.out.println("ChangingSourceIT replaced: versions of whole copies " + whole + ", errors: " + errors);
    }

    /**
     * The kernel keeps the pages of a view file (FUSE {@code no_open}) while its size and mtime
     * stand, and a file rewritten in place during one long write looks just so afterwards (a
     * write() stamps the times as it begins). Here the rewrite is made to look so by putting the
     * mtime back: the next read gets the old encryption from the kernel's cache without reaching
     * the view. Dropping the cached pages, as a copy-again pass does first, makes it read anew.
     */
    @Test
    @Timeout(60)
    void aFileRewrittenBehindUnchangedAttributesIsReadAnewOnceItsCachedPagesAreDropped() throws Exception {
        Random random = new Random(23);
        byte[] before = new byte[200_000];
        byte[] after = new byte[before.length];
        random.nextBytes(before);
        random.nextBytes(after);
        Path file = Files.write(src.resolve("rewritten in place.bin"), before);
        FileTime mtime = FileTime.from(Instant.now().minusSeconds(3600));
        Files.setLastModifiedTime(file, mtime);
        String c = cipher("rewritten in place.bin");
        assertArrayEquals(before, decrypt(catOk(c)));

        Files.write(file, after, StandardOpenOption.WRITE);
        Files.setLastModifiedTime(file, mtime);
        Thread.sleep(1500); // past the kernel's 1 s attribute timeout: it has the file's attributes anew
        assertArrayEquals(before, decrypt(catOk(c)),
                "the kernel serves its cached pages of a file whose size and mtime did not move");

        Posix.get().dropCachedPages(mnt.resolve(c).toString());
        assertArrayEquals(after, decrypt(catOk(c)), "once its pages are dropped, the file is read as it is now");
    }

    @Test
    @Timeout(180)
    void aDeletedFileReadsAsAnErrorOrItsContent() throws Exception {
        byte[] content = new byte[3 << 20];
        new Random(11).nextBytes(content);
        Path file = src.resolve("deleted.bin");
        Files.write(file, content);
        String cipher = cipher("deleted.bin");
        List<String> errors = new ArrayList<>();
        AtomicInteger copies = new AtomicInteger();
        whileChanging(() -> {
            // mostly there, so that reads also succeed (a lookup in the gap is cached as "no such
            // entry" by the kernel for a second); deleted also while a read has it open
            Files.delete(file);
            Thread.sleep(2);
            Files.write(file, content);
            Thread.sleep(50);
        }, () -> {
            for (int i = 0; i < MIN_READS; i++) {
                byte[] copy = cat(cipher, errors);
                if (copy != null) {
                    assertPrefix(content, decrypt(copy, cipher, content), "copy " + i);
                    copies.incrementAndGet();
                }
            }
        });
        assertEquals(MIN_READS, copies.get() + errors.size());
        System.out.println("ChangingSourceIT deleted: " + copies + " copies decrypted, errors: " + errors);
    }

    @Test
    @Timeout(180)
    void aDirectoryRenamedWhileListedKeepsTheMountServing() throws Exception {
        Path tree = src.resolve("tree");
        Path away = src.resolve("tree-renamed");
        byte[] content = "inside the renamed directory\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 20; i++) {
            Files.createDirectories(tree.resolve("a/b" + i % 4));
            Files.write(tree.resolve("a/b" + i % 4 + "/file-" + i), content);
        }
        String inside = cipher("tree/a/b0/file-0");
        List<String> errors = new ArrayList<>();
        AtomicInteger copies = new AtomicInteger();
        whileChanging(() -> {
            // mostly in place, so that reads through it also succeed now and then (a lookup that
            // falls into the gap is cached by the kernel as "no such entry" for a second)
            Files.move(tree, away, StandardCopyOption.ATOMIC_MOVE);
            Thread.sleep(2);
            Files.move(away, tree, StandardCopyOption.ATOMIC_MOVE);
            Thread.sleep(100);
        }, () -> {
            for (int i = 0; i < MIN_READS; i++) {
                CommandResult find = Commands.run("find", mnt.toString());
                assertTrue(find.exitCode() == 0 || !find.stderr().isBlank(), find.describe());
                CommandResult ls = Commands.run("ls", "-lR", mnt.toString());
                assertTrue(ls.exitCode() == 0 || !ls.stderr().isBlank(), ls.describe());
                byte[] copy = cat(inside, errors);
                if (copy != null) {
                    assertArrayEquals(content, decrypt(copy));
                    copies.incrementAndGet();
                }
            }
        });
        assertTrue(Files.isDirectory(tree), "the renamer ends with the directory in place");
        assertArrayEquals(content, decrypt(eventuallyCat(inside)), "after the renames the directory serves again");
        assertEquals(MIN_READS, copies.get() + errors.size());
        System.out.println("ChangingSourceIT renamed: " + copies + " copies decrypted, errors: " + errors);
    }

    @Test
    @Timeout(180)
    void aDirectorySwappedForASymlinkNeverLeadsOutsideTheSource() throws Exception {
        // design §3: a directory replaced by a symlink during a backup must never lead outside SRC
        Path outside = Files.createDirectories(tmp.resolve("outside/a"));
        byte[] secret = "OUTSIDE THE SOURCE\n".getBytes(StandardCharsets.UTF_8);
        Files.write(outside.resolve("file"), secret);
        Path tree = src.resolve("tree");
        Files.createDirectories(tree.resolve("a"));
        byte[] content = "inside the source\n".getBytes(StandardCharsets.UTF_8);
        Files.write(tree.resolve("a/file"), content);
        Path parked = src.resolve("tree-parked");
        Path link = src.resolve("tree-link");
        String inside = cipher("tree/a/file");
        List<String> errors = new ArrayList<>();
        AtomicInteger copies = new AtomicInteger();
        whileChanging(() -> {
            // mostly the real directory, briefly a symlink to a directory outside with the same layout
            Files.move(tree, parked, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, tmp.resolve("outside"));
            Files.move(link, tree, StandardCopyOption.ATOMIC_MOVE);
            Thread.sleep(2);
            Files.delete(tree);
            Files.move(parked, tree, StandardCopyOption.ATOMIC_MOVE);
            Thread.sleep(20);
        }, () -> {
            for (int i = 0; i < 3 * MIN_READS; i++) {
                byte[] copy = cat(inside, errors);
                if (copy != null) {
                    byte[] plain = decrypt(copy);
                    assertFalse(Arrays.equals(secret, plain), "read a file outside the source through a symlink");
                    assertArrayEquals(content, plain);
                    copies.incrementAndGet();
                }
                Commands.run("find", mnt.toString());
            }
        });
        assertTrue(Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS), "the swapper ends with the directory");
        assertArrayEquals(content, decrypt(eventuallyCat(inside)), "after the swaps the directory serves again");
        assertEquals(3 * MIN_READS, copies.get() + errors.size());
        System.out.println("ChangingSourceIT symlink swap: " + copies + " copies decrypted, errors: " + errors);
    }
}
