package io.revcrypt.sync.json;

import io.revcrypt.sync.decode.DecodedEvent;
import io.revcrypt.sync.decode.ItemChange;
import io.revcrypt.sync.decode.PlainNames;
import io.revcrypt.sync.decode.RsyncEvent;
import io.revcrypt.sync.decode.VirtualEntry;
import io.revcrypt.sync.run.SyncRun;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code sync --json}'s events: each line rsync printed (decoded) becomes an {@link ItemEvent} or
 * a {@link MessageEvent}, read from the event's type and its decoded parts, never from the text.
 * Progress updates and rsync's statistics are not events (the summary carries the numbers).
 */
public final class SyncEvents implements SyncRun.Events {

    private final JsonLines out;

    public SyncEvents(JsonLines out) {
        this.out = out;
    }

    @Override
    public void stdoutLine(DecodedEvent line) {
        of(line, false).ifPresent(out::write);
    }

    @Override
    public void stderrLine(DecodedEvent line) {
        of(line, true).ifPresent(out::write);
    }

    /** One of revcrypt's own lines on stderr ({@code revcrypt: …}), as a warning or a notice. */
    public void revcryptLine(String line) {
        String text = line.startsWith("revcrypt: ") ? line.substring("revcrypt: ".length()) : line;
        boolean warning = text.startsWith("warning: ");
        out.write(new MessageEvent(warning ? MessageEvent.WARNING : MessageEvent.NOTICE, "revcrypt", null, null, null,
                warning ? text.substring("warning: ".length()) : text));
    }

    /** The record for one decoded line, or none (statistics, progress, an empty line). */
    static Optional<Object> of(DecodedEvent line, boolean fromStderr) {
        RsyncEvent event = line.event();
        if (event instanceof RsyncEvent.Progress progress) {
            // an item rsync glued to a progress update is the item's event
            return progress.then().map(then -> of(new DecodedEvent(then, line.text(), line.plain()), fromStderr))
                    .orElse(Optional.empty());
        }
        if (event instanceof RsyncEvent.Itemized item) {
            return Optional.of(item(ItemChange.of(item.flags()).name().toLowerCase(Locale.ROOT), item.flags().strip(),
                    entryOf(item.flags()), item.path(), line));
        }
        if (event instanceof RsyncEvent.Deleted deleted) {
            boolean directory = line.plain().map(PlainNames::directory).orElse(deleted.path().endsWith("/"));
            return Optional.of(item("deleted", deleted.prefix().strip(), directory ? "directory" : null, deleted.path(),
                    line));
        }
        if (event instanceof RsyncEvent.Listed listed) {
            return Optional.of(item("listed", null, line.plain().filter(PlainNames::directory).map(p -> "directory")
                    .orElse(null), listed.path(), line));
        }
        if (event instanceof RsyncEvent.PathMessage message) {
            boolean warning = switch (message.kind()) {
                case VANISHED, SKIPPED_NON_REGULAR, NOT_DELETED -> true;
                case ERROR, DESTINATION_ERROR -> false;
            };
            return Optional.of(new MessageEvent(warning ? MessageEvent.WARNING : MessageEvent.ERROR, "rsync",
                    kindOf(message.kind()), line.plain().map(PlainNames::path).orElse(null), null, line.text()));
        }
        if (event instanceof RsyncEvent.ExitMessage exit) {
            return Optional.of(new MessageEvent(exit.warning() ? MessageEvent.WARNING : MessageEvent.ERROR, "rsync",
                    "rsync-exit", null, exit.code(), line.text()));
        }
        if (event instanceof RsyncEvent.Stats || line.text().isBlank()) {
            return Optional.empty();
        }
        // anything else rsync said: on stderr it is trouble (a lost connection, say), on stdout a notice
        return Optional.of(new MessageEvent(fromStderr ? MessageEvent.ERROR : MessageEvent.NOTICE, "rsync", null, null,
                null, line.text()));
    }

    private static ItemEvent item(String change, String flags, String entry, String cipherPath, DecodedEvent line) {
        if (line.plain().isEmpty()) {
            return new ItemEvent(change, flags, entry, null, null, null, null, null, cipherPath, line.text());
        }
        PlainNames plain = line.plain().get();
        Optional<PlainNames.Link> link = plain.link();
        String symlink = link.filter(l -> l.kind() == RsyncEvent.LinkKind.SYMLINK).map(PlainNames.Link::target).orElse(null);
        String hardLink = link.filter(l -> l.kind() == RsyncEvent.LinkKind.HARD_LINK).map(l -> stripSlash(l.target()))
                .orElse(null);
        String virtual = plain.virtual() == VirtualEntry.NONE ? null
                : plain.virtual().marker().substring(1, plain.virtual().marker().length() - 1);
        return new ItemEvent(change, flags, entry, plain.path(), symlink, hardLink, virtual,
                plain.exact() ? null : Boolean.TRUE, null, line.text());
    }

    private static String stripSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The file type letter of {@code YXcstpoguax}. */
    private static String entryOf(String flags) {
        String f = flags.strip();
        if (f.length() < 2) {
            return null;
        }
        return switch (f.charAt(1)) {
            case 'f' -> "file";
            case 'd' -> "directory";
            case 'L' -> "symlink";
            case 'D' -> "device";
            case 'S' -> "special";
            default -> null;
        };
    }

    private static String kindOf(RsyncEvent.MessageKind kind) {
        return switch (kind) {
            case VANISHED -> "vanished";
            case SKIPPED_NON_REGULAR -> "skipped-non-regular";
            case NOT_DELETED -> "not-deleted";
            case ERROR -> "path-error";
            case DESTINATION_ERROR -> "destination-error";
        };
    }
}
