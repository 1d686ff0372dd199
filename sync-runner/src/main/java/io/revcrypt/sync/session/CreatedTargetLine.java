package io.revcrypt.sync.session;

import io.revcrypt.sync.decode.DecodedEvent;
import io.revcrypt.sync.decode.RsyncEscapes;
import io.revcrypt.sync.decode.RsyncEvent;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * rsync's {@code created directory X}, which it prints (also under {@code --dry-run}) when the
 * transfer's own target X does not exist yet and it makes it: for a sync that is DEST's
 * bookkeeping (DEST itself on a first run, {@code DEST/.inprogress} for every snapshot), not an
 * entry of the person's. It is only ever the target: the person's own new directories are
 * itemized ({@code cd+++++++++ dir/}), so hiding exactly this line hides nothing of theirs.
 */
public final class CreatedTargetLine implements Predicate<DecodedEvent> {

    private static final String PREFIX = "created directory ";

    /** The line as rsync prints it, raw text (one char per byte). */
    private final String line;

    private CreatedTargetLine(String line) {
        this.line = line;
    }

    /**
     * The line for rsync's target argument {@code target}: a local path, or {@code host:path}, of
     * which the receiver names the path; rsync drops trailing slashes.
     */
    public static CreatedTargetLine of(String target) {
        String path = target.startsWith("/") || target.indexOf(':') < 0 ? target : target.substring(target.indexOf(':') + 1);
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new CreatedTargetLine(PREFIX + RsyncEscapes.rawText(path.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public boolean test(DecodedEvent event) {
        return event.event() instanceof RsyncEvent.Other other && other.text().equals(line);
    }
}
