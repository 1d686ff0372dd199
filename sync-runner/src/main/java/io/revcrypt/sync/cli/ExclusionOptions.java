package io.revcrypt.sync.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --exclude}, {@code --exclude-wildcard}, {@code --exclude-from}: gocryptfs's exclusion options. */
final class ExclusionOptions {

    @Option(names = {"-e", "--exclude"}, paramLabel = "PATH", description = "Leave out PATH (relative to SRC).")
    List<String> excludes = new ArrayList<>();

    @Option(names = {"--ew", "--exclude-wildcard"}, paramLabel = "PATTERN",
            description = "Leave out what matches PATTERN (gitignore syntax).")
    List<String> wildcards = new ArrayList<>();

    @Option(names = "--exclude-from", paramLabel = "FILE", description = "Read exclusion patterns from FILE, one per line.")
    List<Path> excludeFrom = new ArrayList<>();

    boolean isEmpty() {
        return excludes.isEmpty() && wildcards.isEmpty() && excludeFrom.isEmpty();
    }
}
