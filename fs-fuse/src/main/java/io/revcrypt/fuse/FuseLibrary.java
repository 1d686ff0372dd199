package io.revcrypt.fuse;

import jnr.ffi.LibraryLoader;
import ru.serce.jnrfuse.LibFuse;
import ru.serce.jnrfuse.struct.FuseOperations;

/** Loads libfuse and jnr-fuse's structures ahead of time (see the command line's warm-up). */
public final class FuseLibrary {

    private FuseLibrary() {
    }

    public static void load() {
        LibraryLoader.create(LibFuse.class).failImmediately().load("fuse");
        new FuseOperations(jnr.ffi.Runtime.getSystemRuntime());
    }
}
