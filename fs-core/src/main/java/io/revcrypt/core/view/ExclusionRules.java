package io.revcrypt.core.view;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code --exclude}, {@code --exclude-wildcard} and {@code --exclude-from} with gocryptfs's
 * semantics (spec §9): gitignore-style patterns as the go-gitignore library compiles them,
 * matched against the plaintext relative path, the last matching pattern deciding, a {@code !}
 * pattern only clearing an earlier match. Unlike gocryptfs 2.3, the options are not split on
 * commas (the 2.4 behaviour), and revcrypt's own metadata is never excluded: that rule is
 * applied by the view, not here.
 */
public final class ExclusionRules {

    private record Rule(String source, Pattern regex, boolean negate) {
    }

    private static final ExclusionRules NONE = new ExclusionRules(List.of());
    private static final Pattern LEADING_HASH_OR_BANG = Pattern.compile("^[#!]");
    private static final Pattern DIR_STAR_DOT = Pattern.compile("([^/+])/.*\\*\\.");
    private static final String MAGIC_STAR = "#$~";

    private final List<Rule> rules;

    private ExclusionRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static ExclusionRules none() {
        return NONE;
    }

    /**
     * Compiles the patterns in gocryptfs's order: every {@code --exclude} (anchored at the root),
     * then every {@code --exclude-wildcard}, then the lines of every {@code --exclude-from} file.
     *
     * @throws IllegalArgumentException naming a pattern that is not a valid expression
     * @throws IOException if an exclude-from file cannot be read
     */
    public static ExclusionRules compile(List<String> excludes, List<String> wildcards, List<Path> excludeFrom)
            throws IOException {
        List<String> lines = new ArrayList<>();
        excludes.forEach(e -> lines.add("/" + e));
        lines.addAll(wildcards);
        for (Path file : excludeFrom) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            for (String line : content.split("\n", -1)) {
                lines.add(line);
            }
        }
        List<Rule> rules = new ArrayList<>();
        for (String line : lines) {
            Rule r = compileLine(line);
            if (r != null) {
                rules.add(r);
            }
        }
        return new ExclusionRules(rules);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether the plaintext relative path ({@code dir/sub/name}, no leading slash) is excluded. */
    public boolean isExcluded(byte[] plainPath) {
        if (rules.isEmpty()) {
            return false;
        }
        return isExcluded(new String(plainPath, StandardCharsets.UTF_8));
    }

    public boolean isExcluded(String plainPath) {
        boolean excluded = false;
        for (Rule r : rules) {
            Matcher m = r.regex.matcher(plainPath);
            if (m.find()) {
                if (!r.negate) {
                    excluded = true;
                } else if (excluded) {
                    excluded = false;
                }
            }
        }
        return excluded;
    }

    /** go-gitignore's {@code getPatternFromLine}, step by step (spec §9). */
    static Rule compileLine(String original) {
        String line = original;
        while (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.startsWith("#")) {
            return null;
        }
        line = trimSpaces(line);
        if (line.isEmpty()) {
            return null;
        }
        boolean negate = false;
        if (line.charAt(0) == '!') {
            negate = true;
            line = line.substring(1);
        }
        if (LEADING_HASH_OR_BANG.matcher(line).find()) {
            line = line.substring(1);
        }
        if (!line.isEmpty() && DIR_STAR_DOT.matcher(line).find() && line.charAt(0) != '/') {
            line = "/" + line;
        }
        line = line.replace(".", "\\.");
        if (line.startsWith("/**/")) {
            line = line.substring(1);
        }
        line = line.replace("/**/", "(/|/.+/)");
        line = line.replace("**/", "(|." + MAGIC_STAR + "/)");
        line = line.replace("/**", "(|/." + MAGIC_STAR + ")");
        line = line.replace("\\*", "\\" + MAGIC_STAR);
        line = line.replace("*", "([^/]*)");
        line = line.replace("?", "\\?");
        line = line.replace(MAGIC_STAR, "*");
        // Go's $ is the end of the text; Java's would also match before a final newline.
        String expr = line.endsWith("/") ? line + "(|.*)\\z" : line + "(|/.*)\\z";
        expr = expr.startsWith("/") ? "^(|/)" + expr.substring(1) : "^(|.*/)" + expr;
        try {
            return new Rule(original, Pattern.compile(expr), negate);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("exclusion pattern '" + original + "' is not valid: " + e.getDescription());
        }
    }

    private static String trimSpaces(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == ' ') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(start, end);
    }
}
