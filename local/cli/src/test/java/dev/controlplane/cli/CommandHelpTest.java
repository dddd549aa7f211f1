package dev.controlplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command and subcommand answers --help and -h with its usage; a command line it cannot take is refused in one line. */
class CommandHelpTest {

    /** Every command of the jar and each of its subcommands, e.g. [sfn], [sfn, run], found in the parser's tree. */
    static Stream<List<String>> everyCommand() {
        List<List<String>> all = new ArrayList<>();
        for (String name : Main.COMMANDS) {
            assertThat(Main.command(name)).as(name).isNotNull();
            collect(Main.command(name), List.of(name), all);
        }
        return all.stream();
    }

    private static void collect(CommandParser.Spec<?> command, List<String> words, List<List<String>> all) {
        all.add(words);
        command.subcommands().forEach((name, sub) -> {
            List<String> more = new ArrayList<>(words);
            more.add(name);
            collect(sub, more, all);
        });
    }

    @ParameterizedTest
    @MethodSource("everyCommand")
    void everyCommandAnswersHelpWithItsUsageAndExitCode0(List<String> command) {
        for (String help : List.of("--help", "-h")) {
            List<String> args = new ArrayList<>(command);
            args.add(help);
            UpCommandTest.Result r = UpCommandTest.run(args.toArray(String[]::new));
            assertThat(r.code()).as(args + ": " + r.err()).isZero();
            assertThat(r.err()).as(args.toString()).isEmpty();
            assertThat(r.out()).as(args.toString()).startsWith("usage: ").contains("controlplane " + String.join(" ", command))
                    .contains("-h, --help");
        }
    }

    @ParameterizedTest
    @MethodSource("everyCommand")
    void theProgramsUsageListsEveryCommand(List<String> command) {
        UpCommandTest.Result r = UpCommandTest.run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("  " + String.join(" ", command) + " ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "demo", "replicate", "runs", "faults", "sfn run", "sfn validate", "sfn bench", "webhook send",
        "promote retry", "promote rollback"})
    void anUnknownOptionIsRefusedInOneLineNamingItWithExitCode2(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--no-such-option");
        UpCommandTest.Result r = UpCommandTest.run(args.toArray(String[]::new));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).containsExactly("controlplane: unknown option '--no-such-option' for " + command,
                "run 'controlplane " + command + " --help' for usage");
    }

    @ParameterizedTest
    @ValueSource(strings = {"replicate --config", "up --data", "sfn run --name", "promote retry --by", "runs --team",
        "runs --team --json", "runs --team --jsn", "up --data --port-base 0"})
    void anOptionWithoutItsValueIsRefusedNamingIt(String commandLine) {
        String option = java.util.Arrays.stream(commandLine.split(" ")).filter(w -> w.startsWith("--")).findFirst().orElseThrow();
        UpCommandTest.Result r = UpCommandTest.run(commandLine.split(" "));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("controlplane: " + option + " needs a value\n").contains("--help' for usage")
                .doesNotContain("\tat ").doesNotContain("Exception");
    }

    @ParameterizedTest
    @ValueSource(strings = {"up --data=", "demo --data=", "runs --team="})
    void anEmptyValueIsRefusedBeforeAnythingRuns(String commandLine) {
        String option = commandLine.substring(commandLine.indexOf("--"), commandLine.indexOf('='));
        UpCommandTest.Result r = UpCommandTest.run(commandLine.split(" "));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("controlplane: " + option + " needs a value, got an empty one\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sfn", "promote", "webhook"})
    void aCommandOfSubcommandsNamesThemWhenNoneOrAnUnknownOneIsGiven(String command) {
        UpCommandTest.Result none = UpCommandTest.run(command);
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).startsWith("controlplane: " + command + " needs a subcommand: ");
        UpCommandTest.Result unknown = UpCommandTest.run(command, "frobnicate");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("controlplane: unknown " + command + " subcommand 'frobnicate' (expected ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sfn validate a.json b.json", "webhook send a.json b.json", "promote retry a/b/c 1.0 extra",
        "sfn run a.json b.json c.json", "sfn bench a.json b.json 1 2 3"})
    void anArgumentTooManyIsRefusedNamingIt(String commandLine) {
        UpCommandTest.Result r = UpCommandTest.run(commandLine.split(" "));
        assertThat(r.code()).isEqualTo(2);
        String[] words = commandLine.split(" ");
        assertThat(r.err()).contains("unexpected argument '" + words[words.length - 1] + "'");
    }
}
