package io.revcrypt.fuse;

import io.revcrypt.fuse.libfuse3.FuseOperations;
import io.revcrypt.fuse.libfuse3.LibFuse3;

/** Loads libfuse 3 and jnr-ffi's callback glue ahead of time (see the command line's warm-up). */
public final class FuseLibrary {

    private FuseLibrary() {
    }

    /**
     * Which libfuse this process uses, for {@code --version}: "libfuse 3.14.0 (/lib/…/libfuse3.so.3.14.0)",
     * or why there is none. Never throws: a missing library is an answer here, not an error.
     */
    public static String describe() {
        String version;
        try {
            version = LibFuse3.get().fuse_pkgversion();
        } catch (LinkageError e) {
            // jnr-ffi's message goes on with every path it searched: the first line is the reason
            String reason = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            return "libfuse 3: not found (" + reason + ")";
        }
        return "libfuse " + version + loadedFile().map(f -> " (" + f + ")").orElse("");
    }

    /** The file the dynamic linker mapped: the soname resolved, as the kernel lists it. */
    private static java.util.Optional<String> loadedFile() {
        try (java.util.stream.Stream<String> maps = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/self/maps"))) {
            return maps.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .filter(f -> f.contains("/libfuse3.so")).findFirst();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return java.util.Optional.empty();
        }
    }

    /** Loads {@code libfuse3.so.3} and generates the callback classes; throws if the library is missing. */
    public static void load() {
        LibFuse3.get().fuse_version();
        FuseOperations.warmUp();
    }
}
