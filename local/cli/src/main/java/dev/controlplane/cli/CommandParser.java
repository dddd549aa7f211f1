package dev.controlplane.cli;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line of one command, parsed by picocli into its annotated {@link Command}: {@code -h}/{@code --help} on
 * it and each of its subcommands, and picocli's refusals turned into a {@link Main.UsageException} that names the
 * option or argument. What the values mean stays with the command.
 */
final class CommandParser {
    static final String PROGRAM = "controlplane";
    private static final Pattern OPTION_WITHOUT_VALUE =
            Pattern.compile("Expected parameter for option '([^']+)' but found");

    private CommandParser() {}

    /** A command whose options picocli has filled in: runs it and returns the exit code. */
    interface Command {
        int run(java.io.PrintStream out, java.io.PrintStream err);
    }

    /** What a command line asks for: the command to run, or its usage to print. */
    record Parsed(CommandLine leaf, boolean helpRequested) {
        /** The command's name after the program's, e.g. {@code sfn run}. */
        String name() {
            return nameOf(leaf);
        }
    }

    /** The command line of {@code command} under the program's name, with a help option on each (sub)command. */
    static CommandLine of(Object command) {
        CommandLine program = new CommandLine(CommandSpec.create().name(PROGRAM));
        CommandLine line = new CommandLine(command);
        program.addSubcommand(line);
        addHelp(line);
        // as before picocli: the last of a repeated single-value option wins
        program.setOverwrittenOptionsAllowed(true);
        // an argument such as @file.json is that file's name, not a file of more arguments
        program.setExpandAtFiles(false);
        // --team --json and --team --jsn alike: an option's value is not another option, known or not
        program.setUnmatchedOptionsAllowedAsOptionParameters(false);
        // wide enough for the synopses' lines; a fixed width, as finding the terminal's runs a process
        program.setUsageHelpWidth(120);
        return line;
    }

    /** Parses {@code args}, which follow the command's own name; refuses what picocli refuses as a usage error. */
    static Parsed parse(CommandLine line, String[] args) {
        CommandLine program = line.getParent();
        String[] all = new String[args.length + 1];
        all[0] = line.getCommandName();
        System.arraycopy(args, 0, all, 1, args.length);
        List<CommandLine> parsed;
        try {
            parsed = program.parseArgs(all).asCommandLineList();
        } catch (CommandLine.ParameterException e) {
            throw new Main.UsageException(describe(e), nameOf(e.getCommandLine()));
        }
        CommandLine leaf = parsed.get(parsed.size() - 1);
        boolean help = parsed.stream().anyMatch(CommandLine::isUsageHelpRequested);
        if (!help && !leaf.getSubcommands().isEmpty()) {
            throw new Main.UsageException(nameOf(leaf) + " needs a subcommand: " + subcommands(leaf), nameOf(leaf));
        }
        return new Parsed(leaf, help);
    }

    /** The options of {@code command} filled in from {@code args}, or a usage error; for callers that run it themselves. */
    static <T> T fill(T command, String[] args) {
        parse(of(command), args);
        return command;
    }

    private static void addHelp(CommandLine line) {
        line.getCommandSpec().addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("print this usage and exit").build());
        line.getCommandSpec().usageMessage().descriptionHeading("%n").parameterListHeading("%narguments:%n")
                .optionListHeading("%noptions:%n").commandListHeading("%nsubcommands:%n");
        line.getSubcommands().values().forEach(CommandParser::addHelp);
    }

    /** One line naming what is wrong, in the words of the commands' own checks. */
    private static String describe(CommandLine.ParameterException e) {
        String name = nameOf(e.getCommandLine());
        Matcher withoutValue = OPTION_WITHOUT_VALUE.matcher(String.valueOf(e.getMessage()));
        if (withoutValue.find()) {
            // --team --jsn: picocli names the option that found an unknown option where its value should be
            return withoutValue.group(1) + " needs a value";
        }
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String arg = unmatched.getUnmatched().get(0);
            if (!e.getCommandLine().getSubcommands().isEmpty() && !arg.startsWith("-")) {
                return "unknown " + name + " subcommand '" + arg + "' (expected " + subcommands(e.getCommandLine()) + ")";
            }
            return (arg.startsWith("-") ? "unknown option '" : "unexpected argument '") + arg + "' for " + name;
        }
        if (e instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()
                && missing.getMissing().get(0) instanceof OptionSpec option) {
            return option.longestName() + " needs a value";
        }
        return e.getMessage();
    }

    private static String subcommands(CommandLine line) {
        List<String> names = List.copyOf(line.getSubcommands().keySet());
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static String nameOf(CommandLine line) {
        String qualified = line.getCommandSpec().qualifiedName(" ");
        return qualified.startsWith(PROGRAM + " ") ? qualified.substring(PROGRAM.length() + 1) : qualified;
    }
}
