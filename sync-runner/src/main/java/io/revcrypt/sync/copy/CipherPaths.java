package io.revcrypt.sync.copy;

import io.revcrypt.core.format.FormatOptions;
import io.revcrypt.core.format.NameTransform;
import io.revcrypt.core.format.ReversePaths;
import io.revcrypt.core.view.PlainPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Plaintext path → path in the copy, without listing anything. Each component's cipher name
 * depends only on its plaintext name and its directory's IV. In a copy of a reverse view every
 * directory IV derives from the directory's own cipher path ({@link ReversePaths}); an ordinary
 * gocryptfs filesystem has random IVs, which are read from the {@code gocryptfs.diriv} files
 * instead ({@link DirIvs}).
 */
public final class CipherPaths {

    /** Where directory IVs come from. */
    @FunctionalInterface
    public interface DirIvs {
        /** The IV of the directory at {@code cipherDir} ("" = root), or null if there is no such directory. */
        byte[] of(String cipherDir) throws IOException;
    }

    private final NameTransform names;
    private final FormatOptions format;
    private final ReversePaths reverse;

    public CipherPaths(NameTransform names) {
        this.names = names;
        this.format = names.options();
        this.reverse = new ReversePaths(names);
    }

    /** The IV a reverse view gives the directory at {@code cipherDir}. */
    public byte[] derivedDirIv(String cipherDir) {
        return reverse.dirIv(cipherDir);
    }

    /** Whether directory IVs matter at all (not with deterministic or plaintext names). */
    public boolean usesDirIvs() {
        return format.hasDirIv();
    }

    /**
     * The cipher name of each component of {@code path}, or null if a directory on the way does
     * not exist (its IV is unknown).
     *
     * @throws IllegalArgumentException if a component is not a valid file name
     */
    public List<String> resolve(PlainPath path, DirIvs ivs) throws IOException {
        List<String> out = new ArrayList<>(path.depth());
        StringBuilder dir = new StringBuilder();
        for (int i = 0; i < path.depth(); i++) {
            byte[] plain = path.component(i);
            String cipher;
            if (format.plaintextNames()) {
                if (!NameTransform.isValidPlainName(plain)) {
                    throw new IllegalArgumentException("not a valid file name");
                }
                cipher = new String(plain, StandardCharsets.UTF_8);
            } else {
                byte[] iv = format.hasDirIv() ? ivs.of(dir.toString()) : NameTransform.zeroIv();
                if (iv == null) {
                    return null;
                }
                cipher = names.encryptAndHash(plain, iv);
            }
            out.add(cipher);
            if (dir.length() > 0) {
                dir.append('/');
            }
            dir.append(cipher);
        }
        return out;
    }

    /** {@code a/b/c} from components. */
    public static String join(List<String> components, int count) {
        return String.join("/", components.subList(0, count));
    }

    /** The directory part of a cipher path ("" for a top-level entry). */
    public static String parent(String cipherPath) {
        int slash = cipherPath.lastIndexOf('/');
        return slash < 0 ? "" : cipherPath.substring(0, slash);
    }

    /** The last component of a cipher path. */
    public static String name(String cipherPath) {
        return cipherPath.substring(cipherPath.lastIndexOf('/') + 1);
    }

    /** {@code dir/name}, or {@code name} in the root. */
    public static String child(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    /** gocryptfs's own files: the directory IV, long-name files, and the config in the root. */
    public static boolean isMetadata(String cipherPath) {
        String name = name(cipherPath);
        return name.equals(NameTransform.DIRIV_NAME) || NameTransform.isLongNameFile(name)
                || cipherPath.equals(NameTransform.CONFIG_NAME);
    }
}
