package io.revcrypt.sync.restore;

import io.revcrypt.core.posix.DestFs;
import io.revcrypt.core.posix.PosixException;
import io.revcrypt.core.view.PlainPath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Open descriptors of the destination directories on the current path of a walk: asking for a
 * directory reuses the common prefix with the previous one and opens the rest component by
 * component ({@code O_NOFOLLOW|O_DIRECTORY}), so a symlink in the destination is never followed.
 * For the walking thread only; a descriptor stays valid until the next call.
 */
final class DirHandles implements AutoCloseable {

    private final DestFs fs;
    private final int rootFd;
    private final List<byte[]> names = new ArrayList<>();
    private final List<Integer> fds = new ArrayList<>();

    DirHandles(DestFs fs, int rootFd) {
        this.fs = fs;
        this.rootFd = rootFd;
    }

    int fd(PlainPath dir) throws PosixException {
        int depth = dir.depth();
        int common = 0;
        while (common < names.size() && common < depth && Arrays.equals(names.get(common), dir.component(common))) {
            common++;
        }
        drop(common);
        for (int i = common; i < depth; i++) {
            byte[] name = dir.component(i);
            int parent = i == 0 ? rootFd : fds.get(i - 1);
            int fd = fs.openDir(parent, name);
            names.add(name);
            fds.add(fd);
        }
        return depth == 0 ? rootFd : fds.get(depth - 1);
    }

    /** Forgets (closes) what is below {@code depth}, e.g. after a directory was replaced. */
    void drop(int depth) {
        while (names.size() > depth) {
            int last = names.size() - 1;
            fs.close(fds.remove(last));
            names.remove(last);
        }
    }

    @Override
    public void close() {
        drop(0);
    }
}
