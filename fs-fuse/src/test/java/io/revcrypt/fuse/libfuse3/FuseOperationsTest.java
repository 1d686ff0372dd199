package io.revcrypt.fuse.libfuse3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Exactly our callbacks are bound, each in its 3.14 slot; everything else stays NULL. */
class FuseOperationsTest {

    private static final Set<String> BOUND = Set.of("getattr", "readlink", "open", "read", "statfs", "release",
            "getxattr", "listxattr", "opendir", "readdir", "releasedir", "init", "access");

    @Test
    void onlyOurCallbacksAreBound() {
        try (FuseOperations ops = FuseOperations.of(new NullFs())) {
            for (int slot = 0; slot < Layout.Operations.SLOTS; slot++) {
                String name = LayoutTest.OPERATIONS.get(slot);
                if (BOUND.contains(name)) {
                    assertNotEquals(0, ops.slot(slot), name + " is bound");
                } else {
                    assertEquals(0, ops.slot(slot), name + " stays NULL (flush and every write among them)");
                }
            }
        }
    }

    @Test
    void warmUpGeneratesTheGlueWithoutLibfuse() {
        FuseOperations.warmUp();
    }

    /** Answers 0 everywhere. */
    static final class NullFs implements FuseFilesystem {
        @Override
        public int getattr(long path, long stat, long fi) {
            return 0;
        }

        @Override
        public int readlink(long path, long buf, long size) {
            return 0;
        }

        @Override
        public int open(long path, long fi) {
            return 0;
        }

        @Override
        public int read(long path, long buf, long size, long offset, long fi) {
            return 0;
        }

        @Override
        public int statfs(long path, long statvfs) {
            return 0;
        }

        @Override
        public int getxattr(long path, long name, long value, long size) {
            return 0;
        }

        @Override
        public int listxattr(long path, long list, long size) {
            return 0;
        }

        @Override
        public int readdir(long path, long buf, long filler, long offset, long fi, int flags) {
            return 0;
        }

        @Override
        public long init(long conn, long cfg) {
            return 0;
        }

        @Override
        public int access(long path, int mask) {
            return 0;
        }

        @Override
        public int release(long path, long fi) {
            return 0;
        }

        @Override
        public int opendir(long path, long fi) {
            return 0;
        }

        @Override
        public int releasedir(long path, long fi) {
            return 0;
        }
    }
}
