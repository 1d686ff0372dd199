package io.revcrypt.sync.decode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Cipher path → plaintext path, remembered across runs for paths through hashed long names.
 *
 * <p>Why: the control socket decrypts a {@code gocryptfs.longname.*} component by listing the
 * plaintext directory and hashing names until one matches, so once the plaintext is gone
 * (exactly when rsync reports {@code *deleting}) the socket cannot decode it any more. Short
 * names need no journal: they decrypt without the plaintext existing.
 *
 * <p>The file holds plaintext names, so it stays on this machine (mode 0600) and is never
 * uploaded. Format, one entry per line, chosen to survive any bytes a name can hold:
 * <pre>
 * # comment lines start with '#'
 * &lt;cipher path&gt;&lt;TAB&gt;&lt;standard base64 of the plaintext path bytes&gt;
 * </pre>
 * Saving writes a temporary file next to it and renames it over the old one, so a crash
 * leaves the old or the new journal, never half of one. Loading skips lines that do not parse
 * (including a last line without its newline) and reports them once.
 *
 * <p>Thread-safe.
 */
public final class NameJournal {

    private static final String HEADER = "# revcrypt name journal v1: <cipher path><TAB><base64 of plaintext path>\n"
            + "# Holds plaintext file names: keep it on this machine, never upload it.\n";

    private final Path file;
    private final Map<String, byte[]> entries = new HashMap<>();
    private boolean dirty;

    private NameJournal(Path file) {
        this.file = file;
    }

    /** A journal that is never read from or written to disk. */
    public static NameJournal inMemory() {
        return new NameJournal(null);
    }

    /**
     * Loads the journal at {@code file}; a missing file gives an empty journal that
     * {@link #save()} will create.
     *
     * @param warnings told once if lines had to be skipped
     * @throws IOException the file exists but cannot be read
     */
    public static NameJournal load(Path file, Consumer<String> warnings) throws IOException {
        NameJournal journal = new NameJournal(Objects.requireNonNull(file, "file"));
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return journal;
        }
        int skipped = journal.parse(content);
        if (skipped > 0) {
            warnings.accept("name journal " + file + ": skipped " + skipped
                    + (skipped == 1 ? " damaged line" : " damaged lines")
                    + "; names of deleted long-named entries may show undecoded");
        }
        return journal;
    }

    /** The plaintext path recorded for a cipher path. */
    public synchronized Optional<byte[]> lookup(String cipherPath) {
        byte[] plain = entries.get(cipherPath);
        return plain == null ? Optional.empty() : Optional.of(plain.clone());
    }

    /** Remembers a translation; a no-op when it is already known. */
    public synchronized void record(String cipherPath, byte[] plainPath) {
        if (!isValidEntry(cipherPath, plainPath)) {
            throw new IllegalArgumentException("BUG: not a journal entry: " + cipherPath);
        }
        byte[] previous = entries.put(cipherPath, plainPath.clone());
        if (previous == null || !Arrays.equals(previous, plainPath)) {
            dirty = true;
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Writes the journal if anything changed since it was loaded or last saved. */
    public synchronized void save() throws IOException {
        if (file == null || !dirty) {
            return;
        }
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp", ownerOnly());
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(serialize());
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true); // the rename must not become durable before the data
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        dirty = false;
    }

    private byte[] serialize() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HEADER.getBytes(StandardCharsets.US_ASCII));
        Base64.Encoder base64 = Base64.getEncoder();
        for (Map.Entry<String, byte[]> e : new TreeMap<>(entries).entrySet()) { // sorted: stable file
            out.writeBytes(e.getKey().getBytes(StandardCharsets.US_ASCII));
            out.write('\t');
            out.writeBytes(base64.encode(e.getValue()));
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** Returns the number of lines skipped. */
    private int parse(byte[] content) {
        int skipped = 0;
        int start = 0;
        while (start < content.length) {
            int end = indexOf(content, (byte) '\n', start);
            if (end < 0) {
                return skipped + 1; // a last line without newline was cut short while writing
            }
            String line = new String(content, start, end - start, StandardCharsets.ISO_8859_1);
            start = end + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!parseEntry(line)) {
                skipped++;
            }
        }
        return skipped;
    }

    private boolean parseEntry(String line) {
        int tab = line.indexOf('\t');
        if (tab <= 0) {
            return false;
        }
        String cipherPath = line.substring(0, tab);
        byte[] plainPath;
        try {
            plainPath = Base64.getDecoder().decode(line.substring(tab + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!isValidEntry(cipherPath, plainPath)) {
            return false;
        }
        entries.put(cipherPath, plainPath);
        return true;
    }

    /**
     * Cipher paths are printable ASCII; the plaintext must have as many non-empty components
     * (names never contain '/' or NUL), which also catches most damaged base64.
     */
    private static boolean isValidEntry(String cipherPath, byte[] plainPath) {
        if (cipherPath.isEmpty() || cipherPath.startsWith("/") || cipherPath.endsWith("/") || plainPath.length == 0) {
            return false;
        }
        int cipherComponents = 1;
        for (int i = 0; i < cipherPath.length(); i++) {
            char c = cipherPath.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
            if (c == '/') {
                cipherComponents++;
            }
        }
        int plainComponents = 1;
        for (int i = 0; i < plainPath.length; i++) {
            byte b = plainPath[i];
            if (b == 0) {
                return false;
            }
            if (b == '/') {
                boolean empty = i == 0 || i == plainPath.length - 1 || plainPath[i - 1] == '/';
                if (empty) {
                    return false;
                }
                plainComponents++;
            }
        }
        return cipherComponents == plainComponents;
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }
}
