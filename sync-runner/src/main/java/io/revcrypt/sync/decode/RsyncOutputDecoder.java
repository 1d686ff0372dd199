package io.revcrypt.sync.decode;

import io.revcrypt.core.format.NameTransform;
import io.revcrypt.sync.decode.PathDecoding.Decoded;
import io.revcrypt.sync.decode.PathDecoding.Failed;
import io.revcrypt.sync.decode.RsyncEvent.Deleted;
import io.revcrypt.sync.decode.RsyncEvent.ExitMessage;
import io.revcrypt.sync.decode.RsyncEvent.Itemized;
import io.revcrypt.sync.decode.RsyncEvent.LinkKind;
import io.revcrypt.sync.decode.RsyncEvent.LinkTarget;
import io.revcrypt.sync.decode.RsyncEvent.Listed;
import io.revcrypt.sync.decode.RsyncEvent.PathMessage;
import io.revcrypt.sync.decode.RsyncEvent.Progress;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns rsync's output over the encrypted view into the same output with plaintext paths.
 *
 * <p>Each line keeps its shape: only the paths change (plus symlink targets, when a
 * {@link SymlinkTargetResolver} can read them). Plaintext is printed with rsync's own
 * {@code \#ooo} escaping, so one entry is always one line. gocryptfs's virtual files are shown
 * as what they belong to, followed by a marker, e.g. {@code docs/ [dir IV]},
 * {@code .gocryptfs.reverse.conf [config]}, {@code docs/<long name> [long-name file]}.
 *
 * <p>A line with a path that cannot be decoded is printed as it came, followed by two spaces
 * and {@code [not decoded: <reason>]}; it is never dropped. Nothing escapes
 * {@link #decodeLine}: an unexpected failure is reported the same way.
 *
 * <p>Thread-safe: the stdout and the stderr pump may share one instance.
 */
public final class RsyncOutputDecoder {

    /**
     * The decoder of an rsync that reads the view mounted at {@code mountPoint} of the plaintext
     * tree {@code source}: paths are decoded with {@code paths}, and symlink targets are shown as
     * the plaintext tree has them.
     */
    public static RsyncOutputDecoder ofView(PathDecoder paths, Path mountPoint, Path source) {
        return builder(paths).mountPoint(mountPoint).sourceRoot(source)
                .symlinkTargets(SymlinkTargetResolver.underPlainRoot(source)).build();
    }

    /** Starts the mark of a line printed as it came. */
    public static final String NOT_DECODED_MARK = "  [not decoded: ";

    private final RsyncLineParser parser = new RsyncLineParser();
    private final PathDecoder paths;
    private final SymlinkTargetResolver symlinks;
    private final MessagePaths messagePaths;
    private final DecodeListener listener;
    private final DecodeSummary summary = new DecodeSummary();

    private RsyncOutputDecoder(Builder builder) {
        this.paths = builder.paths;
        this.symlinks = builder.symlinks;
        this.messagePaths = new MessagePaths(builder.mountPoint, builder.sourceRoot);
        this.listener = builder.listener;
    }

    public static Builder builder(PathDecoder paths) {
        return new Builder(paths);
    }

    /**
     * Decodes one line given as raw text (one char per byte, see {@link RsyncEscapes}) without
     * its line terminator. {@code \r} and {@code \n} inside are kept and the pieces between them
     * decoded separately, so a run of progress updates stays one run.
     *
     * @return the line to print (Unicode text; encode it as UTF-8)
     */
    public String decodeLine(String rawLine) {
        return decodeLine(RsyncEscapes.rawBytes(rawLine));
    }

    /** {@link #decodeLine(String)} for the line's bytes; split by the {@link DecodeFilter}, as rsync's output is. */
    public String decodeLine(byte[] rawLine) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rawLine.length + 32);
        try {
            new DecodeFilter(this).run(new ByteArrayInputStream(rawLine), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Decodes the segments one read of rsync's output completed (none holds a terminator),
     * classifying each once. With {@code lookAhead} the paths of all of them are asked for in one
     * go first (see {@link PathDecoder#prefetch}), so that decoding them finds them cached: one
     * round trip to the control socket per read instead of one per line. Never fails.
     */
    public List<DecodedEvent> decodeSegments(List<byte[]> segments, boolean lookAhead) {
        List<Parsed> parsed = new ArrayList<>(segments.size());
        for (byte[] segment : segments) {
            parsed.add(parse(segment));
        }
        if (lookAhead) {
            prefetch(parsed);
        }
        List<DecodedEvent> decoded = new ArrayList<>(parsed.size());
        for (Parsed p : parsed) {
            decoded.add(render(p));
        }
        return decoded;
    }

    /** Decodes one segment (no terminator in it). Never fails. */
    public DecodedEvent decodeSegment(byte[] segment) {
        return render(parse(segment));
    }

    private void prefetch(List<Parsed> parsed) {
        List<byte[]> cipherPaths = new ArrayList<>(parsed.size());
        for (Parsed p : parsed) {
            try {
                if (p.event() instanceof Itemized item) {
                    cipherPaths.add(RsyncEscapes.unescape(item.path()));
                } else if (p.event() instanceof Deleted deleted) {
                    cipherPaths.add(RsyncEscapes.unescape(deleted.path()));
                }
            } catch (RuntimeException e) {
                // a path that does not unescape is decoded (and reported) on its own later
            }
        }
        if (!cipherPaths.isEmpty()) {
            this.paths.prefetch(cipherPaths);
        }
    }

    /** Counts and paths seen so far. */
    public DecodeSummary summary() {
        return summary;
    }

    /** A segment and what the parser made of it: {@code event}, or the {@code failure} that stopped it. */
    private record Parsed(byte[] segment, RsyncEvent event, RuntimeException failure) {
    }

    private Parsed parse(byte[] segment) {
        try {
            return new Parsed(segment, parser.parse(RsyncEscapes.rawText(segment)), null);
        } catch (RuntimeException e) {
            return new Parsed(segment, null, e);
        }
    }

    private DecodedEvent render(Parsed parsed) {
        if (parsed.event() == null) {
            String output = asItCame(parsed.segment(), "internal error: " + parsed.failure());
            return new DecodedEvent(new RsyncEvent.Other(RsyncEscapes.rawText(parsed.segment())), output);
        }
        RsyncEvent event = parsed.event();
        String output;
        Optional<PlainNames> plain = Optional.empty();
        try {
            Rendered rendered = render(event);
            output = rendered.text();
            plain = rendered.plain();
        } catch (Undecodable e) {
            output = asItCame(parsed.segment(), e.getMessage());
        } catch (RuntimeException e) {
            output = asItCame(parsed.segment(), "internal error: " + e);
        }
        try {
            listener.onLine(event, output);
        } catch (RuntimeException ignored) {
            // a listener's failure must not cost the person their output
        }
        return new DecodedEvent(event, output, plain);
    }

    /** What the decoder prints for a segment, and the plaintext path in it as parts. */
    private record Rendered(String text, Optional<PlainNames> plain) {
        static Rendered text(String text) {
            return new Rendered(text, Optional.empty());
        }
    }

    private String asItCame(byte[] segment, String reason) {
        summary.countUndecoded();
        return RsyncEscapes.displayAsIs(segment) + NOT_DECODED_MARK + reason + "]";
    }

    private Rendered render(RsyncEvent event) throws Undecodable {
        if (event instanceof Itemized item) {
            return renderItemized(item);
        }
        if (event instanceof Deleted deleted) {
            return renderDeleted(deleted);
        }
        if (event instanceof Listed listed) {
            return renderListed(listed);
        }
        if (event instanceof PathMessage message) {
            return renderMessage(message);
        }
        if (event instanceof Progress progress) {
            Rendered rest = progress.then().isPresent() ? render(progress.then().get()) : Rendered.text("");
            return new Rendered(RsyncEscapes.displayAsIs(progress.text()) + rest.text(), rest.plain());
        }
        if (event instanceof ExitMessage exit) {
            summary.exitMessage(exit.code());
            return Rendered.text(RsyncEscapes.displayAsIs(exit.text()));
        }
        if (event instanceof RsyncEvent.Stats stats) {
            return Rendered.text(RsyncEscapes.displayAsIs(stats.text()));
        }
        return Rendered.text(RsyncEscapes.displayAsIs(((RsyncEvent.Other) event).text()));
    }

    private Rendered renderItemized(Itemized item) throws Undecodable {
        byte[] cipherPath = RsyncEscapes.unescape(item.path());
        if (!isVirtual(cipherPath)) {
            ItemChange change = ItemChange.of(item.flags());
            summary.countChange(change);
            if (ItemChange.isOwnAttributeChange(item.flags())) {
                summary.countMetadataChange();
            }
            String raw = RsyncEscapes.rawText(cipherPath);
            if (change == ItemChange.CREATED && item.flags().strip().startsWith("cd") && raw.endsWith("/")) {
                summary.directoryCreated(raw.substring(0, raw.length() - 1));
            }
        }
        Decoded path = require(paths.decode(cipherPath));
        Set<String> markers = new LinkedHashSet<>(path.markers());
        Optional<PlainNames.Link> link = renderLink(item.link(), path, markers);
        return new Rendered(item.flags() + item.separator() + path.display() + arrow(link) + suffix(markers),
                Optional.of(PlainNames.of(path, link)));
    }

    private Rendered renderDeleted(Deleted deleted) throws Undecodable {
        byte[] cipherPath = RsyncEscapes.unescape(deleted.path());
        if (!isVirtual(cipherPath)) {
            summary.countChange(ItemChange.DELETED);
        }
        Decoded path = require(paths.decode(cipherPath));
        return new Rendered(RsyncEscapes.displayAsIs(deleted.prefix()) + path.display() + suffix(path.markers()),
                Optional.of(PlainNames.of(path, Optional.empty())));
    }

    private Rendered renderListed(Listed listed) throws Undecodable {
        byte[] cipherPath = RsyncEscapes.unescape(listed.path());
        if (!isVirtual(cipherPath)) {
            summary.countListed();
        }
        Decoded path = require(paths.decode(cipherPath));
        Set<String> markers = new LinkedHashSet<>(path.markers());
        Optional<PlainNames.Link> link = renderLink(listed.link(), path, markers);
        return new Rendered(path.display() + arrow(link) + suffix(markers), Optional.of(PlainNames.of(path, link)));
    }

    private static String arrow(Optional<PlainNames.Link> link) {
        return link.map(l -> l.kind().arrow() + l.target()).orElse("");
    }

    private Optional<PlainNames.Link> renderLink(Optional<LinkTarget> link, Decoded path, Set<String> markers)
            throws Undecodable {
        if (link.isEmpty()) {
            return Optional.empty();
        }
        LinkKind kind = link.get().kind();
        if (kind == LinkKind.SYMLINK) {
            // The target in the view is encrypted data, not a path: only the plaintext tree knows it.
            String target = symlinks.plainTarget(path.plainPath())
                    .map(RsyncEscapes::escape)
                    .orElse(SymlinkTargetResolver.UNRESOLVED);
            return Optional.of(new PlainNames.Link(kind, target));
        }
        Decoded target = require(paths.decode(RsyncEscapes.unescape(link.get().target())));
        markers.addAll(target.markers());
        return Optional.of(new PlainNames.Link(kind, target.display()));
    }

    private Rendered renderMessage(PathMessage message) throws Undecodable {
        byte[] quoted = RsyncEscapes.unescape(message.path());
        Optional<MessagePaths.Split> split = messagePaths.split(quoted);
        if (split.isEmpty()) {
            summary.addMessagePath(message.kind(), RsyncEscapes.escape(quoted));
            return Rendered.text(RsyncEscapes.displayAsIs(message.before() + message.path() + message.after()));
        }
        byte[] cipherPath = split.get().cipherPath();
        PathDecoding decoding = paths.decode(cipherPath);
        if (decoding instanceof Failed) {
            summary.addMessagePath(message.kind(), RsyncEscapes.escape(quoted));
            if (message.kind() == RsyncEvent.MessageKind.VANISHED) {
                vanished(cipherPath, RsyncEscapes.escape(quoted));
            }
        }
        Decoded path = require(decoding);
        String shown = join(split.get().displayPrefix(), path);
        summary.addMessagePath(message.kind(), shown + suffix(path.markers()));
        if (message.kind() == RsyncEvent.MessageKind.VANISHED) {
            vanished(cipherPath, shown);
        }
        return new Rendered(RsyncEscapes.displayAsIs(message.before()) + shown + RsyncEscapes.displayAsIs(message.after())
                + suffix(path.markers()), Optional.of(PlainNames.ofMessage(shown, path)));
    }

    /**
     * rsync skips what vanished; what remains of it in the copy must still be readable. A
     * directory's IV or a long name's {@code .name} file gone makes it unreadable; a directory is
     * recognised at the end, as one rsync created in this run (see {@link DecodeSummary}).
     */
    private void vanished(byte[] cipherPath, String shown) {
        String raw = RsyncEscapes.rawText(cipherPath);
        String name = raw.substring(raw.lastIndexOf('/') + 1);
        boolean metadata = name.equals(NameTransform.DIRIV_NAME) || NameTransform.isHashedLongNameFile(name);
        summary.vanished(raw, shown, metadata);
    }

    /** {@code /src/} + {@code a/b}; the mount point itself shows as the prefix alone (or {@code ./}). */
    private static String join(String prefix, Decoded path) {
        if (path.plainPath().length == 0 && !prefix.isEmpty()) {
            return prefix;
        }
        return prefix + path.display();
    }

    private static Decoded require(PathDecoding decoding) throws Undecodable {
        if (decoding instanceof Decoded decoded) {
            return decoded;
        }
        throw new Undecodable(((Failed) decoding).reason());
    }

    private static String suffix(Iterable<String> markers) {
        StringBuilder out = new StringBuilder();
        for (String marker : markers) {
            out.append(' ').append(marker);
        }
        return out.toString();
    }

    /** gocryptfs's own files, which are not counted as the person's changes. */
    private static boolean isVirtual(byte[] cipherPath) {
        String path = RsyncEscapes.rawText(cipherPath);
        if (path.endsWith("/")) {
            return false;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.equals(NameTransform.DIRIV_NAME) || path.equals(NameTransform.CONFIG_NAME)
                || NameTransform.isHashedLongNameFile(name);
    }

    /** Receives every decoded segment, e.g. to write a log or drive a progress display. */
    @FunctionalInterface
    public interface DecodeListener {
        DecodeListener NONE = (event, printed) -> { };

        /**
         * @param event   what rsync printed (cipher paths)
         * @param printed what the decoder printed for it
         */
        void onLine(RsyncEvent event, String printed);
    }

    /** Options of an {@link RsyncOutputDecoder}. */
    public static final class Builder {
        private final PathDecoder paths;
        private SymlinkTargetResolver symlinks = SymlinkTargetResolver.NONE;
        private Path mountPoint;
        private Path sourceRoot;
        private DecodeListener listener = DecodeListener.NONE;

        private Builder(PathDecoder paths) {
            this.paths = Objects.requireNonNull(paths, "paths");
        }

        /** The view's mount point: stripped from the absolute paths in rsync's error lines. */
        public Builder mountPoint(Path mountPoint) {
            this.mountPoint = mountPoint;
            return this;
        }

        /**
         * The plaintext directory behind the mount: error lines then name
         * {@code <sourceRoot>/<plain path>} where rsync named {@code <mountPoint>/<cipher path>}.
         * Without it they name the path relative to the source.
         */
        public Builder sourceRoot(Path sourceRoot) {
            this.sourceRoot = sourceRoot;
            return this;
        }

        public Builder symlinkTargets(SymlinkTargetResolver symlinks) {
            this.symlinks = Objects.requireNonNull(symlinks, "symlinks");
            return this;
        }

        public Builder listener(DecodeListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public RsyncOutputDecoder build() {
            return new RsyncOutputDecoder(this);
        }
    }

    /** A path in the line has no plaintext; the message is the reason shown to the reader. */
    private static final class Undecodable extends Exception {
        Undecodable(String reason) {
            super(reason, null, false, false);
        }
    }
}
