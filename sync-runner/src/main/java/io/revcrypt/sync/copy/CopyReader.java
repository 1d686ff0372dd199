package io.revcrypt.sync.copy;

import io.revcrypt.core.view.PlainPath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Hands the entries of a copy to a {@link CopyVisitor}: the whole copy, or only selected
 * plaintext paths (each with its ancestors, then its subtree). Local copies are read in place;
 * remote ones are fetched with rsync.
 */
public interface CopyReader {

    /** @param selections plaintext paths to read; empty for the whole copy */
    void read(List<PlainPath> selections, CopyVisitor visitor) throws IOException;

    /**
     * Selections without repeats: a path below another selected path is dropped (its subtree
     * is read anyway); the root selects everything (returns an empty list).
     */
    static List<PlainPath> normalize(List<PlainPath> selections) {
        List<PlainPath> sorted = new ArrayList<>(selections);
        sorted.sort(Comparator.comparingInt(PlainPath::depth));
        List<PlainPath> out = new ArrayList<>();
        for (PlainPath p : sorted) {
            if (p.isRoot()) {
                return List.of();
            }
            boolean covered = false;
            for (PlainPath q : out) {
                covered |= isUnder(p, q);
            }
            if (!covered) {
                out.add(p);
            }
        }
        return out;
    }

    /** Whether {@code p} is {@code q} or below it. */
    static boolean isUnder(PlainPath p, PlainPath q) {
        if (p.depth() < q.depth()) {
            return false;
        }
        for (int i = 0; i < q.depth(); i++) {
            if (!Arrays.equals(p.component(i), q.component(i))) {
                return false;
            }
        }
        return true;
    }
}
