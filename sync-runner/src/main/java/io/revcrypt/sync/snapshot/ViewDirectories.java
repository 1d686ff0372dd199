package io.revcrypt.sync.snapshot;

import io.revcrypt.core.posix.DirEntryName;
import io.revcrypt.core.posix.Errno;
import io.revcrypt.core.posix.PlainStat;
import io.revcrypt.core.posix.Posix;
import io.revcrypt.core.posix.PosixException;
import io.revcrypt.core.view.TranslationException;
import io.revcrypt.sync.decode.CtlClient;
import io.revcrypt.sync.decode.CtlListing;
import io.revcrypt.sync.restore.DestFs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the view rsync is about to copy shows in one directory: each entry's type, permissions and
 * owner, which is all {@link BaseLinks} needs to decide what it may link.
 */
@FunctionalInterface
public interface ViewDirectories {

    /** One entry: {@code st_mode} (type bits included), uid and gid. */
    record Entry(int mode, int uid, int gid) {
        boolean isDirectory() {
            return (mode & PlainStat.S_IFMT) == PlainStat.S_IFDIR;
        }

        boolean isRegular() {
            return (mode & PlainStat.S_IFMT) == PlainStat.S_IFREG;
        }

        boolean isSymlink() {
            return (mode & PlainStat.S_IFMT) == PlainStat.S_IFLNK;
        }
    }

    /**
     * @param dir a directory of the view, relative, components joined by {@code /} ({@code ""} for the root)
     * @return its entries by name ({@link #nameOf}), or null if the view has no such directory
     * @throws IOException the view could not be asked
     */
    Map<String, Entry> list(String dir) throws IOException;

    /**
     * A file name as the view shows it, or null if it is not UTF-8: a view never shows such a
     * name (cipher names are ASCII; with plaintext names, one that is not UTF-8 is left out).
     */
    static String nameOf(byte[] name) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(name)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Asks the mount process over its control socket ({@code ListDirectory}): one request per
     * directory, answered from the plaintext directory without a kernel round trip per entry.
     * Measured for 20,000 files in 200 directories: the pass that linked them went from 0.6–0.7 s
     * (listing the freshly mounted view through FUSE) to about 0.2 s.
     */
    static ViewDirectories overControlSocket(CtlClient ctl) {
        return dir -> {
            CtlListing listing;
            try {
                listing = ctl.listDirectory(dir);
            } catch (TranslationException e) {
                if (e.errNo() == Errno.ENOENT || e.errNo() == Errno.ENOTDIR) {
                    return null;
                }
                throw new IOException("the mount cannot list /" + dir + ": " + e.errText(), e);
            }
            if (listing == null) {
                throw new IOException("the control socket cannot list directories");
            }
            Map<String, Entry> entries = new HashMap<>(listing.entries().size() * 2);
            for (CtlListing.Entry e : listing.entries()) {
                if (e.mode() != 0) { // 0: vanished while listed, so not in the view
                    entries.put(e.cipherName(), new Entry(e.mode(), e.uid(), e.gid()));
                }
            }
            return entries;
        };
    }

    /**
     * Reads a directory tree through the file system (a mounted view, or in tests a plain
     * directory standing for one): lists each directory, then stats its entries.
     */
    static ViewDirectories mounted(Path view) {
        return dir -> {
            Posix posix = Posix.get();
            int fd;
            try {
                fd = posix.openRoot(dir.isEmpty() ? view.toString() : view.resolve(dir).toString());
            } catch (PosixException e) {
                if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR) {
                    return null;
                }
                throw e;
            }
            try {
                Map<String, Entry> entries = new HashMap<>();
                for (DirEntryName name : posix.list(fd, new byte[] {'.'})) {
                    String shown = nameOf(name.name());
                    PlainStat s = shown == null ? null : DestFs.get().lstat(fd, name.name());
                    if (s != null) {
                        entries.put(shown, new Entry(s.mode(), s.uid(), s.gid()));
                    }
                }
                return entries;
            } finally {
                posix.close(fd);
            }
        };
    }
}
