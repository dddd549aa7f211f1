package dev.controlplane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.runtime.Engine;
import dev.aslengine.runtime.EngineException;
import dev.aslengine.runtime.Execution;
import dev.aslengine.runtime.StateMachine;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code controlplane sfn bench DEFINITION.json INPUT.json TRANSITIONS [RUNS]}: times warm executions
 * in-process, printing the same JSON fields as the anchor's Node driver (run_local_sfn.mjs) so the two
 * lines can be compared field by field.
 */
final class BenchCommand {
    static final int DEFAULT_RUNS = 20;
    static final int WARMUP_RUNS = 200;
    static final String USAGE = "usage: controlplane sfn bench DEFINITION.json INPUT.json TRANSITIONS [RUNS] [--warmup N]";

    private BenchCommand() {}

    /** The arguments of one bench, checked. */
    record Plan(Path definition, Path input, long transitions, int runs, int warmups) {
        static Plan of(List<String> positional, String warmup) {
            int warmups = warmup == null ? WARMUP_RUNS : positiveInt(warmup, "--warmup", 0);
            if (positional.size() < 3) throw new Main.UsageException(USAGE);
            int transitions = positiveInt(positional.get(2), "TRANSITIONS", 1);
            int runs = positional.size() == 4 ? positiveInt(positional.get(3), "RUNS", 1) : DEFAULT_RUNS;
            return new Plan(Path.of(positional.get(0)), Path.of(positional.get(1)), transitions, runs, warmups);
        }

        private static int positiveInt(String text, String what, int min) {
            try {
                int v = Integer.parseInt(text);
                if (v >= min) return v;
            } catch (NumberFormatException e) {
                // reported below with the expected form
            }
            throw new Main.UsageException(what + " expects a whole number >= " + min + ", got '" + text + "'");
        }
    }

    /** Times of one bench in milliseconds: the very first (cold) execution, then the timed runs after warm-up. */
    record Timings(double firstMs, double[] runMs) {
        double medianMs() {
            double[] sorted = runMs.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2];
        }

        double minMs() {
            return Arrays.stream(runMs).min().orElseThrow();
        }

        double maxMs() {
            return Arrays.stream(runMs).max().orElseThrow();
        }
    }

    /** The command line of {@code sfn bench}. */
    static CommandParser.Spec<Cli> cli() {
        return CommandParser.command("bench", USAGE, "Times warm in-process executions of a state machine (bench/sfn.sh) and"
                        + " prints one JSON line with the fields of the Node driver run_local_sfn.mjs.", Cli::new)
                .arguments("DEFINITION.json INPUT.json TRANSITIONS [RUNS]", 4, "the definition, its input, the transitions one"
                        + " execution makes, the timed runs (default " + DEFAULT_RUNS + ")")
                .option("--warmup", "N", "untimed executions first (default " + WARMUP_RUNS + ")");
    }

    /** What {@code sfn bench} is asked. */
    static final class Cli implements CommandParser.Command {
        final List<String> arguments;
        final String warmup;

        Cli(CommandParser.Values v) {
            arguments = v.arguments();
            warmup = v.last("--warmup");
        }

        @Override
        public int run(PrintStream out, PrintStream err) {
            return BenchCommand.run(Plan.of(arguments, warmup), out, err);
        }
    }

    static int run(Plan plan, PrintStream out, PrintStream err) {
        String definition = read(plan.definition(), "definition");
        JsonNode input;
        try {
            input = Json.parse(read(plan.input(), "input"));
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(plan.input() + ": the input is not valid JSON: " + e.getMessage());
        }
        try (Engine engine = Engine.builder().timeScale(0).retainedExecutions(16).build()) {
            StateMachine sm;
            try {
                sm = engine.createStateMachine("bench", definition, null);
            } catch (EngineException e) {
                err.println("controlplane: " + plan.definition() + ": " + e.errorCode() + ": " + e.getMessage());
                return 2;
            }
            double first = 0;
            double[] times = new double[plan.runs()];
            JsonNode output = null;
            for (int r = 0; r < plan.warmups() + plan.runs(); r++) {
                long t0 = System.nanoTime();
                // as sfn run does: the execution runs on this thread, which would only wait for it
                Execution execution = engine.runExecution(sm.arn(), null, input, null);
                double ms = (System.nanoTime() - t0) / 1e6;
                if (!execution.status().name().equals("SUCCEEDED")) {
                    err.println("controlplane: run " + (r + 1) + " of " + plan.definition() + " ended " + execution.status()
                            + ": " + execution.error() + ": " + execution.cause());
                    return 1;
                }
                if (r == 0) first = ms;
                if (r >= plan.warmups()) times[r - plan.warmups()] = ms;
                output = execution.output();
            }
            out.println(Json.write(report(plan, new Timings(first, times), output)));
            return 0;
        }
    }

    /** The Node driver's fields and rounding, plus how many untimed warm-up runs preceded the timed ones. */
    static ObjectNode report(Plan plan, Timings t, JsonNode output) {
        double median = t.medianMs();
        ObjectNode line = Json.object();
        line.put("engine", "controlplane-asl-engine");
        line.put("def", plan.definition().toString());
        line.put("runs", plan.runs());
        line.put("warmup_runs", plan.warmups());
        line.put("first_ms", round(t.firstMs(), 2));
        line.put("median_ms", round(median, 2));
        line.put("min_ms", round(t.minMs(), 2));
        line.put("max_ms", round(t.maxMs(), 2));
        line.put("exec_per_s", round(1000 / median, 1));
        line.put("transitions_per_s", Math.round(plan.transitions() * 1000 / median));
        line.put("us_per_transition", round(median * 1000 / plan.transitions(), 2));
        line.put("output_check", outputCheck(output));
        return line;
    }

    /** Same shape as the Node driver's check: arrays by length and last element, anything else as JSON; 120 chars at most. */
    static String outputCheck(JsonNode output) {
        String check = output != null && output.isArray()
                ? "array[" + output.size() + "] last=" + Json.write(output.get(output.size() - 1))
                : Json.write(output);
        return check.length() > 120 ? check.substring(0, 120) : check;
    }

    private static double round(double v, int places) {
        return BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Main.UsageException(file + ": cannot read the " + what + " file: " + e.getMessage());
        }
    }
}
