package io.revcrypt.sync.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --exclude}, {@code --exclude-wildcard}, {@code --exclude-from}: gocryptfs's exclusion options. */
final class ExclusionOptions {

    static final String HEADING = "%nWhat to leave out (as gocryptfs -reverse does):%n";

    @Option(names = {"-e", "--exclude"}, paramLabel = "PATH", order = 1, description = "Leave out PATH (relative to SRC).")
    List<String> excludes = new ArrayList<>();

    @Option(names = {"--ew", "--exclude-wildcard"}, paramLabel = "PATTERN", order = 2,
            description = "Leave out what matches PATTERN (gitignore syntax).")
    List<String> wildcards = new ArrayList<>();

    @Option(names = "--exclude-from", paramLabel = "FILE", order = 3,
            description = "Read exclusion patterns from FILE, one per line.")
    List<Path> excludeFrom = new ArrayList<>();

    boolean isEmpty() {
        return excludes.isEmpty() && wildcards.isEmpty() && excludeFrom.isEmpty();
    }
}
