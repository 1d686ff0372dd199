package io.revcrypt.sync.decode;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One segment of rsync output (a line, or a piece between {@code \r}s), classified. Every
 * text field is raw text (one char per byte, see {@link RsyncEscapes}) exactly as rsync
 * printed it, so a segment can always be put back together unchanged; paths are still
 * ciphertext and still carry rsync's {@code \#ooo} escapes.
 */
public sealed interface RsyncEvent {

    /**
     * An {@code --itemize-changes} line: flags such as {@code >f+++++++++}, the separator
     * rsync printed (a TAB with our pinned {@code --out-format}), the path, and for symlinks
     * or hard links what follows the path.
     */
    record Itemized(String flags, String separator, String path, Optional<LinkTarget> link) implements RsyncEvent {
    }

    /**
     * A deletion: {@code *deleting  <TAB>path} under an out-format with {@code %i}, or
     * {@code deleting path} under {@code -v}. {@code prefix} is everything before the path.
     */
    record Deleted(String prefix, String path) implements RsyncEvent {
    }

    /** A bare name as {@code -v} prints it (directories end with {@code /}). */
    record Listed(String path, Optional<LinkTarget> link) implements RsyncEvent {
    }

    /**
     * A message that names one path: {@code before + path + after} is the whole segment. The
     * path may be absolute (rsync quotes the full path through the mount in its errors).
     */
    record PathMessage(MessageKind kind, String before, String path, String after) implements RsyncEvent {
    }

    /**
     * A progress update ({@code --info=progress2} or {@code --progress}); it names no path.
     * rsync sometimes prints the next item right after it without a line break (when the
     * line break went to stderr), so such a glued item is kept as {@code then}.
     */
    record Progress(String text, Optional<RsyncEvent> then) implements RsyncEvent {
    }

    /** {@code rsync error: … (code N) …} or {@code rsync warning: … (code N) …}. */
    record ExitMessage(boolean warning, int code, String text) implements RsyncEvent {
    }

    /** Transfer statistics and list headers ({@code sent … bytes}, {@code Number of files: …}). */
    record Stats(String text) implements RsyncEvent {

        /** N of {@code sent N bytes  received M bytes …}; empty for other lines (and for {@code -h} sizes). */
        public OptionalLong bytesSent() {
            int digits = "sent ".length();
            if (!text.startsWith("sent ")) {
                return OptionalLong.empty();
            }
            int end = numberEnd(digits);
            if (end == digits || !text.startsWith(" bytes", end)) {
                return OptionalLong.empty();
            }
            int received = spacesEnd(end + " bytes".length());
            if (received == end + " bytes".length() || !text.startsWith("received ", received)) {
                return OptionalLong.empty();
            }
            int receivedDigits = received + "received ".length();
            int receivedEnd = numberEnd(receivedDigits);
            if (receivedEnd == receivedDigits || !text.startsWith(" bytes", receivedEnd)) {
                return OptionalLong.empty();
            }
            return number(digits, end);
        }

        /** N of {@code total size is N  speedup is …}; empty for other lines (and for {@code -h} sizes). */
        public OptionalLong totalSize() {
            int digits = "total size is ".length();
            if (!text.startsWith("total size is ")) {
                return OptionalLong.empty();
            }
            int end = numberEnd(digits);
            int speedup = spacesEnd(end);
            if (end == digits || speedup == end || !text.startsWith("speedup is", speedup)) {
                return OptionalLong.empty();
            }
            return number(digits, end);
        }

        /** Where a run of digits and rsync's thousands commas starting at {@code from} ends. */
        private int numberEnd(int from) {
            int i = from;
            while (i < text.length() && (text.charAt(i) == ',' || (text.charAt(i) >= '0' && text.charAt(i) <= '9'))) {
                i++;
            }
            return i;
        }

        private int spacesEnd(int from) {
            int i = from;
            while (i < text.length() && " \t\u000B\f".indexOf(text.charAt(i)) >= 0) {
                i++;
            }
            return i;
        }

        private OptionalLong number(int from, int to) {
            String digits = text.substring(from, to).replace(",", "");
            try {
                return digits.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(digits));
            } catch (NumberFormatException tooBig) {
                return OptionalLong.empty();
            }
        }
    }

    /** Anything else; printed as it came. */
    record Other(String text) implements RsyncEvent {
    }

    /** The kinds of path-naming messages the summary cares about. */
    enum MessageKind {
        /** {@code skipping non-regular file "…"} (FIFOs, sockets, devices under --no-specials/--no-devices). */
        SKIPPED_NON_REGULAR,
        /** {@code file has vanished: "…"}: listed, then gone before it was sent (rsync exit 24). */
        VANISHED,
        /** {@code cannot delete non-empty directory: …}: kept on the destination. */
        NOT_DELETED,
        /** {@code rsync: … "…" …}: an error about that path (rsync exit 23). */
        ERROR,
        /** {@code rsync: [receiver] …}/{@code [generator] …}: the destination could not be written there. */
        DESTINATION_ERROR
    }

    /** What follows a path: {@code -> target} for a symlink, {@code => path} for a hard link. */
    record LinkTarget(LinkKind kind, String target) {
    }

    /** Symlink targets are encrypted data; hard-link targets are paths of the same transfer. */
    enum LinkKind {
        SYMLINK(" -> "),
        HARD_LINK(" => ");

        private final String arrow;

        LinkKind(String arrow) {
            this.arrow = arrow;
        }

        /** The separator rsync prints between the path and the target. */
        public String arrow() {
            return arrow;
        }
    }
}
