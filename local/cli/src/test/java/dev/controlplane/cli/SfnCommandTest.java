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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code controlplane sfn run|validate}, run in-process: what it prints and its exit codes. */
class SfnCommandTest {
    @TempDir
    Path dir;

    /** The outcome of one command line. */
    record Outcome(int exitCode, String out, String err) {
        JsonNode result() {
            List<String> lines = out.lines().toList();
            assertThat(lines).as("stdout holds exactly one line").hasSize(1);
            JsonNode node = Json.parse(lines.get(0));
            assertThat(node.isObject()).isTrue();
            return node;
        }
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, o, e);
        }
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p.toString();
    }

    private static final String GREETER = """
            {"StartAt": "Greet", "States": {"Greet": {"Type": "Pass",
              "Parameters": {"greeting.$": "States.Format('Hello, {}!', $.name)"}, "End": true}}}""";

    @Test
    void successfulRunPrintsOneJsonObjectAndExitsZero() throws IOException {
        Outcome o = run("sfn", "run", file("greeter.asl.json", GREETER), file("input.json", "{\"name\": \"Ada\"}"));
        assertThat(o.exitCode()).isZero();
        JsonNode result = o.result();
        assertThat(result.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.get("output")).isEqualTo(Json.parse("{\"greeting\": \"Hello, Ada!\"}"));
        assertThat(result.get("error").isNull()).isTrue();
        assertThat(result.get("cause").isNull()).isTrue();
        assertThat(result.properties()).extracting(java.util.Map.Entry::getKey).containsExactly("status", "output", "error", "cause");
        assertThat(o.err()).isEmpty();
    }

    private static final Path MOCKS = Path.of("../../examples/mock-config");

    @Test
    void aTestCaseOfAMockConfigurationAnswersTheTasksWithItsMocks() {
        Outcome o = run("sfn", "run", MOCKS.resolve("LambdaSQSIntegration.asl.json").toString(), MOCKS.resolve("input.json").toString(),
                "--mock-config", MOCKS.resolve("MockConfigFile.json").toString(), "--test-case", "RetryPath", "--time-scale", "0", "--history");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.result().get("output").get("MessageId").asText()).isEqualTo("00000000-1111-4222-8333-444444444444");
        assertThat(o.err().lines().filter(l -> l.contains("\"type\":\"TaskFailed\""))).hasSize(3);
    }

    @Test
    void aMockedDefinitionFileNamedOtherwiseFindsTheOneStateMachineWithItsTestCase() throws IOException {
        String def = file("greeting.asl.json", java.nio.file.Files.readString(MOCKS.resolve("LambdaSQSIntegration.asl.json")));
        Outcome o = run("sfn", "run", def, "--mock-config", MOCKS.resolve("MockConfigFile.json").toString(), "--test-case", "NotReadyPath",
                "--time-scale", "0");
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.result().get("error").asText()).isEqualTo("Lambda.ResourceNotReadyException");
    }

    @Test
    void aBadMockConfigurationIsAUsageErrorNamingTheFileAndField() throws IOException {
        String mocks = file("mocks.json", """
                {"StateMachines": {"greeter": {"TestCases": {"T": {"Greet": "R"}}}},
                 "MockedResponses": {"R": {"0": {"Throw": {"Cause": "no error name"}}}}}""");
        Outcome o = run("sfn", "run", file("greeter.asl.json", GREETER), "--mock-config", mocks, "--test-case", "T");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).startsWith("controlplane: " + mocks + ": MockedResponses.R.0.Throw.Error must be the error's name, a non-empty string")
                .doesNotContain("Exception").doesNotContain("\tat ");
        Outcome unknownCase = run("sfn", "run", file("greeter2.asl.json", GREETER), "--mock-config", MOCKS.resolve("MockConfigFile.json").toString(),
                "--test-case", "SadPath");
        assertThat(unknownCase.exitCode()).isEqualTo(2);
        assertThat(unknownCase.err()).contains("no state machine has the test case 'SadPath'").contains("LambdaSQSIntegration=[");
        assertThat(run("sfn", "run", file("greeter3.asl.json", GREETER), "--test-case", "T").err()).contains("--mock-config FILE and --test-case NAME go together");
    }

    @Test
    void validateWarnsOfALoopThatNothingBounds() throws IOException {
        Outcome o = run("sfn", "validate", file("poll.asl.json", """
                {"StartAt": "Wait", "States": {
                  "Wait": {"Type": "Wait", "Seconds": 30, "Next": "Done?"},
                  "Done?": {"Type": "Choice", "Choices": [{"Variable": "$.done", "BooleanEquals": true, "Next": "End"}], "Default": "Wait"},
                  "End": {"Type": "Succeed"}}}"""));
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("  WARNING LOOP_WITHOUT_BOUND /States/Wait: The loop Wait -> Done? -> Wait has no bound on its transitions")
                .contains("valid (3 states, starts at \"Wait\"), with 1 warning(s) above");
    }

    @Test
    void runWithoutAnInputFileStartsWithAnEmptyObject() throws IOException {
        Outcome o = run("sfn", "run", file("echo.json", """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"""));
        assertThat(o.exitCode()).isZero();
        assertThat(o.result().get("output")).isEqualTo(Json.parse("{}"));
    }

    @Test
    void failedExecutionPrintsErrorAndCauseAndExitsOne() throws IOException {
        Outcome o = run("sfn", "run", file("fail.json", """
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Order.Rejected", "Cause": "out of stock"}}}"""));
        assertThat(o.exitCode()).isEqualTo(1);
        JsonNode result = o.result();
        assertThat(result.get("status").asText()).isEqualTo("FAILED");
        assertThat(result.get("output").isNull()).isTrue();
        assertThat(result.get("error").asText()).isEqualTo("Order.Rejected");
        assertThat(result.get("cause").asText()).isEqualTo("out of stock");
    }

    @Test
    void runtimeFailureExitsOne() throws IOException {
        Outcome o = run("sfn", "run", file("m.json", """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.missing", "End": true}}}"""));
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.result().get("error").asText()).isEqualTo("States.Runtime");
    }

    @Test
    void invalidDefinitionExitsTwoWithTheProblemsOnStderr() throws IOException {
        String def = file("broken.json", """
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nope"}, "B": {"Type": "Wait", "End": true}}}""");
        Outcome o = run("sfn", "run", def);
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).contains(def).contains("/States/A/Next: state \"Nope\" does not exist").contains("/States/B");
    }

    @Test
    void definitionThatIsNotJsonExitsTwo() throws IOException {
        Outcome o = run("sfn", "run", file("garbage.json", "{\"StartAt\": "));
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).contains("not valid JSON");
    }

    @Test
    void inputThatIsNotJsonExitsTwo() throws IOException {
        String input = file("bad-input.json", "{name: Ada}");
        Outcome o = run("sfn", "run", file("greeter.json", GREETER), input);
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).contains(input).contains("not valid JSON");
    }

    @Test
    void missingDefinitionFileExitsTwoWithAClearMessageAndNoStackTrace() {
        String missing = dir.resolve("nowhere.json").toString();
        Outcome o = run("sfn", "run", missing);
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).contains(missing).contains("no such definition file");
        assertThat(o.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void missingInputFileExitsTwo() throws IOException {
        Outcome o = run("sfn", "run", file("greeter.json", GREETER), dir.resolve("no-input.json").toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("no such input file").doesNotContain("Exception");
    }

    @Test
    void historyIsWrittenToStderrAsJsonLines() throws IOException {
        Outcome o = run("sfn", "run", file("greeter.json", GREETER), file("in.json", "{\"name\": \"Ada\"}"), "--history");
        assertThat(o.exitCode()).isZero();
        assertThat(o.result().get("status").asText()).isEqualTo("SUCCEEDED");
        List<JsonNode> events = o.err().lines().map(Json::parse).toList();
        assertThat(events).extracting(e -> e.get("type").asText())
                .containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
        assertThat(events).extracting(e -> e.get("id").asLong()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(events.get(0).get("executionStartedEventDetails").get("input").isTextual()).isTrue();
    }

    @Test
    void historyOfAFailedRunEndsWithExecutionFailed() throws IOException {
        Outcome o = run("sfn", "run", "--history", file("fail.json", """
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "C"}}}"""));
        assertThat(o.exitCode()).isEqualTo(1);
        List<String> lines = o.err().lines().toList();
        JsonNode last = Json.parse(lines.get(lines.size() - 1));
        assertThat(last.get("type").asText()).isEqualTo("ExecutionFailed");
        assertThat(last.get("executionFailedEventDetails")).isEqualTo(Json.parse("{\"error\": \"E\", \"cause\": \"C\"}"));
    }

    @Test
    void timeScaleZeroSkipsWaits() throws IOException {
        Outcome o = run("sfn", "run", file("wait.json", """
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 86400, "End": true}}}"""), "--time-scale", "0");
        assertThat(o.exitCode()).isZero();
    }

    @Test
    void executionNameOptionNamesTheExecution() throws IOException {
        Outcome o = run("sfn", "run", file("name.json", """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"n.$": "$$.Execution.Name"}, "End": true}}}"""),
                "--name", "nightly-1");
        assertThat(o.result().get("output")).isEqualTo(Json.parse("{\"n\": \"nightly-1\"}"));
    }

    @Test
    void invalidExecutionNameExitsTwo() throws IOException {
        Outcome o = run("sfn", "run", file("name.json", GREETER), "--name", "has space");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).contains("InvalidName");
    }

    @Test
    void badTimeScaleExitsTwo() throws IOException {
        Outcome o = run("sfn", "run", file("g.json", GREETER), "--time-scale", "fast");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("--time-scale");
    }

    @Test
    void unknownOptionExitsTwo() throws IOException {
        Outcome o = run("sfn", "run", file("g.json", GREETER), "--verbose");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("--verbose");
    }

    @Test
    void validateAcceptsAValidDefinition() throws IOException {
        Outcome o = run("sfn", "validate", file("greeter.json", GREETER));
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("valid").contains("Greet");
        assertThat(o.err()).isEmpty();
    }

    @Test
    void validateReportsEveryProblemWithStateAndField() throws IOException {
        Outcome o = run("sfn", "validate", file("broken.json", """
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nope"}, "W": {"Type": "Wait", "Seconds": 1, "Timestamp": "2030-01-01T00:00:00Z", "End": true}}}"""));
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).contains("/States/A/Next").contains("/States/W");
        assertThat(o.err()).contains("ERROR MISSING_TRANSITION_TARGET /States/A/Next: state \"Nope\" does not exist");
    }

    @Test
    void validatePrintsTheWarningsOfValidateStateMachineDefinitionAndStillPasses() throws IOException {
        Outcome o = run("sfn", "validate", file("warned.json", """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"id": "$.order.id"}, "End": true}}}"""));
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("WARNING NO_DOLLAR /States/P/Parameters/id").contains("valid");
    }

    @Test
    void validateOfAMissingFileExitsTwo() {
        Outcome o = run("sfn", "validate", dir.resolve("none.json").toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("no such definition file").doesNotContain("Exception");
    }

    @Test
    void noArgumentsPrintsUsageAndExitsTwo() {
        Outcome o = run();
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("usage");
    }

    @Test
    void unknownCommandExitsTwo() {
        Outcome o = run("deploy");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("unknown command 'deploy'");
    }

    @Test
    void helpPrintsUsageToStdoutAndExitsZero() {
        Outcome o = run("help");
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("sfn run").contains("sfn validate");
    }
}
