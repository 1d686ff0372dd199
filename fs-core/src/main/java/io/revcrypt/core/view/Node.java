package io.revcrypt.core.view;

/** What a cipher path of the view resolves to. */
sealed interface Node {

    String cipherPath();

    /** A real plaintext entry (file, directory, symlink, fifo, …). */
    record Real(String cipherPath, PlainPath plainPath) implements Node {
    }

    /** {@code gocryptfs.diriv} of the directory {@code plainDir}, whose cipher path is {@code cipherDir}. */
    record DirIv(String cipherPath, String cipherDir, PlainPath plainDir) implements Node {
    }

    /** {@code gocryptfs.longname.X.name}: the full encrypted name of the entry {@code plainEntry}. */
    record LongNameFile(String cipherPath, PlainPath plainEntry, String encryptedName) implements Node {
    }

    /** {@code gocryptfs.conf} in the root: the real {@code .gocryptfs.reverse.conf}, unencrypted. */
    record Config(String cipherPath, PlainPath plainConfig) implements Node {
    }
}
