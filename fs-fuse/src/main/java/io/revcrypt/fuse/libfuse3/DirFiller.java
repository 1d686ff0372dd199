package io.revcrypt.fuse.libfuse3;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Type;

/**
 * Calls the {@code fuse_fill_dir_t} libfuse hands to readdir (libfuse 3.14 {@code include/fuse.h}):
 * {@code int filler(void *buf, const char *name, const struct stat *stbuf, off_t off, enum
 * fuse_fill_dir_flags flags)}, returning 1 when the reply buffer is full. A direct jffi call on
 * the function pointer: no jnr-ffi proxy, nothing allocated.
 */
public final class DirFiller {

    private static final CallContext SIGNATURE = CallContext.getCallContext(Type.SINT,
            new Type[] {Type.POINTER, Type.POINTER, Type.POINTER, Type.SLONG_LONG, Type.SINT},
            CallingConvention.DEFAULT, false);
    private static final Invoker INVOKER = Invoker.getInstance();

    private DirFiller() {
    }

    /**
     * Adds one entry. {@code stat} may be 0 (no attributes); {@code offset} is the offset of the
     * next entry (non-zero, so that libfuse sends each reply as it fills and asks us again).
     *
     * @return true if the entry was added, false if the reply is full (call again from this entry)
     */
    public static boolean fill(long filler, long buf, long name, long stat, long offset, int flags) {
        return (int) INVOKER.invokeN5(SIGNATURE, filler, buf, name, stat, offset, flags) == 0;
    }
}
