package io.revcrypt.sync.decode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the golden files in {@code src/test/resources/decode/} (see the README there). */
final class Transcripts {

    static final List<String> ALL_RSYNC_OUTPUTS = List.of(
            "tree-run1.itemize.out", "tree-run1.v.out", "tree-run2.itemize.out", "tree-run2.v.out",
            "tree-run3.itemize.out", "errors.itemize.out", "errors.itemize.err", "vanished.itemize.out",
            "vanished.itemize.err", "name686.itemize.out", "name686.itemize.err");

    private Transcripts() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Transcripts.class.getResourceAsStream("/decode/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /decode/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Raw-text segments of a transcript: what lies between {@code \r}s and {@code \n}s. */
    static List<String> segments(String name) {
        String text = RsyncEscapes.rawText(bytes(name));
        List<String> segments = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n' || text.charAt(i) == '\r') {
                if (i < text.length() || start < i) {
                    segments.add(text.substring(start, i));
                }
                start = i + 1;
            }
        }
        return segments;
    }

    /** Lines of a UTF-8 text resource (the oracle files), progress pieces dropped. */
    static List<String> oracleLines(String name) {
        List<String> lines = new ArrayList<>();
        for (String segment : new String(bytes(name), StandardCharsets.UTF_8).split("[\r\n]")) {
            if (!segment.isEmpty() && !RsyncLineParser.isProgressUpdate(segment)) {
                lines.add(segment);
            }
        }
        return lines;
    }

    /**
     * A {@code .ctlsock} capture: cipher path → the raw answer line (without its newline) the
     * real gocryptfs control socket gave.
     */
    static Map<String, String> ctlsockAnswers(String... names) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String name : names) {
            for (String line : new String(bytes(name), StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                int tab = line.indexOf('\t');
                answers.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return answers;
    }

    /** The mount point a capture used, as rsync quoted it. */
    static String mountPoint(String scenario) {
        return new String(bytes(scenario + ".mountpoint"), StandardCharsets.UTF_8)
                .strip().substring("mount point: ".length());
    }
}
