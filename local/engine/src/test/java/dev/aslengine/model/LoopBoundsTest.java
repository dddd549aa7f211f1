package dev.aslengine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoopBoundsTest {
    private static List<DefinitionDiagnostics.Diagnostic> loops(String definition) {
        return LoopBounds.of(DefinitionParser.parse(definition));
    }

    @Test
    void aStateThatLoopsOnItselfHasNoBound() {
        List<DefinitionDiagnostics.Diagnostic> found = loops("""
                {"StartAt": "Spin", "States": {"Spin": {"Type": "Pass", "Next": "Spin"}}}""");
        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo("WARNING");
            assertThat(d.code()).isEqualTo("LOOP_WITHOUT_BOUND");
            assertThat(d.location()).isEqualTo("/States/Spin");
            assertThat(d.message()).startsWith("The loop Spin -> Spin has no bound on its transitions: no Choice leaves it on a numeric counter")
                    .endsWith("a long run can reach the quota of 25000 history events, and the execution then fails (States.Runtime)");
        });
    }

    @Test
    void aCounterComparedOnTheWayOutBoundsTheLoop() {
        assertThat(loops("""
                {"StartAt": "Count", "States": {
                  "Count": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "Enough"},
                  "Enough": {"Type": "Choice", "Choices": [{"And": [{"Variable": "$.n", "NumericGreaterThanEquals": 10},
                                                                    {"Variable": "$.n", "IsNumeric": true}], "Next": "Done"}],
                             "Default": "Count"},
                  "Done": {"Type": "Succeed"}}}""")).isEmpty();
    }

    @Test
    void aLoopLeftOnlyOnAStringIsNotBounded() {
        assertThat(loops("""
                {"StartAt": "Poll", "States": {
                  "Poll": {"Type": "Pass", "Next": "Done?"},
                  "Done?": {"Type": "Choice", "Choices": [{"Variable": "$.state", "StringEquals": "DONE", "Next": "End"}], "Default": "Poll"},
                  "End": {"Type": "Succeed"}}}""")).singleElement()
                .satisfies(d -> assertThat(d.message()).startsWith("The loop Poll -> Done? -> Poll has no bound"));
    }

    @Test
    void aWaitBoundsTheLoopOnlyWithATimeoutThatKeepsItUnderTheQuota() {
        String poll = """
                {"StartAt": "Wait", %s "States": {
                  "Wait": {"Type": "Wait", "Seconds": %d, "Next": "Done?"},
                  "Done?": {"Type": "Choice", "Choices": [{"Variable": "$.state", "StringEquals": "DONE", "Next": "End"}], "Default": "Wait"},
                  "End": {"Type": "Succeed"}}}""";
        assertThat(loops(poll.formatted("\"TimeoutSeconds\": 3600,", 60))).as("61 rounds of 4 events").isEmpty();
        assertThat(loops(poll.formatted("\"TimeoutSeconds\": 86400,", 1))).singleElement().satisfies(d -> assertThat(d.message())
                .contains("in the state machine's TimeoutSeconds (86400) its Wait states (1 s a round) allow 86401 rounds of at least 4 events, 345604 in all"));
        assertThat(loops(poll.formatted("", 60))).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("it waits each round but the state machine has no literal TimeoutSeconds to end it"));
    }

    @Test
    void loopsInsideMapAndParallelAreFoundWhereTheyAre() {
        List<DefinitionDiagnostics.Diagnostic> found = loops("""
                {"StartAt": "M", "States": {
                  "M": {"Type": "Map", "Next": "P", "ItemProcessor": {"StartAt": "Again", "States": {
                    "Again": {"Type": "Pass", "Next": "Again"}}}},
                  "P": {"Type": "Parallel", "End": true, "Branches": [
                    {"StartAt": "Ok", "States": {"Ok": {"Type": "Pass", "End": true}}},
                    {"StartAt": "Try", "States": {"Try": {"Type": "Pass", "Next": "Fail"},
                      "Fail": {"Type": "Fail", "Error": "E"}}},
                    {"StartAt": "Retry", "States": {"Retry": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true,
                      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Retry"}]}}}]}}}""");
        assertThat(found).extracting(DefinitionDiagnostics.Diagnostic::location)
                .containsExactly("/States/M/ItemProcessor/States/Again", "/States/P/Branches/2/States/Retry");
    }

    @Test
    void aDefinitionWithoutLoopsHasNone() {
        assertThat(loops("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}""")).isEmpty();
    }
}
