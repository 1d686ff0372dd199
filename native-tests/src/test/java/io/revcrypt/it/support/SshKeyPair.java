package io.revcrypt.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A throwaway ed25519 key pair made by ssh-keygen, without a passphrase. */
public record SshKeyPair(Path privateKey, Path publicKey) {

    /**
     * Generates {@code file} and {@code file.pub}, or reuses them if both exist (a restarted server
     * keeps its identity).
     */
    public static SshKeyPair generate(Path file, String comment) throws IOException, InterruptedException {
        Path pub = file.resolveSibling(file.getFileName() + ".pub");
        if (!(Files.exists(file) && Files.exists(pub))) {
            Files.deleteIfExists(file);
            Files.deleteIfExists(pub);
            CommandResult r = ProcessRunner.run(
                    List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file.toString()),
                    Duration.ofSeconds(30));
            if (!r.succeeded()) {
                throw new IllegalStateException("ssh-keygen failed:\n" + r.describe());
            }
        }
        return new SshKeyPair(file, pub);
    }

    /** "ssh-ed25519 AAAA…", without the comment. */
    public String publicKeyTypeAndBase64() throws IOException {
        String[] fields = Files.readString(publicKey, StandardCharsets.US_ASCII).strip().split("\\s+");
        if (fields.length < 2) {
            throw new IllegalStateException("not an OpenSSH public key: " + publicKey);
        }
        return fields[0] + " " + fields[1];
    }
}
