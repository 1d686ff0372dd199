package io.revcrypt.core.view;

import io.revcrypt.core.format.FormatOptions;
import java.nio.file.Path;

/**
 * What a reverse view shows.
 *
 * @param plainRoot the plaintext directory
 * @param format naming and content choices (from the config, or gocryptfs's defaults)
 * @param exclusions plaintext paths to leave out
 * @param showConfig show {@code .gocryptfs.reverse.conf} of the root as {@code gocryptfs.conf}
 *                   (false when the config lives elsewhere, as with gocryptfs's {@code -config})
 */
public record ViewOptions(Path plainRoot, FormatOptions format, ExclusionRules exclusions, boolean showConfig) {

    public static ViewOptions defaults(Path plainRoot) {
        return new ViewOptions(plainRoot, FormatOptions.reverseDefaults(), ExclusionRules.none(), true);
    }

    public ViewOptions withFormat(FormatOptions value) {
        return new ViewOptions(plainRoot, value, exclusions, showConfig);
    }

    public ViewOptions withExclusions(ExclusionRules value) {
        return new ViewOptions(plainRoot, format, value, showConfig);
    }

    public ViewOptions withShowConfig(boolean value) {
        return new ViewOptions(plainRoot, format, exclusions, value);
    }
}
