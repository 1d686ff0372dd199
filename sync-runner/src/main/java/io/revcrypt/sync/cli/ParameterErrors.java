package io.revcrypt.sync.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one line a person sees for a command line picocli could not read: what was wrong, and
 * either a suggestion for a mistyped command or option or where the help is. One line, so
 * that a terminal, a log and the journal all show the error exactly once.
 */
final class ParameterErrors {

    private ParameterErrors() {
    }

    static String describe(ParameterException e) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        String what = e.getMessage();
        List<String> suggestions = List.of();
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            // a command with subcommands takes no plain arguments: a word there is a command's name
            boolean looksLikeCommand = !first.startsWith("-") && !spec.subcommands().isEmpty();
            what = looksLikeCommand ? "unknown command '" + first + "'"
                    : first.startsWith("-") ? "unknown option '" + first + "'"
                    : "unexpected argument '" + first + "'";
            suggestions = suggest(first, looksLikeCommand ? commandNames(spec) : optionNames(spec), u.getSuggestions());
        } else {
            what = lowerFirst(what);
        }
        String hint = suggestions.isEmpty()
                ? "Try '" + spec.qualifiedName() + " --help'."
                : "Did you mean: " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?";
        return "revcrypt: " + what + ". " + hint;
    }

    /**
     * The names closest to a mistyped word: by edit distance with a swap of two neighbours counting
     * as one edit, because picocli's own measure (shared letter pairs) finds nothing in common between
     * "snyc" and "sync" and offers "snapshots". picocli's suggestions when nothing is that close and
 * they are not far off either; else none, and the line points to the help.
     */
    static List<String> suggest(String typed, Collection<String> names, List<String> picocliSuggestions) {
        String word = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
        int allowed = Math.max(1, word.replaceFirst("^-+", "").length() / 3);
        int best = Integer.MAX_VALUE;
        List<String> closest = new ArrayList<>();
        for (String name : names) {
            int d = distance(word, name);
            if (d <= allowed && d < best) {
                best = d;
                closest.clear();
            }
            if (d <= allowed && d == best) {
                closest.add(name);
            }
        }
        if (!closest.isEmpty()) {
            return closest;
        }
        // picocli's own, where they are not far off: for "--no-such-option" it offers "--notify"
        int far = Math.max(2, word.length() / 2);
        return picocliSuggestions.stream().filter(name -> distance(word, name) <= far).toList();
    }

    private static Collection<String> commandNames(CommandSpec spec) {
        return new java.util.TreeSet<>(spec.subcommands().keySet());
    }

    private static Collection<String> optionNames(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (!option.hidden()) {
                names.addAll(Arrays.asList(option.names()));
            }
        }
        return names;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** picocli's messages start with a capital ("Missing required parameter"); ours never do. */
    private static String lowerFirst(String s) {
        return s.isEmpty() || Character.isLowerCase(s.charAt(0)) ? s
                : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
