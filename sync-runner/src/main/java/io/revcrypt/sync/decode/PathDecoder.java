package io.revcrypt.sync.decode;

import io.revcrypt.core.format.NameTransform;
import io.revcrypt.core.view.TranslationException;
import io.revcrypt.sync.decode.PathDecoding.Decoded;
import io.revcrypt.sync.decode.PathDecoding.Failed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decodes cipher paths from rsync's output into plaintext paths.
 *
 * <ul>
 *   <li>Virtual names never go to the socket (it refuses them): {@code gocryptfs.diriv} is its
 *       directory, the root's {@code gocryptfs.conf} is {@code .gocryptfs.reverse.conf}, and
 *       {@code gocryptfs.longname.X.name} is the long-named entry {@code X}.</li>
 *   <li>Where many names of one directory are wanted at once (a first copy: rsync's lines come a
 *       directory at a time), the directory is listed in one request instead ({@code ListDirectory},
 *       revcrypt's own socket only): every name of it is then known for one round trip, and the
 *       mount answers from the same code its directory listings already run.</li>
 *   <li>Everything else is one {@code DecryptPath} of the whole path. Every answer also tells
 *       the plaintext of each parent directory (names cannot contain {@code /}), so those are
 *       cached too: rsync lists a directory before its contents, and {@code gocryptfs.diriv}
 *       lines and directory lines then cost no round trip.</li>
 *   <li>Paths through a hashed long name are written to the {@link NameJournal}, and the
 *       journal is asked when the socket cannot decode a path — typically a deletion, when the
 *       plaintext the socket would need is already gone.</li>
 *   <li>When the socket keeps failing with I/O errors (mount gone or hung), asking it is
 *       throttled so that rsync's output does not crawl through one timeout per line.</li>
 * </ul>
 *
 * <p>Thread-safe (one request at a time, as the socket is one connection anyway).
 */
public final class PathDecoder {

    public static final int DEFAULT_CACHE_ENTRIES = 100_000;
    /** After this many I/O failures in a row the socket is only asked every {@link #PROBE_INTERVAL}th time. */
    static final int FAILURES_BEFORE_THROTTLE = 3;
    static final int PROBE_INTERVAL = 100;
    /**
     * From this many names of one directory wanted in one batch, the directory is listed: an
     * incremental run's few changed names in a big directory are cheaper asked one by one.
     */
    static final int NAMES_WORTH_A_LISTING = 4;
    private static final int LISTED_REMEMBERED = 100_000;

    private static final byte[] ROOT = new byte[0];
    private static final byte[] PLAIN_CONFIG = NameTransform.REVERSE_CONFIG_NAME.getBytes(StandardCharsets.US_ASCII);

    private final PathDecryptor decryptor;
    private final NameJournal journal;
    private final Map<String, Plain> cache;
    /** Directories already listed: what is still missing in them is asked for path by path. */
    private final Set<String> listed = new HashSet<>();
    private boolean canList = true;
    private int consecutiveIoFailures;
    private int skippedSinceProbe;
    private String lastIoFailure = "";

    public PathDecoder(PathDecryptor decryptor, NameJournal journal) {
        this(decryptor, journal, DEFAULT_CACHE_ENTRIES);
    }

    public PathDecoder(PathDecryptor decryptor, NameJournal journal, int cacheEntries) {
        this.decryptor = Objects.requireNonNull(decryptor, "decryptor");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.cache = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Plain> eldest) {
                return size() > cacheEntries;
            }
        };
    }

    /**
     * Decodes a relative cipher path given as bytes with rsync's escapes already undone. A
     * trailing {@code /} marks a directory; {@code ./}, {@code .} and the empty path are the root.
     */
    public synchronized PathDecoding decode(byte[] cipherPathBytes) {
        String path = asciiOrNull(cipherPathBytes);
        if (path == null) {
            return new Failed("not a cipher path (bytes outside ASCII)");
        }
        boolean directory = path.endsWith("/");
        String body = directory ? path.substring(0, path.length() - 1) : path;
        if (body.isEmpty() || body.equals(".")) {
            return new Decoded(ROOT, true, VirtualEntry.NONE, true, false);
        }
        if (body.startsWith("/")) {
            return new Failed("not a relative path");
        }
        int slash = body.lastIndexOf('/');
        String parent = slash < 0 ? "" : body.substring(0, slash);
        String name = body.substring(slash + 1);
        for (String component : body.split("/", -1)) {
            if (component.isEmpty() || component.equals(".") || component.equals("..")) {
                return new Failed("not a cipher path (empty, . or .. component)");
            }
        }

        if (name.equals(NameTransform.DIRIV_NAME)) {
            return decodeEntry(parent).asDecoded(true, VirtualEntry.DIR_IV);
        }
        if (name.equals(NameTransform.CONFIG_NAME) && parent.isEmpty()) {
            return new Decoded(PLAIN_CONFIG, false, VirtualEntry.CONFIG, true, false);
        }
        if (NameTransform.isHashedLongNameFile(name)) {
            String longEntry = body.substring(0, body.length() - NameTransform.LONGNAME_SUFFIX.length());
            return decodeEntry(longEntry).asDecoded(false, VirtualEntry.LONG_NAME_FILE);
        }
        return decodeEntry(body).asDecoded(directory, VirtualEntry.NONE);
    }

    /**
     * Asks for many paths in one go and caches the answers, so that decoding them afterwards
     * costs no round trip each: the runner calls this with the lines it has read and not yet
     * decoded. Paths already known, virtual names and failures are left to {@link #decode}.
     */
    public synchronized void prefetch(List<byte[]> cipherPaths) {
        List<String> wanted = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (byte[] bytes : cipherPaths) {
            String path = asciiOrNull(bytes);
            if (path == null) {
                continue;
            }
            String body = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            String name = body.substring(body.lastIndexOf('/') + 1);
            if (body.isEmpty() || body.equals(".") || body.startsWith("/") || name.equals(NameTransform.DIRIV_NAME)
                    || name.equals(NameTransform.CONFIG_NAME) || NameTransform.isHashedLongNameFile(name) || cache.containsKey(body)) {
                continue;
            }
            if (seen.add(body)) {
                wanted.add(body);
            }
        }
        if (wanted.isEmpty() || consecutiveIoFailures >= FAILURES_BEFORE_THROTTLE) {
            return;
        }
        if (canList) {
            wanted = listWhereWorthIt(wanted);
            if (wanted.isEmpty()) {
                return;
            }
        }
        List<PathDecryptor.Plaintext> answers;
        try {
            answers = decryptor.decryptMany(wanted);
        } catch (IOException e) {
            return; // decode() asks again, one by one, and says what went wrong
        }
        for (int i = 0; i < wanted.size() && i < answers.size(); i++) {
            PathDecryptor.Plaintext answer = answers.get(i);
            if (answer == null) {
                continue;
            }
            String[] cipherComponents = wanted.get(i).split("/");
            List<byte[]> plainPrefixes = prefixes(answer.path());
            if (plainPrefixes.size() == cipherComponents.length) {
                remember(cipherComponents, plainPrefixes, answer.exact());
            }
        }
    }

    /** Lists the directories of which many names are wanted; returns the paths still wanted. */
    private List<String> listWhereWorthIt(List<String> wanted) {
        Map<String, Integer> perDirectory = new LinkedHashMap<>();
        for (String path : wanted) {
            perDirectory.merge(parentOf(path), 1, Integer::sum);
        }
        boolean listedAny = false;
        for (Map.Entry<String, Integer> d : perDirectory.entrySet()) {
            if (d.getValue() < NAMES_WORTH_A_LISTING || listed.contains(d.getKey())) {
                continue;
            }
            CtlListing listing;
            try {
                listing = decryptor.listDirectory(d.getKey());
            } catch (TranslationException e) {
                continue; // e.g. the directory is gone: its names are asked for one by one
            } catch (IOException e) {
                return wanted; // decryptMany meets the same trouble and decode() says what it is
            }
            if (listing == null) {
                canList = false; // not revcrypt's socket
                return wanted;
            }
            if (listed.size() >= LISTED_REMEMBERED) {
                listed.clear();
            }
            listed.add(d.getKey());
            listedAny |= rememberListing(d.getKey(), listing);
        }
        if (!listedAny) {
            return wanted;
        }
        List<String> rest = new ArrayList<>();
        for (String path : wanted) {
            if (!cache.containsKey(path)) {
                rest.add(path); // not in the listing: deleted from the source, or made since
            }
        }
        return rest;
    }

    /** Caches a listed directory and its named entries (journaling those through hashed long names). */
    private boolean rememberListing(String cipherDir, CtlListing listing) {
        String[] dirComponents = cipherDir.isEmpty() ? new String[0] : cipherDir.split("/");
        byte[] plainDir = listing.directory().path();
        List<byte[]> dirPrefixes = plainDir.length == 0 ? List.of() : prefixes(plainDir);
        if (dirPrefixes.size() != dirComponents.length) {
            return false; // not a well-formed answer
        }
        if (dirComponents.length > 0) {
            remember(dirComponents, dirPrefixes, listing.directory().exact());
        }
        boolean dirExact = listing.directory().exact() || !containsReplacementCharacter(plainDir);
        boolean dirThroughLongName = false;
        for (String c : dirComponents) {
            dirThroughLongName |= NameTransform.isHashedLongName(c);
        }
        String prefix = cipherDir.isEmpty() ? "" : cipherDir + "/";
        for (CtlListing.Entry e : listing.entries()) {
            byte[] name = e.plainName();
            if (name == null || name.length == 0 || indexOf(name, (byte) '/') >= 0) {
                continue; // a virtual entry (decode() knows those), or not a name
            }
            byte[] plain = name;
            if (plainDir.length > 0) {
                plain = Arrays.copyOf(plainDir, plainDir.length + 1 + name.length);
                plain[plainDir.length] = '/';
                System.arraycopy(name, 0, plain, plainDir.length + 1, name.length);
            }
            boolean exact = dirExact && (e.exact() || !containsReplacementCharacter(name));
            boolean throughLongName = dirThroughLongName || NameTransform.isHashedLongName(e.cipherName());
            cacheTranslation(prefix + e.cipherName(), plain, exact, throughLongName);
        }
        return true;
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Plaintext of a real entry (or the root, for {@code ""}). */
    private Lookup decodeEntry(String cipherPath) {
        if (cipherPath.isEmpty()) {
            return Lookup.found(new Plain(ROOT, true, false));
        }
        Plain cached = cache.get(cipherPath);
        if (cached != null) {
            return Lookup.found(cached);
        }
        String failure = askSocket(cipherPath);
        if (failure == null) {
            return Lookup.found(cache.get(cipherPath));
        }
        return journal.lookup(cipherPath)
                .map(plain -> Lookup.found(new Plain(plain, true, true)))
                .orElseGet(() -> Lookup.failed(failure));
    }

    /** Asks the socket and caches the answer; returns why not, or null on success. */
    private String askSocket(String cipherPath) {
        if (consecutiveIoFailures >= FAILURES_BEFORE_THROTTLE && ++skippedSinceProbe < PROBE_INTERVAL) {
            return "control socket unavailable (" + lastIoFailure + ")";
        }
        skippedSinceProbe = 0;
        PathDecryptor.Plaintext answer;
        try {
            answer = decryptor.decrypt(cipherPath);
            consecutiveIoFailures = 0;
        } catch (TranslationException e) {
            consecutiveIoFailures = 0;
            return e.errText() + " (errno " + e.errNo() + ")";
        } catch (IOException e) {
            consecutiveIoFailures++;
            lastIoFailure = String.valueOf(e.getMessage());
            return "control socket: " + lastIoFailure;
        }
        String[] cipherComponents = cipherPath.split("/");
        List<byte[]> plainPrefixes = prefixes(answer.path());
        if (plainPrefixes.size() != cipherComponents.length) {
            return "control socket answered " + plainPrefixes.size() + " components for "
                    + cipherComponents.length;
        }
        remember(cipherComponents, plainPrefixes, answer.exact());
        return null;
    }

    /**
     * Caches the path and each parent; journals those that go through a hashed long name.
     * An approximate name is cached for this run but never journaled, so that it cannot come
     * back later looking exact.
     */
    private void remember(String[] cipherComponents, List<byte[]> plainPrefixes, boolean exact) {
        StringBuilder cipherPrefix = new StringBuilder();
        boolean throughLongName = false;
        for (int i = 0; i < cipherComponents.length; i++) {
            if (i > 0) {
                cipherPrefix.append('/');
            }
            cipherPrefix.append(cipherComponents[i]);
            throughLongName |= NameTransform.isHashedLongName(cipherComponents[i]);
            byte[] plain = plainPrefixes.get(i);
            boolean prefixExact = exact || !containsReplacementCharacter(plain);
            cacheTranslation(cipherPrefix.toString(), plain, prefixExact, throughLongName);
        }
    }

    /** Caches one translation; an exact one through a hashed long name is journaled too. */
    private void cacheTranslation(String cipherPath, byte[] plain, boolean exact, boolean throughLongName) {
        cache.put(cipherPath, new Plain(plain, exact, false));
        if (throughLongName && exact) {
            journal.record(cipherPath, plain);
        }
    }

    /** {@code a/b/c} → {@code a}, {@code a/b}, {@code a/b/c}; an empty component makes the list shorter. */
    private static List<byte[]> prefixes(byte[] plainPath) {
        List<byte[]> prefixes = new ArrayList<>();
        ByteArrayOutputStream prefix = new ByteArrayOutputStream(plainPath.length);
        int componentStart = 0;
        for (int i = 0; i <= plainPath.length; i++) {
            if (i == plainPath.length || plainPath[i] == '/') {
                if (i == componentStart) {
                    return List.of(); // empty component: not a well-formed answer
                }
                prefix.write(plainPath, componentStart, i - componentStart);
                prefixes.add(prefix.toByteArray());
                prefix.write('/');
                componentStart = i + 1;
            }
        }
        return prefixes;
    }

    private static boolean containsReplacementCharacter(byte[] s) {
        for (int i = 0; i + 2 < s.length; i++) {
            if ((s[i] & 0xFF) == 0xEF && (s[i + 1] & 0xFF) == 0xBF && (s[i + 2] & 0xFF) == 0xBD) {
                return true;
            }
        }
        return false;
    }

    private static String asciiOrNull(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7E) { // negative bytes are >= 0x80
                return null;
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private record Plain(byte[] path, boolean exact, boolean fromJournal) {
    }

    private record Lookup(Plain plain, String failure) {
        static Lookup found(Plain plain) {
            return new Lookup(plain, null);
        }

        static Lookup failed(String failure) {
            return new Lookup(null, failure);
        }

        PathDecoding asDecoded(boolean directory, VirtualEntry virtual) {
            if (plain == null) {
                return new Failed(failure);
            }
            return new Decoded(plain.path().clone(), directory, virtual, plain.exact(), plain.fromJournal());
        }
    }
}
