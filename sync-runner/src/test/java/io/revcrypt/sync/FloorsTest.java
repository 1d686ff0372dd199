package io.revcrypt.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The floors of sync-runner (issue 16): dependencies point down, never up. Read from the source
 * tree rather than the classes so that a failure names the file, the line and the import: an
 * {@code import} or a fully-qualified name in code counts, a comment or a string does not.
 */
class FloorsTest {

    private static final Path SOURCES = Path.of("src/main/java/io/revcrypt/sync");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("\\bio\\.revcrypt(?:\\.\\w+)+");

    /**
     * Known offenders in code another helper is moving in parallel, as "file -> name" (file
     * relative to {@code io/revcrypt/sync}). The lead removes an entry once the branches are
     * merged; an entry that no longer matches anything fails the test, so none outlives its use.
     */
    private static final Set<String> ALLOWED = Set.of();

    /** One use of a qualified name in code. */
    record Reference(String file, int line, String name) {
        String key() {
            return file + " -> " + name;
        }

        @Override
        public String toString() {
            return file + ":" + line + " uses " + name;
        }
    }

    @Test
    void noDomainPackageUsesTheCommandLine() throws IOException {
        assertNone("only cli/ may use io.revcrypt.sync.cli (the command line stands on the domain, not under it)",
                r -> !inPackage(r, "cli") && isIn(r.name(), "io.revcrypt.sync.cli"));
    }

    @Test
    void snapshotsDoNotUseRestore() throws IOException {
        assertNone("snapshot/ may not use io.revcrypt.sync.restore (shared code belongs lower: core.posix, copy/)",
                r -> inPackage(r, "snapshot") && isIn(r.name(), "io.revcrypt.sync.restore"));
    }

    @Test
    void onlyTheCommandLineAndTheSessionKnowTheMount() throws IOException {
        assertNone("only cli/ and session/ may use io.revcrypt.fuse (the rest talks to a mount"
                        + " through its mount point and control socket, design section 2)",
                r -> !inPackage(r, "cli") && !inPackage(r, "session")
                        && isIn(r.name(), "io.revcrypt.fuse"));
    }

    @Test
    void theReaderSeesImportsAndQualifiedNamesInCodeOnly() {
        String code = "import io.revcrypt.a.B;\n/* io.revcrypt.c.D */ // io.revcrypt.e.F\n"
                + "String s = \"io.revcrypt.g.H\"; char c = '\"'; io.revcrypt.i.J.call(); /** {@link io.revcrypt.k.L} */";
        List<Reference> found = references("x/Y.java", code);
        assertTrue(found.stream().map(Reference::name).toList().equals(List.of("io.revcrypt.a.B", "io.revcrypt.i.J.call")),
                found.toString());
    }

    private static void assertNone(String rule, Predicate<Reference> offends) throws IOException {
        List<Reference> offenders = new ArrayList<>();
        Set<String> allowedSeen = new TreeSet<>();
        for (Reference r : allReferences()) {
            if (!offends.test(r)) {
                continue;
            }
            if (ALLOWED.contains(r.key())) {
                allowedSeen.add(r.key());
            } else {
                offenders.add(r);
            }
        }
        if (!offenders.isEmpty()) {
            fail(rule + ":\n  " + offenders.stream().map(Reference::toString).collect(Collectors.joining("\n  ")));
        }
        for (String entry : ALLOWED) {
            // an entry of this rule that matches nothing any more: it was moved, remove the entry
            String name = entry.substring(entry.indexOf(" -> ") + 4);
            String file = entry.substring(0, entry.indexOf(" -> "));
            if (offends.test(new Reference(file, 0, name)) && !allowedSeen.contains(entry)) {
                fail("FloorsTest.ALLOWED lists \"" + entry + "\", which no longer occurs: remove the entry");
            }
        }
    }

    private static boolean inPackage(Reference r, String pkg) {
        return r.file().startsWith(pkg + "/");
    }

    private static boolean isIn(String name, String pkg) {
        return name.equals(pkg) || name.startsWith(pkg + ".");
    }

    private static List<Reference> allReferences() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "run from sync-runner's directory: no " + SOURCES.toAbsolutePath());
        List<Reference> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String relative = SOURCES.relativize(file).toString().replace('\\', '/');
                out.addAll(references(relative, Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    /** The qualified names in {@code source}'s code, with comments, strings and characters blanked out. */
    static List<Reference> references(String file, String source) {
        String code = blankCommentsAndLiterals(source);
        List<Reference> out = new ArrayList<>();
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].stripLeading().startsWith("package ")) {
                continue;
            }
            Matcher m = QUALIFIED_NAME.matcher(lines[i]);
            while (m.find()) {
                out.add(new Reference(file, i + 1, m.group()));
            }
        }
        return out;
    }

    /** Replaces every character of comments and literals by a space, keeping line breaks (and so line numbers). */
    private static String blankCommentsAndLiterals(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int end;
            if (s.startsWith("//", i)) {
                end = s.indexOf('\n', i);
                end = end < 0 ? s.length() : end;
            } else if (s.startsWith("/*", i)) {
                end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                end = s.indexOf("\"\"\"", i + 3);
                end = end < 0 ? s.length() : end + 3;
            } else if (c == '"' || c == '\'') {
                end = i + 1;
                while (end < s.length() && s.charAt(end) != c && s.charAt(end) != '\n') {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(s.length(), end + 1);
            } else {
                out.append(c);
                i++;
                continue;
            }
            for (int k = i; k < end; k++) {
                out.append(s.charAt(k) == '\n' ? '\n' : ' ');
            }
            i = end;
        }
        return out.toString();
    }
}
