package dev.controlplane.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;

/**
 * The command line of one command: its {@link Spec} declares the options, arguments and subcommands, Apache Commons CLI
 * parses them, and its refusals become a {@link Main.UsageException} that names the option or argument. {@code -h} and
 * {@code --help} answer on every (sub)command. What the values mean stays with the command.
 */
final class CommandParser {
    private static final int WIDTH = 120;
    /** Labels wider than this ({@code --function=NAME=CLASS}) have their description on the next line. */
    private static final int LABEL_WIDTH = 20;
    private static final DefaultParser PARSER = DefaultParser.builder().setAllowPartialMatching(false).build();

    private CommandParser() {}

    /** A command whose options are filled in: runs it and returns the exit code. */
    interface Command {
        int run(PrintStream out, PrintStream err);
    }

    /** What a command line asks for: the command to run, or its usage to print. */
    record Parsed(Spec<?> leaf, Command command, boolean helpRequested) {
        String name() {
            return leaf.qualifiedName();
        }
    }

    /**
     * A command's name, its usage text, and the options and arguments whose values make a new {@code T}. The commands
     * read their values rather than declaring a setter each: a lambda is a class spun at run time, which the start-up
     * cache does not keep (about 1 ms each).
     */
    static <T extends Command> Spec<T> command(String name, String synopsis, String description, Function<Values, T> factory) {
        return new Spec<>(name, synopsis, description, factory);
    }

    /** A command of subcommands, such as {@code sfn}, which runs nothing itself. */
    static Spec<Command> group(String name, String synopsis, String description, Spec<?>... subcommands) {
        Spec<Command> group = new Spec<>(name, synopsis, description, null);
        for (Spec<?> sub : subcommands) {
            sub.parent = group;
            group.subcommands.put(sub.name, sub);
        }
        return group;
    }

    /** The declarations of one (sub)command. */
    static final class Spec<T extends Command> {
        private final String name;
        private final String synopsis;
        private final String description;
        private final Function<Values, T> factory;
        private final Options options = new Options();
        private final Map<String, Spec<?>> subcommands = new LinkedHashMap<>();
        private Spec<?> parent;
        private String argumentsLabel;
        private String argumentsDescription;
        private int maxArguments;

        private Spec(String name, String synopsis, String description, Function<Values, T> factory) {
            this.name = name;
            this.synopsis = synopsis.startsWith("usage: ") ? synopsis : "usage: " + synopsis;
            this.description = description;
            this.factory = factory;
            options.addOption(Option.builder("h").longOpt("help").desc("print this usage and exit").build());
        }

        /** {@code --NAME LABEL}: read with {@link Values#last} (given more than once, the last wins) or {@link Values#all}. */
        Spec<T> option(String longName, String label, String description) {
            options.addOption(Option.builder().longOpt(longName.substring(2)).desc(description).hasArg().argName(label).build());
            return this;
        }

        /** {@code --NAME}, without a value: read with {@link Values#has}. */
        Spec<T> flag(String longName, String description) {
            options.addOption(Option.builder().longOpt(longName.substring(2)).desc(description).build());
            return this;
        }

        /** Up to {@code max} arguments after the options, shown in the usage as {@code label}: {@link Values#arguments}. */
        Spec<T> arguments(String label, int max, String description) {
            this.argumentsLabel = label;
            this.maxArguments = max;
            this.argumentsDescription = description;
            return this;
        }

        /** {@code --data DIR}: the folder of a running (or to be run) controlplane up. */
        Spec<T> data(String description) {
            return option("--data", "DIR", description);
        }

        /** {@code --data DIR} of the commands that talk to a running up. */
        Spec<T> runningUpData() {
            return data("the running up's data folder, which holds endpoints.json (default: .controlplane/data)");
        }

        /** {@code --endpoint-url URL} and {@code --region R}: where the command's AWS clients go. */
        Spec<T> aws(String endpointDescription, String regionDescription) {
            return option("--endpoint-url", "URL", endpointDescription).option("--region", "R", regionDescription);
        }

        /** {@code --port-base N}. */
        Spec<T> portBase(String description) {
            return option("--port-base", "N", description);
        }

        /** {@code --history}. */
        Spec<T> history() {
            return flag("--history", "write the execution history as JSON lines to stderr");
        }

        /** The subcommands by name, in the order declared. */
        Map<String, Spec<?>> subcommands() {
            return subcommands;
        }

        /** The name after the program's, e.g. {@code sfn run}. */
        String qualifiedName() {
            return parent == null ? name : parent.qualifiedName() + " " + name;
        }
    }

    /** The values of one command line, by option name ({@code --name}). */
    static final class Values {
        private final CommandLine line;

        private Values(CommandLine line) {
            this.line = line;
        }

        /** The option's value, the last one when it was given more than once; null when it was not given. */
        String last(String option) {
            String[] values = line.getOptionValues(option.substring(2));
            return values == null ? null : values[values.length - 1];
        }

        /** The option's value as a path, or {@code otherwise} when it was not given. */
        Path path(String option, Path otherwise) {
            String value = last(option);
            return value == null ? otherwise : Path.of(value);
        }

        /** Every value of a repeatable option, in order. */
        List<String> all(String option) {
            String[] values = line.getOptionValues(option.substring(2));
            return values == null ? new ArrayList<>() : new ArrayList<>(List.of(values));
        }

        boolean has(String flag) {
            return line.hasOption(flag.substring(2));
        }

        /** The arguments after the options, at most as many as the command declared. */
        List<String> arguments() {
            return new ArrayList<>(line.getArgList());
        }
    }

    /** Parses {@code args}, which follow the command's own name; refuses what it cannot take as a usage error. */
    static Parsed parse(Spec<?> spec, String[] args) {
        boolean help = false;
        int at = 0;
        // the subcommand named, and any help asked of a command above it (sfn -h run: run's usage)
        while (!spec.subcommands.isEmpty()) {
            if (at < args.length && isHelp(args[at])) {
                help = true;
                at++;
                continue;
            }
            if (at == args.length) {
                if (help) return new Parsed(spec, null, true);
                throw new Main.UsageException(spec.qualifiedName() + " needs a subcommand: " + subcommands(spec), spec.qualifiedName());
            }
            String word = args[at++];
            Spec<?> sub = spec.subcommands.get(word);
            if (sub == null) {
                throw new Main.UsageException(word.startsWith("-") ? unknownOption(word, spec)
                        : "unknown " + spec.qualifiedName() + " subcommand '" + word + "' (expected " + subcommands(spec) + ")",
                        spec.qualifiedName());
            }
            spec = sub;
        }
        String[] own = Arrays.copyOfRange(args, at, args.length);
        if (help || asksForHelp(own)) return new Parsed(spec, null, true);
        return new Parsed(spec, fill(spec, own), false);
    }

    /** The command of {@code spec} filled in from {@code args}, or a usage error; for callers that run it themselves. */
    static <T extends Command> T fill(Spec<T> spec, String[] args) {
        refuseOptionsAsValues(spec, args);
        CommandLine line;
        try {
            line = PARSER.parse(spec.options, args);
        } catch (UnrecognizedOptionException e) {
            throw new Main.UsageException(unknownOption(e.getOption(), spec), spec.qualifiedName());
        } catch (MissingArgumentException e) {
            throw new Main.UsageException("--" + e.getOption().getLongOpt() + " needs a value", spec.qualifiedName());
        } catch (ParseException e) {
            throw new Main.UsageException(e.getMessage(), spec.qualifiedName());
        }
        for (Option given : line.getOptions()) {
            // --data= or --data "": an empty folder name is the working directory, never what was meant
            if (given.hasArg() && (given.getValue() == null || given.getValue().isBlank())) {
                throw new Main.UsageException("--" + given.getLongOpt() + " needs a value, got an empty one", spec.qualifiedName());
            }
        }
        List<String> arguments = line.getArgList();
        if (arguments.size() > spec.maxArguments) {
            throw new Main.UsageException("unexpected argument '" + arguments.get(spec.maxArguments) + "' for " + spec.qualifiedName(),
                    spec.qualifiedName());
        }
        return spec.factory.apply(new Values(line));
    }

    /**
     * --team --json and --team --jsn alike: an option's value is not another option, known or not (a negative number
     * is a value); and -team is not --team (Commons CLI would take a long option after one dash).
     */
    private static void refuseOptionsAsValues(Spec<?> spec, String[] args) {
        for (int i = 0; i < args.length && !args[i].equals("--"); i++) {
            String arg = args[i];
            if (arg.startsWith("--") && arg.indexOf('=') < 0) {
                Option option = spec.options.getOption(arg.substring(2));
                if (option != null && option.hasArg()) {
                    if (i + 1 == args.length || looksLikeOption(args[i + 1])) throw new Main.UsageException(arg + " needs a value", spec.qualifiedName());
                    i++;
                }
            } else if (looksLikeOption(arg) && !arg.startsWith("--") && !arg.equals("-h")) {
                throw new Main.UsageException(unknownOption(arg, spec), spec.qualifiedName());
            }
        }
    }

    private static boolean looksLikeOption(String arg) {
        if (!arg.startsWith("-") || arg.length() == 1) return false;
        try {
            Double.parseDouble(arg);
            return false;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static boolean isHelp(String arg) {
        return arg.equals("-h") || arg.equals("--help");
    }

    private static boolean asksForHelp(String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) return false;
            if (isHelp(arg)) return true;
        }
        return false;
    }

    private static String unknownOption(String option, Spec<?> spec) {
        return "unknown option '" + option + "' for " + spec.qualifiedName();
    }

    private static String subcommands(Spec<?> spec) {
        List<String> names = List.copyOf(spec.subcommands.keySet());
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** The usage of one (sub)command: its synopsis, what it does, its arguments, options and subcommands. */
    static String usage(Spec<?> spec) {
        StringBuilder text = new StringBuilder(spec.synopsis.stripTrailing()).append("\n\n");
        wrap(text, spec.description, "", "");
        List<String[]> options = new ArrayList<>();
        for (Option o : spec.options.getOptions()) {
            if (o.getOpt() != null) continue;
            options.add(new String[] {"      --" + o.getLongOpt() + (o.hasArg() ? "=" + o.getArgName() : ""), o.getDescription()});
        }
        Option help = spec.options.getOption("h");
        options.add(new String[] {"  -h, --help", help.getDescription()});
        // the description column: after the widest label that is not on a line of its own
        int width = 0;
        for (String[] row : options) width = Math.max(width, row[0].length() <= 6 + LABEL_WIDTH ? row[0].length() : 0);
        if (spec.argumentsLabel != null && spec.argumentsLabel.length() <= LABEL_WIDTH) {
            width = Math.max(width, 6 + spec.argumentsLabel.length());
        }
        width += 3;
        if (spec.argumentsLabel != null) {
            text.append("\narguments:\n");
            row(text, "      " + spec.argumentsLabel, spec.argumentsDescription, width, 3);
        }
        text.append("\noptions:\n");
        for (String[] row : options) row(text, row[0], row[1], width, 3);
        if (!spec.subcommands.isEmpty()) {
            text.append("\nsubcommands:\n");
            int names = spec.subcommands.keySet().stream().mapToInt(String::length).max().orElse(0) + 4;
            for (Spec<?> sub : spec.subcommands.values()) row(text, "  " + sub.name, sub.description, names, 2);
        }
        return text.toString();
    }

    /** One label and its description from column {@code width}; a label without {@code gap} spaces before it has a line of its own. */
    private static void row(StringBuilder text, String label, String description, int width, int gap) {
        if (label.length() + gap > width) {
            text.append(label).append('\n');
            label = "";
        }
        wrap(text, description, String.format("%-" + width + "s", label), " ".repeat(width + 2));
    }

    /** {@code words} wrapped at the usage's width, the first line after {@code first}, the others after {@code rest}. */
    private static void wrap(StringBuilder text, String words, String first, String rest) {
        StringBuilder line = new StringBuilder(first);
        boolean empty = true;
        for (String word : words.split(" ")) {
            if (!empty && line.length() + 1 + word.length() >= WIDTH) {
                text.append(line).append('\n');
                line = new StringBuilder(rest);
                empty = true;
            }
            line.append(empty ? "" : " ").append(word);
            empty = false;
        }
        text.append(line).append('\n');
    }
}
