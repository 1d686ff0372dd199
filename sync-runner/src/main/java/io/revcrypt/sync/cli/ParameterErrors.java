package io.revcrypt.sync.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one line a person sees for a command line picocli could not read: what was wrong, and
 * either picocli's suggestion for a mistyped command or option or where the help is. One line, so
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
            suggestions = u.getSuggestions();
        } else {
            what = lowerFirst(what);
        }
        String hint = suggestions.isEmpty()
                ? "Try '" + spec.qualifiedName() + " --help'."
                : "Did you mean: " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?";
        return "revcrypt: " + what + ". " + hint;
    }

    /** picocli's messages start with a capital ("Missing required parameter"); ours never do. */
    private static String lowerFirst(String s) {
        return s.isEmpty() || Character.isLowerCase(s.charAt(0)) ? s
                : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
