package io.revcrypt.sync.decode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SymlinkTargetResolverTest {

    @TempDir
    Path root;

    @Test
    void readsTargetsUnderThePlainRoot() throws IOException {
        Files.createDirectories(root.resolve("dir one"));
        Files.createSymbolicLink(root.resolve("dir one/link arrow"), Path.of("target -> x"));
        SymlinkTargetResolver resolver = SymlinkTargetResolver.underPlainRoot(root);
        assertArrayEquals("target -> x".getBytes(StandardCharsets.UTF_8),
                resolver.plainTarget("dir one/link arrow".getBytes(StandardCharsets.UTF_8)).orElseThrow());
    }

    @Test
    void neverGoesThroughASymlinkedDirectoryOrOutOfTheRoot() throws IOException {
        Path outside = Files.createDirectories(root.resolve("../outside-" + System.nanoTime()));
        Files.createSymbolicLink(outside.resolve("secret-link"), Path.of("/etc/shadow"));
        Files.createSymbolicLink(root.resolve("swapped"), outside);
        SymlinkTargetResolver resolver = SymlinkTargetResolver.underPlainRoot(root);
        assertEquals(Optional.empty(), resolver.plainTarget("swapped/secret-link".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), resolver.plainTarget("../x".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), resolver.plainTarget("missing".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), resolver.plainTarget(new byte[] {'b', (byte) 0xFF}));
        Files.delete(outside.resolve("secret-link"));
        Files.delete(outside);
    }
}
