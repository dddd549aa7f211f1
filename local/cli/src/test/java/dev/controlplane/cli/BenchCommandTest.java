package dev.controlplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p.toString();
    }

    private static final String PASS = """
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"v.$": "$.v", "k": "x"}, "End": true}}}""";

    @Test
    void printsOneLineWithTheNodeDriversFieldsAndTheWarmupCount() throws IOException {
        String def = file("pass.asl.json", PASS);
        String in = file("in.json", "{\"v\": 7}");

        int code = run("sfn", "bench", def, in, "1", "3", "--warmup", "2");

        assertThat(code).as(err.toString()).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.strip()).doesNotContain("\n");
        JsonNode line = Json.parse(text);
        assertThat(line.fieldNames()).toIterable().containsExactly("engine", "def", "runs", "warmup_runs", "first_ms",
                "median_ms", "min_ms", "max_ms", "exec_per_s", "transitions_per_s", "us_per_transition", "output_check");
        assertThat(line.get("def").asText()).isEqualTo(def);
        assertThat(line.get("runs").asInt()).isEqualTo(3);
        assertThat(line.get("warmup_runs").asInt()).isEqualTo(2);
        assertThat(line.get("min_ms").asDouble()).isLessThanOrEqualTo(line.get("median_ms").asDouble());
        assertThat(line.get("median_ms").asDouble()).isLessThanOrEqualTo(line.get("max_ms").asDouble());
        assertThat(line.get("output_check").asText()).isEqualTo("{\"v\":7,\"k\":\"x\"}");
    }

    @Test
    void runsDefaultToTwentyAfterTwoHundredWarmups() throws IOException {
        String def = file("pass.asl.json", PASS);
        String in = file("in.json", "{\"v\": 1}");

        assertThat(run("sfn", "bench", def, in, "1")).isZero();

        JsonNode line = Json.parse(out.toString(StandardCharsets.UTF_8));
        assertThat(line.get("runs").asInt()).isEqualTo(20);
        assertThat(line.get("warmup_runs").asInt()).isEqualTo(200);
    }

    @Test
    void perTransitionFiguresDivideTheMedianByTheTransitionsGiven() {
        var plan = new BenchCommand.Plan(Path.of("d.json"), Path.of("i.json"), 1000, 4, 5);
        // Node's driver takes sorted[floor(n / 2)], the upper middle for an even count.
        var timings = new BenchCommand.Timings(9.0, new double[] {4.0, 1.0, 2.0, 3.0});

        JsonNode line = BenchCommand.report(plan, timings, Json.object());

        assertThat(line.get("median_ms").asDouble()).isEqualTo(3.0);
        assertThat(line.get("first_ms").asDouble()).isEqualTo(9.0);
        assertThat(line.get("min_ms").asDouble()).isEqualTo(1.0);
        assertThat(line.get("max_ms").asDouble()).isEqualTo(4.0);
        assertThat(line.get("us_per_transition").asDouble()).isEqualTo(3.0);
        assertThat(line.get("transitions_per_s").asLong()).isEqualTo(333_333);
        assertThat(line.get("exec_per_s").asDouble()).isEqualTo(333.3);
    }

    @Test
    void outputCheckShowsAnArrayByItsLengthAndLastElement() {
        assertThat(BenchCommand.outputCheck(Json.parse("[{\"a\":1},{\"a\":2}]"))).isEqualTo("array[2] last={\"a\":2}");
    }

    @Test
    void outputCheckIsCutAt120Characters() {
        assertThat(BenchCommand.outputCheck(Json.parse("{\"s\":\"" + "x".repeat(300) + "\"}"))).hasSize(120);
    }

    @Test
    void aFailedExecutionEndsTheBenchWithExitCode1AndSaysWhy() throws IOException {
        String def = file("fail.asl.json", """
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom", "Cause": "on purpose"}}}""");
        String in = file("in.json", "{}");

        int code = run("sfn", "bench", def, in, "1", "2");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("run 1").contains("FAILED").contains("Boom").contains("on purpose");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anInvalidDefinitionExitsWith2() throws IOException {
        String def = file("bad.asl.json", "{\"StartAt\": \"Nowhere\", \"States\": {}}");
        String in = file("in.json", "{}");

        assertThat(run("sfn", "bench", def, in, "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad.asl.json");
    }

    @Test
    void transitionsMustBeAPositiveWholeNumber() throws IOException {
        String def = file("pass.asl.json", PASS);
        String in = file("in.json", "{}");

        assertThat(run("sfn", "bench", def, in, "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("TRANSITIONS expects a whole number >= 1, got '0'");
    }

    @Test
    void missingArgumentsPrintTheUsage() {
        assertThat(run("sfn", "bench", "only.json")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: controlplane sfn bench DEFINITION.json INPUT.json TRANSITIONS [RUNS]");
    }

    @Test
    void anInputThatIsNotJsonIsNamed() throws IOException {
        String def = file("pass.asl.json", PASS);
        String in = file("in.json", "{oops");

        assertThat(run("sfn", "bench", def, in, "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("in.json: the input is not valid JSON");
    }
}
