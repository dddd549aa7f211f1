package dev.aslengine.runtime;

import static dev.aslengine.runtime.Run.json;
import static dev.aslengine.runtime.Run.output;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.StatesError;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Pass, Choice, Wait, Succeed and Fail states (JSONPath). */
class StatesTest {

    // ---- Wait of zero seconds: the ASL specification asks for a positive number, AWS accepts and runs 0

    @Test
    void waitOfZeroSecondsIsAcceptedAndPassesItsInput() {
        assertThat(output("""
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 0, "End": true}}}""", "{\"a\": 1}"))
                .isEqualTo(json("{\"a\": 1}"));
    }

    // ---- Pass

    @Test
    void passWithoutFieldsPassesItsInput() {
        assertThat(output("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}""", "{\"a\": [1]}")).isEqualTo(json("{\"a\": [1]}"));
    }

    @Test
    void passResultCanBeAnyJsonValue() {
        assertThat(output("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": "text", "End": true}}}""", "{}")).isEqualTo(json("\"text\""));
        assertThat(output("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": null, "ResultPath": "$.r", "End": true}}}""", "{}"))
                .isEqualTo(json("{\"r\": null}"));
    }

    @Test
    void passResultIsNotEvaluatedAsPaths() {
        assertThat(output("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"x.$": "$.a"}, "End": true}}}""", "{\"a\": 1}"))
                .isEqualTo(json("{\"x.$\": \"$.a\"}"));
    }

    @Test
    void passStatesChainThroughNext() {
        assertThat(output("""
                {"StartAt": "A", "States": {
                  "A": {"Type": "Pass", "Result": 1, "ResultPath": "$.a", "Next": "B"},
                  "B": {"Type": "Pass", "Result": 2, "ResultPath": "$.b", "Next": "C"},
                  "C": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a, $.b)"}, "End": true}}}""", "{}"))
                .isEqualTo(json("{\"sum\": 3}"));
    }

    // ---- Choice

    private static final String ROUTER = """
            {"StartAt": "Route", "States": {
              "Route": {"Type": "Choice", "Choices": [
                {"Variable": "$.kind", "StringEquals": "a", "Next": "IsA"},
                {"And": [{"Variable": "$.n", "IsNumeric": true}, {"Variable": "$.n", "NumericGreaterThanEquals": 100}], "Next": "Big"},
                {"Not": {"Variable": "$.flag", "IsPresent": true}, "Next": "NoFlag"}],
               "Default": "Fallback"},
              "IsA": {"Type": "Pass", "Result": "a", "End": true},
              "Big": {"Type": "Pass", "Result": "big", "End": true},
              "NoFlag": {"Type": "Pass", "Result": "no-flag", "End": true},
              "Fallback": {"Type": "Pass", "Result": "default", "End": true}}}""";

    @Test
    void choiceTakesTheFirstMatchingRule() {
        assertThat(output(ROUTER, "{\"kind\": \"a\", \"n\": 500}")).isEqualTo(json("\"a\""));
        assertThat(output(ROUTER, "{\"kind\": \"b\", \"n\": 500}")).isEqualTo(json("\"big\""));
        assertThat(output(ROUTER, "{\"kind\": \"b\", \"n\": 5}")).isEqualTo(json("\"no-flag\""));
    }

    @Test
    void choiceFallsBackToDefault() {
        assertThat(output(ROUTER, "{\"kind\": \"b\", \"n\": 5, \"flag\": true}")).isEqualTo(json("\"default\""));
    }

    @Test
    void choiceWithNoMatchAndNoDefaultFailsWithNoChoiceMatched() {
        Execution e = Run.definition("""
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "BooleanEquals": true, "Next": "Yes"}]},
                  "Yes": {"Type": "Succeed"}}}""", "{\"x\": false}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(StatesError.NO_CHOICE_MATCHED);
    }

    @Test
    void noChoiceMatchedInABranchCanBeCaughtByTheEnclosingState() {
        Execution e = Run.definition("""
                {"StartAt": "P", "States": {
                  "P": {"Type": "Parallel", "End": true, "Catch": [{"ErrorEquals": ["States.NoChoiceMatched"], "Next": "Caught"}],
                        "Branches": [{"StartAt": "C", "States": {
                          "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "BooleanEquals": true, "Next": "Yes"}]},
                          "Yes": {"Type": "Succeed"}}}]},
                  "Caught": {"Type": "Pass", "End": true}}}""", "{\"x\": false}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output().get("Error").asText()).isEqualTo(StatesError.NO_CHOICE_MATCHED);
    }

    @Test
    void choicePassesItsEffectiveInputThroughOutputPath() {
        JsonNode out = output("""
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "InputPath": "$.inner", "OutputPath": "$.keep",
                        "Choices": [{"Variable": "$.go", "BooleanEquals": true, "Next": "Done"}]},
                  "Done": {"Type": "Succeed"}}}""", "{\"inner\": {\"go\": true, \"keep\": {\"k\": 1}}, \"outer\": 0}");
        assertThat(out).isEqualTo(json("{\"k\": 1}"));
    }

    @Test
    void choiceRulesCanCompareWithAVariable() {
        JsonNode out = output("""
                {"StartAt": "Set", "States": {
                  "Set": {"Type": "Pass", "Assign": {"limit": 10}, "Next": "C"},
                  "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThanPath": "$limit", "Next": "Over"}], "Default": "Under"},
                  "Over": {"Type": "Pass", "Result": "over", "End": true},
                  "Under": {"Type": "Pass", "Result": "under", "End": true}}}""", "{\"n\": 11}");
        assertThat(out).isEqualTo(json("\"over\""));
    }

    // ---- Wait

    private static Execution waitWith(String fields, String input) {
        return Run.definition("""
                {"StartAt": "W", "States": {"W": {"Type": "Wait", %s, "Next": "Done"}, "Done": {"Type": "Succeed"}}}""".formatted(fields), input);
    }

    @Test
    void waitSecondsPassesItsInputOn() {
        Execution e = waitWith("\"Seconds\": 600", "{\"a\": 1}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("{\"a\": 1}"));
        assertThat(Run.eventTypes(e)).contains("WaitStateEntered", "WaitStateExited");
    }

    @Test
    void waitTimestampInTheFutureSucceeds() {
        String at = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(waitWith("\"Timestamp\": \"" + at + "\"", "{}").status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void waitTimestampInThePastDoesNotWait() {
        Execution e = Run.definition("""
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "2001-01-01T00:00:00Z", "Next": "Done"}, "Done": {"Type": "Succeed"}}}""",
                "{}", Engine.builder().timeScale(1));
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void waitSecondsPathReadsTheInput() {
        Execution e = waitWith("\"SecondsPath\": \"$.delay\"", "{\"delay\": 30}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void waitSecondsPathThatIsNotANumberFailsWithStatesRuntime() {
        Execution e = waitWith("\"SecondsPath\": \"$.delay\"", "{\"delay\": \"soon\"}");
        assertThat(e.error()).isEqualTo(StatesError.RUNTIME);
        assertThat(e.cause()).contains("SecondsPath");
    }

    @Test
    void waitSecondsPathThatIsNegativeFailsWithStatesRuntime() {
        assertThat(waitWith("\"SecondsPath\": \"$.delay\"", "{\"delay\": -1}").error()).isEqualTo(StatesError.RUNTIME);
    }

    @Test
    void waitSecondsPathThatMatchesNothingFailsWithStatesRuntime() {
        assertThat(waitWith("\"SecondsPath\": \"$.delay\"", "{}").error()).isEqualTo(StatesError.RUNTIME);
    }

    @Test
    void waitTimestampPathReadsTheInput() {
        assertThat(waitWith("\"TimestampPath\": \"$.at\"", "{\"at\": \"2030-06-01T12:00:00+02:00\"}").status())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void waitTimestampPathThatIsNotATimestampFailsWithStatesRuntime() {
        Execution e = waitWith("\"TimestampPath\": \"$.at\"", "{\"at\": \"next tuesday\"}");
        assertThat(e.error()).isEqualTo(StatesError.RUNTIME);
        assertThat(e.cause()).contains("TimestampPath");
    }

    @Test
    void waitAppliesInputPathAndOutputPath() {
        Execution e = waitWith("\"Seconds\": 1, \"InputPath\": \"$.a\", \"OutputPath\": \"$.b\"", "{\"a\": {\"b\": 2}}");
        assertThat(e.output()).isEqualTo(json("2"));
    }

    @Test
    void timeScaleCompressesAWait() {
        // an hour's wait at a ten-thousandth of real time takes 0.36 s; the run guard allows 30 s
        Execution e = Run.definition("""
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": true}}}""", "{}",
                Engine.builder().timeScale(0.0001));
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void timeScaleCompressesAWaitUntilATimestamp() {
        String at = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        Execution e = Run.definition("""
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "%s", "End": true}}}""".formatted(at), "{}",
                Engine.builder().timeScale(0.0001));
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void negativeTimeScaleIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Engine.builder().timeScale(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- Succeed

    @Test
    void succeedEndsTheExecutionWithItsInput() {
        Execution e = Run.definition("""
                {"StartAt": "S", "States": {"S": {"Type": "Succeed"}}}""", "{\"a\": 1}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("{\"a\": 1}"));
    }

    @Test
    void succeedAppliesInputPathAndOutputPath() {
        assertThat(output("""
                {"StartAt": "S", "States": {"S": {"Type": "Succeed", "InputPath": "$.a", "OutputPath": "$.b"}}}""",
                "{\"a\": {\"b\": [1]}}")).isEqualTo(json("[1]"));
    }

    @Test
    void succeedInTheMiddleStopsTheExecution() {
        Execution e = Run.definition("""
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "BooleanEquals": true, "Next": "Stop"}], "Default": "More"},
                  "Stop": {"Type": "Succeed"},
                  "More": {"Type": "Pass", "Result": "more", "End": true}}}""", "{\"stop\": true}");
        assertThat(e.output()).isEqualTo(json("{\"stop\": true}"));
        assertThat(Run.eventTypes(e)).doesNotContain("PassStateEntered");
    }

    // ---- Fail

    @Test
    void failEndsTheExecutionWithItsErrorAndCause() {
        Execution e = Run.definition("""
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Order.Rejected", "Cause": "out of stock"}}}""", "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("Order.Rejected");
        assertThat(e.cause()).isEqualTo("out of stock");
        assertThat(e.output()).isNull();
    }

    @Test
    void failWithoutErrorOrCauseLeavesThemUnset() {
        Execution e = Run.definition("""
                {"StartAt": "F", "States": {"F": {"Type": "Fail"}}}""", "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isNull();
        assertThat(e.cause()).isNull();
    }

    @Test
    void failErrorPathAndCausePathReadTheInput() {
        Execution e = Run.definition("""
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.err.name", "CausePath": "$.err.why"}}}""",
                "{\"err\": {\"name\": \"Custom.Error\", \"why\": \"because\"}}");
        assertThat(e.error()).isEqualTo("Custom.Error");
        assertThat(e.cause()).isEqualTo("because");
    }

    @Test
    void failErrorPathCanReadTheContextObject() {
        Execution e = Run.definition("""
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "CausePath": "$$.Execution.Name"}}}""", "{}");
        assertThat(e.cause()).isEqualTo("run-1");
    }

    @Test
    void failErrorPathAndCausePathAcceptIntrinsicFunctions() {
        Execution e = Run.definition("""
                {"StartAt": "F", "States": {"F": {"Type": "Fail",
                  "ErrorPath": "States.Format('Order.{}', $.code)", "CausePath": "States.JsonToString($.detail)"}}}""",
                "{\"code\": \"Rejected\", \"detail\": {\"sku\": \"S1\"}}");
        assertThat(e.error()).isEqualTo("Order.Rejected");
        assertThat(e.cause()).isEqualTo("{\"sku\":\"S1\"}");
    }

    @Test
    void failInsideAParallelBranchFailsTheExecution() {
        Execution e = Run.definition("""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Branch.Failed", "Cause": "inner"}}}]}}}""", "{}");
        assertThat(e.error()).isEqualTo("Branch.Failed");
        assertThat(e.cause()).isEqualTo("inner");
    }
}
