package io.revcrypt.fuse;

import io.revcrypt.fuse.libfuse3.FuseOperations;
import io.revcrypt.fuse.libfuse3.LibFuse3;

/** Loads libfuse 3 and jnr-ffi's callback glue ahead of time (see the command line's warm-up). */
public final class FuseLibrary {

    private FuseLibrary() {
    }

    /** Loads {@code libfuse3.so.3} and generates the callback classes; throws if the library is missing. */
    public static void load() {
        LibFuse3.get().fuse_version();
        FuseOperations.warmUp();
    }
}
