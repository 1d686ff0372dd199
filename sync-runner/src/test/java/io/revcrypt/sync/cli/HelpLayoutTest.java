package io.revcrypt.sync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The help of every command and subcommand at 80 columns, as picocli lays it out from the model
 * (the man pages come from the same model): no line is wider than 80 columns, and every word of
 * every text the model holds appears whole on some line, so none was broken at a line's end.
 */
class HelpLayoutTest {

    private static final int WIDTH = 80;

    private static List<CommandLine> everyCommand() {
        List<CommandLine> all = new ArrayList<>();
        collect(new CommandLine(new RevcryptCommand()), all);
        return all;
    }

    private static void collect(CommandLine cl, List<CommandLine> into) {
        cl.setUsageHelpWidth(WIDTH);
        into.add(cl);
        for (CommandLine sub : new java.util.LinkedHashSet<>(cl.getSubcommands().values())) {
            collect(sub, into);
        }
    }

    private static String help(CommandLine cl) {
        cl.setUsageHelpWidth(WIDTH);
        return cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    @TestFactory
    Stream<DynamicTest> noLineIsWiderThan80Columns() {
        return everyCommand().stream().map(cl -> DynamicTest.dynamicTest(cl.getCommandSpec().qualifiedName(), () -> {
            for (String line : help(cl).lines().toList()) {
                assertTrue(line.length() <= WIDTH, () -> line.length() + " columns: " + line);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> noWordIsBrokenAtALineEnd() {
        return everyCommand().stream().map(cl -> DynamicTest.dynamicTest(cl.getCommandSpec().qualifiedName(), () -> {
            Set<String> printed = new HashSet<>(Arrays.asList(help(cl).split("\\s+")));
            CommandSpec spec = cl.getCommandSpec();
            List<String> texts = new ArrayList<>(Arrays.asList(spec.usageMessage().description()));
            texts.addAll(Arrays.asList(spec.usageMessage().footer()));
            for (ArgSpec arg : spec.args()) {
                if (!arg.hidden()) {
                    texts.addAll(Arrays.asList(arg.description()));
                }
            }
            for (String text : texts) {
                for (String word : text.replace("%n", " ").replace("%%", "%").split("\\s+")) {
                    if (!word.isEmpty() && !word.contains("${")) {
                        assertTrue(printed.contains(word), () -> "'" + word + "' is broken or missing in:\n" + help(cl));
                    }
                }
            }
        }));
    }

    /** The summary is the first description line: one sentence that fits its line of the parent's list. */
    @TestFactory
    Stream<DynamicTest> everySummaryIsOneSentenceOnItsLine() {
        return everyCommand().stream().filter(cl -> cl.getParent() != null)
                .map(cl -> DynamicTest.dynamicTest(cl.getCommandSpec().qualifiedName(), () -> {
                    String summary = cl.getCommandSpec().usageMessage().description()[0];
                    assertTrue(summary.endsWith("."), () -> "not a sentence: " + summary);
                    assertEquals(1, summary.split("\\. ").length, () -> "more than one sentence: " + summary);
                    String name = cl.getCommandName();
                    boolean onOneLine = help(cl.getParent()).lines()
                            .anyMatch(l -> l.matches("  " + name + "\\b.*") && l.endsWith(summary));
                    assertTrue(onOneLine, () -> "the summary of " + name + " does not fit its line:\n" + help(cl.getParent()));
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyPositionalParameterIsDescribed() {
        return everyCommand().stream().map(cl -> DynamicTest.dynamicTest(cl.getCommandSpec().qualifiedName(), () -> {
            for (var p : cl.getCommandSpec().positionalParameters()) {
                if (!p.hidden()) {
                    assertTrue(p.description().length > 0 && !p.description()[0].isBlank(), p.paramLabel());
                }
            }
        }));
    }

    /** picocli's man page generator lists a group's hidden options as if they were not hidden. */
    @TestFactory
    Stream<DynamicTest> noGroupHoldsAHiddenOption() {
        return everyCommand().stream().map(cl -> DynamicTest.dynamicTest(cl.getCommandSpec().qualifiedName(), () -> {
            for (var group : cl.getCommandSpec().argGroups()) {
                for (var option : group.options()) {
                    assertTrue(!option.hidden(), () -> option.longestName() + " is hidden in a group");
                }
            }
        }));
    }

    @Test
    void retentionOptionsAreInTheirDocumentedOrder() {
        for (String command : List.of("sync", "snapshots prune")) {
            CommandLine cl = new CommandLine(new RevcryptCommand());
            for (String part : command.split(" ")) {
                cl = cl.getSubcommands().get(part);
            }
            String help = help(cl);
            int previous = help.indexOf("Snapshot retention");
            assertTrue(previous >= 0, () -> "no retention heading:\n" + help);
            for (String option : List.of("--keep-last", "--keep-hourly", "--keep-daily", "--keep-weekly", "--keep-monthly",
                    "--keep-yearly")) {
                int at = help.indexOf("      " + option + "=N");
                assertTrue(at > previous, () -> option + " out of order:\n" + help);
                previous = at;
            }
        }
    }

    @Test
    void theSecretOptionsStandTogetherUnderTheirHeading() {
        String help = help(new CommandLine(new RevcryptCommand()).getSubcommands().get("mount"));
        int heading = help.indexOf("\nPassword: ");
        int passfile = help.indexOf("\n      --passfile=FILE");
        int extpass = help.indexOf("\n      --extpass=CMD");
        assertTrue(heading >= 0 && heading < passfile && passfile < extpass, help);
        assertTrue(help.contains("REVCRYPT_PASSWORD_FILE"), help);
    }

    @Test
    void theTopLevelListReadsAsASentencePerCommand() {
        String help = help(new CommandLine(new RevcryptCommand()));
        assertTrue(help.lines().anyMatch(l -> l.matches("  sync +Copy the encrypted view of SRC to DEST with rsync\\.")), help);
        assertTrue(help.lines().anyMatch(l -> l.matches("  restore +Decrypt a copy .*\\.")), help);
    }

    @Test
    void theHelpOfACommandNamesItsPositionalParameters() {
        String help = help(new CommandLine(new RevcryptCommand()).getSubcommands().get("sync"));
        if (!help.contains("SRC ") || !help.contains("DEST")) {
            fail(help);
        }
    }
}
