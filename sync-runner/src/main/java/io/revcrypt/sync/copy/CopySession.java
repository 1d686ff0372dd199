package io.revcrypt.sync.copy;

import io.revcrypt.core.format.ContentCrypto;
import io.revcrypt.core.forward.FileDecryptor;

import io.revcrypt.core.format.FormatOptions;
import io.revcrypt.core.format.NameTransform;
import io.revcrypt.core.forward.CipherTree;
import io.revcrypt.sync.common.ExitCode;
import io.revcrypt.sync.common.UserException;
import io.revcrypt.sync.transport.Destination;
import io.revcrypt.sync.transport.SshTransport;
import io.revcrypt.sync.snapshot.UnfinishedSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An opened copy, for restore and verify: where it is (a local directory read in place, or
 * {@code [user@]host:path} fetched with rsync over ssh into staging), its key, and a
 * {@link CopyReader} over it. Closing it wipes the keys and deletes the staging directory.
 */
public final class CopySession implements AutoCloseable {

    /** Default size of one batch of content fetched from a remote copy. */
    public static final long DEFAULT_BATCH_BYTES = 256L << 20;

    /**
     * @param copy          a local directory or {@code [user@]host:path}
     * @param config        {@code --config}, or null for the copy's own {@code gocryptfs.conf}
     * @param masterKeyHex  {@code --masterkey}, or null
     * @param stagingParent where the staging directory goes; null for revcrypt's runtime directory
     * @param batchBytes    how much content a remote copy is fetched in at a time
     * @param viaRsync      fetch a local copy with rsync as if it were remote (for tests)
     */
    public record Settings(String copy, Path config, String masterKeyHex, List<String> sshOptions, Path stagingParent,
                           long batchBytes, boolean viaRsync) {
        public Settings {
            sshOptions = List.copyOf(sshOptions);
        }
    }

    private final Destination location;
    private final CopyKey.Unlocked key;
    private final CipherTree tree;
    private final CopyReader reader;
    private final Staging staging;
    private final SshTransport ssh;
    private final RsyncFetcher fetcher;
    private final FileDecryptor decryptor;
    private Optional<String> unfinishedSnapshot = Optional.empty();

    private CopySession(Destination location, CopyKey.Unlocked key, CipherTree tree, CopyReader reader, Staging staging,
                        SshTransport ssh, RsyncFetcher fetcher) {
        this.location = location;
        this.key = key;
        this.tree = tree;
        this.reader = reader;
        this.staging = staging;
        this.ssh = ssh;
        this.fetcher = fetcher;
        this.decryptor = new FileDecryptor(new ContentCrypto(key.core(), key.format().aesSiv()));
    }

    /** A warning when the copy is a local snapshot whose publishing never finished (see {@link io.revcrypt.sync.snapshot.UnfinishedSnapshot}). */
    public Optional<String> unfinishedSnapshot() {
        return unfinishedSnapshot;
    }

    /**
     * Opens the copy: checks it is there, fetches a remote copy's config, unlocks the key.
     *
     * @throws UserException exit 1 when the copy cannot be reached, 2 for key and config problems
     */
    public static CopySession open(Settings s, Supplier<byte[]> password, Progress progress) throws IOException {
        Destination location;
        try {
            location = Destination.parse(s.copy());
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        }
        if (!location.isRemote()) {
            Path named = location.localPath();
            if (!Files.isDirectory(named)) {
                throw UserException.failed("the copy " + named + (Files.exists(named) ? " is not a directory"
                        : " does not exist (is the disk mounted?)"));
            }
            // DEST/latest is a symlink to the newest snapshot: read the directory it names
            Path root = named.toRealPath();
            if (!s.viaRsync()) {
                CopyKey.Unlocked key = unlock(s, root.resolve(NameTransform.CONFIG_NAME), password);
                CipherTree tree = new CipherTree(root, key.core(), key.format());
                CipherPaths paths = new CipherPaths(new NameTransform(key.core().names(), key.format()));
                CopySession session = new CopySession(location, key, tree, new LocalCopyReader(tree, paths, progress),
                        null, null, null);
                session.unfinishedSnapshot = UnfinishedSnapshot.warning(root);
                return session;
            }
        }
        Staging staging = Staging.create(s.stagingParent());
        SshTransport ssh = null;
        CopyKey.Unlocked key = null;
        try {
            String rsh = null;
            if (location.isRemote()) {
                ssh = new SshTransport(location, staging.dir(), s.sshOptions());
                rsh = ssh.rsyncShell();
            }
            RsyncFetcher fetcher = new RsyncFetcher(location.rsyncArg(""), rsh, staging.work());
            if (s.config() == null) {
                progress.phase("fetching gocryptfs.conf");
                try {
                    fetcher.fetch(List.of(NameTransform.CONFIG_NAME), false, staging.copy());
                } catch (RsyncFetcher.FetchException e) {
                    throw UserException.failed("cannot read the copy " + location + ": " + e.getMessage());
                }
                progress.phase(null);
            }
            key = unlock(s, staging.copy().resolve(NameTransform.CONFIG_NAME), password);
            CipherTree tree = new CipherTree(staging.copy(), key.core(), key.format());
            CipherPaths paths = new CipherPaths(new NameTransform(key.core().names(), key.format()));
            long batch = s.batchBytes() > 0 ? s.batchBytes() : DEFAULT_BATCH_BYTES;
            RemoteCopyReader reader = new RemoteCopyReader(fetcher, tree, paths, progress, batch);
            return new CopySession(location, key, tree, reader, staging, ssh, fetcher);
        } catch (RuntimeException | IOException e) {
            if (key != null) {
                key.core().close();
            }
            if (ssh != null) {
                ssh.close();
            }
            staging.close();
            throw e;
        }
    }

    private static CopyKey.Unlocked unlock(Settings s, Path copyConfig, Supplier<byte[]> password) {
        Path config = s.config() != null ? s.config() : copyConfig;
        return CopyKey.unlock(config, s.config() != null, s.masterKeyHex(), password);
    }

    public Destination location() {
        return location;
    }

    /**
     * The error that ends a restore or verify whose reading of this copy failed: a fetch that
     * failed names the fetch, anything else the reading. {@code afterwards} is appended to the
     * message (what was done before, or empty).
     */
    public UserException readFailed(IOException e, String afterwards) {
        if (e instanceof RsyncFetcher.FetchException) {
            return UserException.failed("fetching from the copy " + location + " failed: " + e.getMessage() + afterwards);
        }
        return new UserException(ExitCode.FAILED, "reading the copy " + location + " failed: " + e + afterwards, e);
    }

    public boolean remote() {
        return fetcher != null;
    }

    public FormatOptions format() {
        return key.format();
    }

    public CipherTree tree() {
        return tree;
    }

    /** Decrypts the copy's content files (AES-SIV or AES-GCM, as its config says). */
    public FileDecryptor decryptor() {
        return decryptor;
    }

    public CopyReader reader() {
        return reader;
    }

    /** What rsync fetched so far (remote copies; empty for local ones). */
    public List<String> fetched() {
        return fetcher == null ? List.of() : fetcher.fetched();
    }

    public long fetchedBytes() {
        return fetcher == null ? 0 : fetcher.fetchedBytes();
    }

    /** Whether the copy's root holds a {@code gocryptfs.conf} (for a remote copy: whether it was fetched). */
    public boolean hasConfig() {
        return CopyKey.hasConfig(tree.root());
    }

    @Override
    public void close() {
        key.core().close();
        if (ssh != null) {
            ssh.close();
        }
        if (staging != null) {
            staging.close();
        }
    }
}
