package io.revcrypt.core.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Just enough of a tar reader for the vector archive (GNU tar: ustar headers, 'L' long-name
 * records, pax 'x' path records): regular files by member name.
 */
public final class TarReader {

    private TarReader() {
    }

    public static Map<String, byte[]> regularFiles(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        Map<String, byte[]> files = new LinkedHashMap<>();
        String longName = null;
        int pos = 0;
        while (pos + 512 <= all.length) {
            if (isZeroBlock(all, pos)) {
                break;
            }
            String name = cString(all, pos, 100);
            String prefix = cString(all, pos + 345, 155);
            long size = Long.parseLong(cString(all, pos + 124, 12).trim(), 8);
            char type = (char) all[pos + 156];
            int dataStart = pos + 512;
            byte[] data = java.util.Arrays.copyOfRange(all, dataStart, dataStart + (int) size);
            pos = dataStart + (int) ((size + 511) / 512 * 512);
            if (type == 'L') {
                longName = cString(data, 0, data.length);
                continue;
            }
            if (type == 'x') {
                String pax = new String(data, StandardCharsets.UTF_8);
                for (String rec : pax.split("\n")) {
                    int sp = rec.indexOf(' ');
                    if (sp > 0 && rec.substring(sp + 1).startsWith("path=")) {
                        longName = rec.substring(sp + 1 + 5);
                    }
                }
                continue;
            }
            String full = longName != null ? longName : (prefix.isEmpty() ? name : prefix + "/" + name);
            longName = null;
            if (type == '0' || type == 0) {
                if (full.startsWith("./")) {
                    full = full.substring(2);
                }
                files.put(full, data);
            }
        }
        return files;
    }

    private static boolean isZeroBlock(byte[] b, int off) {
        for (int i = off; i < off + 512; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }
}
