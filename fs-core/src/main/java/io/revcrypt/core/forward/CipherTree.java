package io.revcrypt.core.forward;

import io.revcrypt.core.crypto.CryptoCore;
import io.revcrypt.core.format.ContentCrypto;
import io.revcrypt.core.format.CorruptContentException;
import io.revcrypt.core.format.FormatOptions;
import io.revcrypt.core.format.InvalidNameException;
import io.revcrypt.core.format.NameTransform;
import io.revcrypt.core.format.SymlinkCrypto;
import io.revcrypt.core.view.PlainPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A ciphertext tree on disk in gocryptfs's forward layout — an rsync copy of a reverse view, a
 * snapshot, or an ordinary gocryptfs filesystem — read without FUSE (spec §11): every directory's
 * {@code gocryptfs.diriv}, names decrypted (long ones through their {@code .name} file), symlink
 * targets and contents decrypted. Problems are reported to the visitor and the walk goes on.
 */
public final class CipherTree {

    private final Path root;
    private final FormatOptions format;
    private final NameTransform names;
    private final SymlinkCrypto symlinks;
    private final FileDecryptor files;

    public CipherTree(Path root, CryptoCore core, FormatOptions format) {
        this.root = root;
        this.format = format;
        this.names = new NameTransform(core.names(), format);
        this.symlinks = new SymlinkCrypto(core, format.aesSiv());
        this.files = new FileDecryptor(new ContentCrypto(core, format.aesSiv()));
    }

    public Path root() {
        return root;
    }

    public FileDecryptor files() {
        return files;
    }

    /** One entry of the tree: where it is, what it is called in plaintext, and its attributes. */
    public record Entry(String cipherPath, PlainPath plainPath, Path file, Map<String, Object> attributes) {

        public int mode() {
            return (Integer) attributes.get("mode");
        }

        public long size() {
            return (Long) attributes.get("size");
        }
    }

    /** What a walk reports. Directories are reported before their content. */
    public interface Visitor {

        /** Return false to skip the directory's content. */
        boolean directory(Entry dir) throws IOException;

        void file(Entry file) throws IOException;

        void symlink(Entry link, byte[] plainTarget) throws IOException;

        /** FIFOs, sockets, devices: metadata only. */
        void special(Entry entry) throws IOException;

        /** Something that cannot be decrypted; {@code plainPath} is null when the name itself is the problem. */
        void problem(String cipherPath, PlainPath plainPath, String message);

        /** Called after a directory's content. */
        default void leaveDirectory(Entry dir) throws IOException {
        }
    }

    private static final String ATTRS = "unix:mode,uid,gid,size,lastModifiedTime,lastAccessTime,ino,nlink";

    /** Walks the whole tree from the root. */
    public void walk(Visitor visitor) throws IOException {
        walkDirectory("", PlainPath.root(), root, visitor);
    }

    /** Walks the subtree at {@code cipherPath}, whose plaintext path is already known. */
    public void walk(String cipherPath, PlainPath plainPath, Visitor visitor) throws IOException {
        Path file = cipherPath.isEmpty() ? root : root.resolve(cipherPath);
        Map<String, Object> attrs = Files.readAttributes(file, ATTRS, LinkOption.NOFOLLOW_LINKS);
        Entry e = new Entry(cipherPath, plainPath, file, attrs);
        dispatch(e, visitor);
    }

    private void walkDirectory(String cipherDir, PlainPath plainDir, Path dir, Visitor visitor) throws IOException {
        byte[] dirIv;
        try {
            dirIv = readDirIv(dir);
        } catch (CorruptContentException e) {
            visitor.problem(cipherDir, plainDir, e.getMessage());
            return;
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        }
        children.sort(null);
        for (Path child : children) {
            String name = child.getFileName().toString();
            if (isMetadata(cipherDir, name)) {
                continue;
            }
            String cipherPath = cipherDir.isEmpty() ? name : cipherDir + "/" + name;
            byte[] plainName;
            try {
                plainName = decryptName(dir, dirIv, name);
            } catch (InvalidNameException | CorruptContentException e) {
                visitor.problem(cipherPath, null, "name cannot be decrypted: " + e.getMessage());
                continue;
            }
            Map<String, Object> attrs = Files.readAttributes(child, ATTRS, LinkOption.NOFOLLOW_LINKS);
            dispatch(new Entry(cipherPath, plainDir.child(plainName), child, attrs), visitor);
        }
    }

    private void dispatch(Entry e, Visitor visitor) throws IOException {
        int type = e.mode() & 0170000;
        if (type == 0040000) {
            if (visitor.directory(e)) {
                walkDirectory(e.cipherPath(), e.plainPath(), e.file(), visitor);
                visitor.leaveDirectory(e);
            }
        } else if (type == 0100000) {
            visitor.file(e);
        } else if (type == 0120000) {
            String target = Files.readSymbolicLink(e.file()).toString();
            try {
                byte[] plainTarget = format.plaintextNames() ? target.getBytes(StandardCharsets.UTF_8)
                        : symlinks.decryptTarget(target);
                visitor.symlink(e, plainTarget);
            } catch (CorruptContentException ex) {
                visitor.problem(e.cipherPath(), e.plainPath(), "symlink target: " + ex.getMessage());
            }
        } else {
            visitor.special(e);
        }
    }

    /** gocryptfs's own files, hidden in forward mode. */
    private boolean isMetadata(String cipherDir, String name) {
        if (format.plaintextNames()) {
            return cipherDir.isEmpty() && name.equals(NameTransform.CONFIG_NAME);
        }
        return name.equals(NameTransform.DIRIV_NAME) || NameTransform.isLongNameFile(name)
                || (cipherDir.isEmpty() && name.equals(NameTransform.CONFIG_NAME));
    }

    private byte[] readDirIv(Path dir) throws IOException, CorruptContentException {
        if (!format.hasDirIv()) {
            return NameTransform.zeroIv();
        }
        Path ivFile = dir.resolve(NameTransform.DIRIV_NAME);
        byte[] iv;
        try (InputStream in = Files.newInputStream(ivFile, LinkOption.NOFOLLOW_LINKS)) {
            iv = in.readNBytes(17);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CorruptContentException("directory has no gocryptfs.diriv; its names cannot be decrypted");
        }
        if (iv.length != 16) {
            throw new CorruptContentException("gocryptfs.diriv has " + iv.length + " bytes, expected 16");
        }
        boolean zero = true;
        for (byte b : iv) {
            zero &= b == 0;
        }
        if (zero) {
            throw new CorruptContentException("gocryptfs.diriv is all zeros");
        }
        return iv;
    }

    private byte[] decryptName(Path dir, byte[] dirIv, String cipherName)
            throws IOException, InvalidNameException, CorruptContentException {
        if (format.plaintextNames()) {
            return cipherName.getBytes(StandardCharsets.UTF_8);
        }
        String encrypted = cipherName;
        if (NameTransform.isLongName(cipherName)) {
            Path nameFile = dir.resolve(cipherName + NameTransform.LONGNAME_SUFFIX);
            byte[] content;
            try (InputStream in = Files.newInputStream(nameFile, LinkOption.NOFOLLOW_LINKS)) {
                content = in.readNBytes(NameTransform.MAX_ENCRYPTED_NAME + 1);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new CorruptContentException("its .name file is missing");
            }
            if (content.length > NameTransform.MAX_ENCRYPTED_NAME) {
                throw new CorruptContentException("its .name file is too long");
            }
            encrypted = new String(content, StandardCharsets.US_ASCII);
            if (!NameTransform.longNameHash(encrypted).equals(cipherName)) {
                throw new CorruptContentException("its .name file does not match its hash (tampered or damaged)");
            }
        }
        return names.decryptName(encrypted, dirIv);
    }
}
