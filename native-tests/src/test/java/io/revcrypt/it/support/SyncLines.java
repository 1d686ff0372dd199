package io.revcrypt.it.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The lines a sync prints for its entries — rsync's item flags, a TAB, the plaintext path — and
 * the expected ones, written by the tests from the plaintext names they created.
 *
 * <p>{@link #escape} is the tests' own rendering of a name the way rsync prints it in a UTF-8
 * locale (rsync 3.x): a byte below 0x20 other than TAB, and each byte that is not part of valid
 * UTF-8, as {@code \#ooo}; everything else as it is. (Deliberately not the product's code.)
 */
public final class SyncLines {

    /** {@code %i} (11 characters: {@code YXcstpoguax} or {@code *deleting  }), TAB, the rest. */
    private static final Pattern ITEM = Pattern.compile("^(\\*deleting  |[<>ch.][fdLDS][^\\t]{9})\\t.*");

    public static final String CREATED_FILE = ">f+++++++++";
    public static final String CREATED_DIR = "cd+++++++++";
    public static final String CREATED_LINK = "cL+++++++++";
    public static final String DELETED = "*deleting  ";
    /** Contents and size changed (the ciphertext size follows the plaintext size). */
    public static final String CHANGED_FILE = ">f.st......";
    /** Sent again because the time changed; same size. */
    public static final String TIME_CHANGED_FILE = ">f..t......";
    public static final String DIR_TIME = ".d..t......";

    public static final String DIR_IV = " [dir IV]";
    public static final String LONG_NAME_FILE = " [long-name file]";
    public static final String CONFIG = " [config]";

    private SyncLines() {}

    /** A name (or path) as rsync prints it. */
    public static String escape(byte[] name) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < name.length) {
            int b = name[i] & 0xff;
            if (b < 0x80) {
                if (b < 0x20 && b != '\t') {
                    octal(out, b);
                } else {
                    out.append((char) b);
                }
                i++;
                continue;
            }
            int len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
            String decoded = len == 0 || i + len > name.length ? null : strictUtf8(name, i, len);
            if (decoded == null) {
                octal(out, b);
                i++;
            } else {
                out.append(decoded);
                i += len;
            }
        }
        return out.toString();
    }

    public static String escape(String name) {
        return escape(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String strictUtf8(byte[] b, int off, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void octal(StringBuilder out, int b) {
        out.append("\\#").append((b >> 6) & 7).append((b >> 3) & 7).append(b & 7);
    }

    /** {@code flags TAB path}. */
    public static String line(String flags, String shownPath) {
        return flags + "\t" + shownPath;
    }

    /** The itemized lines of a run's standard output, in order. */
    public static List<String> items(String stdout) {
        List<String> items = new ArrayList<>();
        for (String l : stdout.split("\n", -1)) {
            if (ITEM.matcher(l).matches()) {
                items.add(l);
            }
        }
        return items;
    }

    /** Fails unless the itemized lines of {@code stdout} are exactly {@code expected}, in any order. */
    public static void assertItems(Collection<String> expected, String stdout, String context) {
        List<String> actual = items(stdout);
        Map<String, Integer> missing = count(expected);
        Map<String, Integer> unexpected = new TreeMap<>();
        for (String a : actual) {
            Integer n = missing.get(a);
            if (n == null) {
                unexpected.merge(a, 1, Integer::sum);
            } else if (n == 1) {
                missing.remove(a);
            } else {
                missing.put(a, n - 1);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            fail(context + ": the decoded lines differ from the plaintext changes.\n  expected but missing ("
                    + missing.size() + "):\n    " + String.join("\n    ", visible(missing.keySet()))
                    + "\n  printed but not expected (" + unexpected.size() + "):\n    "
                    + String.join("\n    ", visible(unexpected.keySet())) + "\n  whole output:\n" + stdout);
        }
    }

    private static Map<String, Integer> count(Collection<String> lines) {
        Map<String, Integer> m = new TreeMap<>();
        lines.forEach(l -> m.merge(l, 1, Integer::sum));
        return m;
    }

    /** TABs shown as {@code <TAB>} so that a message shows where they are. */
    private static List<String> visible(Collection<String> lines) {
        return lines.stream().map(l -> l.replace("\t", "<TAB>")).toList();
    }
}
