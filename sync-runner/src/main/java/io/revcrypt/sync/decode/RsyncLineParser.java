package io.revcrypt.sync.decode;

import io.revcrypt.sync.decode.RsyncEvent.Deleted;
import io.revcrypt.sync.decode.RsyncEvent.ExitMessage;
import io.revcrypt.sync.decode.RsyncEvent.Itemized;
import io.revcrypt.sync.decode.RsyncEvent.LinkKind;
import io.revcrypt.sync.decode.RsyncEvent.LinkTarget;
import io.revcrypt.sync.decode.RsyncEvent.Listed;
import io.revcrypt.sync.decode.RsyncEvent.MessageKind;
import io.revcrypt.sync.decode.RsyncEvent.Other;
import io.revcrypt.sync.decode.RsyncEvent.PathMessage;
import io.revcrypt.sync.decode.RsyncEvent.Progress;
import io.revcrypt.sync.decode.RsyncEvent.Stats;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies one segment of rsync output (no {@code \n} or {@code \r} in it). Pure: no I/O,
 * no state, thread-safe.
 *
 * <p>Our runner pins {@code --out-format=%i<TAB>%n%L}, so an item line is split at its first
 * TAB and never on spaces or by column: flags are 11 characters in rsync 3.5.0 and 12 in some
 * other builds, and may themselves contain spaces ({@code .f         } under {@code -ii}).
 * rsync's default {@code %i %n%L} is understood as a fallback. Cipher names contain no spaces,
 * so {@code " -> "} and {@code " => "} after a cipher path can only be rsync's link arrows.
 */
public final class RsyncLineParser {

    private static final Pattern DELETING_TAB = Pattern.compile("(\\*deleting *\t)(.*)", Pattern.DOTALL);
    private static final Pattern ITEMIZED_TAB =
            Pattern.compile("([<>ch.][fdLDS][ .+?a-zA-Z]{7,11})(\t)(.*)", Pattern.DOTALL);
    private static final Pattern DELETING_SPACE = Pattern.compile("(\\*deleting +)(\\S.*)", Pattern.DOTALL);
    private static final Pattern ITEMIZED_SPACE =
            Pattern.compile("([<>ch.][fdLDS](?:[.+?a-zA-Z]{9,10}| {9,10}))( )(\\S.*)", Pattern.DOTALL);
    private static final Pattern VERBOSE_DELETING = Pattern.compile("(deleting )(\\S.*)", Pattern.DOTALL);

    /**
     * {@code "      8,290,361  98%    1.95MB/s    0:00:00 (xfr#2, to-chk=6/9)"}, with the
     * padding rsync adds to overwrite a longer previous update. Also {@code --progress}'s
     * per-file form and {@code -h} sizes.
     */
    private static final Pattern PROGRESS = Pattern.compile(
            " *[0-9][0-9.,]*[A-Za-z]? +[0-9]{1,3}% +[0-9][0-9.,]*[A-Za-z]*/s +[0-9?:-]+(?: \\([^)]*\\))? *");

    private static final Pattern EXIT_MESSAGE =
            Pattern.compile("rsync (error|warning): .* \\(code ([0-9]+)\\).*", Pattern.DOTALL);

    private static final Pattern SKIPPED = Pattern.compile("(skipping non-regular file \")(.*)(\")", Pattern.DOTALL);
    private static final Pattern VANISHED = Pattern.compile("(.*?file has vanished: \")(.*)(\")", Pattern.DOTALL);
    private static final Pattern NOT_DELETED =
            Pattern.compile("(cannot delete non-empty directory: )(.+)()", Pattern.DOTALL);
    /** {@code rsync: [sender] send_files failed to open "/mnt/x": …}, {@code readlink_stat("/mnt/x") failed…}. */
    private static final Pattern RSYNC_PATH_ERROR = Pattern.compile("(rsync: [^\"]*\")([^\"]*)(\".*)", Pattern.DOTALL);

    private static final Pattern STATS = Pattern.compile(
            "(?:sent [0-9.,]+[A-Za-z]? bytes |total size is |Number of |Total |Literal data: |Matched data: "
                    + "|File list |(?:sending|receiving) incremental file list$|building file list).*",
            Pattern.DOTALL);

    /**
     * Whether a segment is a whole progress update and nothing else: such a segment can be
     * shown before its terminator arrives (rsync ends an update by starting the next one).
     */
    public static boolean isProgressUpdate(String segment) {
        return PROGRESS.matcher(segment).matches();
    }

    /** Classifies one segment given as raw text (see {@link RsyncEscapes}). */
    public RsyncEvent parse(String segment) {
        if (segment.isEmpty()) {
            return new Other(segment);
        }
        Matcher m = PROGRESS.matcher(segment);
        if (m.lookingAt()) {
            String rest = segment.substring(m.end());
            return new Progress(m.group(), rest.isEmpty() ? Optional.empty() : Optional.of(parse(rest)));
        }
        if ((m = DELETING_TAB.matcher(segment)).matches()) {
            return new Deleted(m.group(1), m.group(2));
        }
        if ((m = ITEMIZED_TAB.matcher(segment)).matches()) {
            return itemized(m);
        }
        if ((m = EXIT_MESSAGE.matcher(segment)).matches()) {
            return new ExitMessage(m.group(1).equals("warning"), Integer.parseInt(m.group(2)), segment);
        }
        RsyncEvent message = pathMessage(segment);
        if (message != null) {
            return message;
        }
        if (STATS.matcher(segment).matches()) {
            return new Stats(segment);
        }
        if ((m = DELETING_SPACE.matcher(segment)).matches()) {
            return new Deleted(m.group(1), m.group(2));
        }
        if ((m = ITEMIZED_SPACE.matcher(segment)).matches()) {
            return itemized(m);
        }
        if ((m = VERBOSE_DELETING.matcher(segment)).matches() && CipherNames.looksLikeCipherPath(m.group(2))) {
            return new Deleted(m.group(1), m.group(2));
        }
        RsyncEvent listed = listed(segment);
        return listed != null ? listed : new Other(segment);
    }

    private static Itemized itemized(Matcher m) {
        String flags = m.group(1);
        String rest = m.group(3);
        LinkKind kind = flags.charAt(0) == 'h' ? LinkKind.HARD_LINK
                : flags.charAt(1) == 'L' ? LinkKind.SYMLINK
                : null;
        if (kind != null) {
            int arrow = rest.indexOf(kind.arrow());
            if (arrow >= 0) {
                return new Itemized(flags, m.group(2), rest.substring(0, arrow),
                        Optional.of(new LinkTarget(kind, rest.substring(arrow + kind.arrow().length()))));
            }
        }
        return new Itemized(flags, m.group(2), rest, Optional.empty());
    }

    private static RsyncEvent pathMessage(String segment) {
        Matcher m;
        if ((m = SKIPPED.matcher(segment)).matches()) {
            return pathMessage(MessageKind.SKIPPED_NON_REGULAR, m);
        }
        if ((m = VANISHED.matcher(segment)).matches()) {
            return pathMessage(MessageKind.VANISHED, m);
        }
        if ((m = NOT_DELETED.matcher(segment)).matches()) {
            return pathMessage(MessageKind.NOT_DELETED, m);
        }
        if ((m = RSYNC_PATH_ERROR.matcher(segment)).matches()) {
            boolean destination = segment.startsWith("rsync: [receiver] ") || segment.startsWith("rsync: [generator] ");
            return pathMessage(destination ? MessageKind.DESTINATION_ERROR : MessageKind.ERROR, m);
        }
        return null;
    }

    private static PathMessage pathMessage(MessageKind kind, Matcher m) {
        return new PathMessage(kind, m.group(1), m.group(2), m.group(3));
    }

    /** A {@code -v} name: only if everything before a link arrow is a cipher path. */
    private static Listed listed(String segment) {
        for (LinkKind kind : LinkKind.values()) {
            int arrow = segment.indexOf(kind.arrow());
            if (arrow > 0 && CipherNames.looksLikeCipherPath(segment.substring(0, arrow))) {
                return new Listed(segment.substring(0, arrow),
                        Optional.of(new LinkTarget(kind, segment.substring(arrow + kind.arrow().length()))));
            }
        }
        return CipherNames.looksLikeCipherPath(segment) ? new Listed(segment, Optional.empty()) : null;
    }
}
