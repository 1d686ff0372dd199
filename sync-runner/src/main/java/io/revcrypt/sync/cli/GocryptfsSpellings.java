package io.revcrypt.sync.cli;

import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * gocryptfs's single-dash spellings ({@code -passfile}, {@code -fg}, {@code -ew}, …), accepted
 * where the command has the option, by rewriting them to our names before picocli reads the
 * command line. A rewrite rather than more option names: the help and the man pages then list
 * each option once, by its own name, and say once that the gocryptfs spellings work.
 */
final class GocryptfsSpellings {

    /** gocryptfs's spelling → ours. */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("-passfile", "--passfile"),
            Map.entry("-extpass", "--extpass"),
            Map.entry("-config", "--config"),
            Map.entry("-masterkey", "--masterkey"),
            Map.entry("-ctlsock", "--ctlsock"),
            Map.entry("-exclude", "--exclude"),
            Map.entry("-exclude-wildcard", "--exclude-wildcard"),
            Map.entry("-ew", "--exclude-wildcard"),
            Map.entry("-exclude-from", "--exclude-from"),
            Map.entry("-fg", "--foreground"),
            Map.entry("-allow_other", "--allow-other"),
            Map.entry("-scryptn", "--scryptn"),
            Map.entry("-quiet", "--quiet"));

    private GocryptfsSpellings() {
    }

    /**
     * The arguments with gocryptfs's spellings in our names. Only an option's own position is
     * rewritten: never the value of the option before it, never anything after {@code --}, and not
     * for a command that lacks the option (picocli then names the word as given).
     */
    static String[] rewrite(CommandSpec root, String[] args) {
        String[] out = args.clone();
        CommandSpec spec = root;
        for (int i = 0; i < out.length; i++) {
            String arg = out[i];
            if (arg.equals("--")) {
                break;
            }
            CommandSpec sub = spec.subcommands().containsKey(arg) ? spec.subcommands().get(arg).getCommandSpec() : null;
            if (sub != null) {
                spec = sub;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String ours = NAMES.get(name);
            if (ours != null && spec.findOption(ours) != null) {
                name = ours;
                out[i] = eq < 0 ? ours : ours + arg.substring(eq);
            }
            OptionSpec option = name.startsWith("-") ? spec.findOption(name) : null;
            if (option != null && eq < 0 && option.arity().min() > 0) {
                i++; // its value, whatever it looks like
            }
        }
        return out;
    }
}
