package dev.aslengine.runtime;

import static dev.aslengine.runtime.Run.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The execution history: event sequence, ids and previous-event ids, and the GetExecutionHistory JSON shape. */
class HistoryTest {

    private static final String PASS_THEN_SUCCEED = """
            {"StartAt": "Greet", "States": {
              "Greet": {"Type": "Pass", "Result": {"hello": "world"}, "ResultPath": "$.greeting", "Next": "Done"},
              "Done": {"Type": "Succeed"}}}""";

    @Test
    void simpleRunRecordsEveryTransitionInOrder() {
        Execution e = Run.definition(PASS_THEN_SUCCEED, "{\"a\": 1}");
        assertThat(Run.eventTypes(e)).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited",
                "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded");
    }

    @Test
    void idsCountFromOneAndEachEventPointsToTheOneBefore() {
        List<HistoryEvent> events = Run.definition(PASS_THEN_SUCCEED, "{}").history().events();
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).id()).isEqualTo(i + 1);
            assertThat(events.get(i).previousEventId()).isEqualTo(i);
        }
    }

    @Test
    void eventTimestampsNeverGoBackwards() {
        List<HistoryEvent> events = Run.definition(PASS_THEN_SUCCEED, "{}").history().events();
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).timestamp()).isAfterOrEqualTo(events.get(i - 1).timestamp());
        }
    }

    @Test
    void stateEventsCarryTheStateNameAndItsInputAndOutput() {
        List<HistoryEvent> events = Run.definition(PASS_THEN_SUCCEED, "{\"a\": 1}").history().events();
        ObjectNode entered = events.get(1).details();
        assertThat(entered.get("name").asText()).isEqualTo("Greet");
        assertThat(entered.get("input")).isEqualTo(json("{\"a\": 1}"));
        ObjectNode exited = events.get(2).details();
        assertThat(exited.get("name").asText()).isEqualTo("Greet");
        assertThat(exited.get("output")).isEqualTo(json("{\"a\": 1, \"greeting\": {\"hello\": \"world\"}}"));
    }

    @Test
    void toAwsRendersPayloadsAsJsonStringsWithTheirDetails() {
        List<HistoryEvent> events = Run.definition(PASS_THEN_SUCCEED, "{\"a\": 1}").history().events();

        JsonNode started = events.get(0).toAws();
        assertThat(started.get("type").asText()).isEqualTo("ExecutionStarted");
        assertThat(started.get("id").asLong()).isEqualTo(1);
        assertThat(started.get("previousEventId").asLong()).isZero();
        assertThat(started.get("timestamp").isNumber()).isTrue();
        JsonNode startedDetails = started.get("executionStartedEventDetails");
        assertThat(startedDetails.get("input").isTextual()).isTrue();
        assertThat(json(startedDetails.get("input").asText())).isEqualTo(json("{\"a\": 1}"));
        assertThat(startedDetails.get("inputDetails")).isEqualTo(json("{\"truncated\": false}"));
        assertThat(startedDetails.get("roleArn").asText()).isEqualTo("arn:aws:iam::123456789012:role/StatesExecutionRole");

        JsonNode entered = events.get(1).toAws();
        assertThat(entered.get("stateEnteredEventDetails")).isEqualTo(json("""
                {"name": "Greet", "input": "{\\"a\\":1}", "inputDetails": {"truncated": false}}"""));

        JsonNode exited = events.get(2).toAws();
        assertThat(exited.get("stateExitedEventDetails")).isEqualTo(json("""
                {"name": "Greet", "output": "{\\"a\\":1,\\"greeting\\":{\\"hello\\":\\"world\\"}}", "outputDetails": {"truncated": false}}"""));

        JsonNode succeeded = events.get(5).toAws();
        assertThat(succeeded.get("executionSucceededEventDetails")).isEqualTo(json("""
                {"output": "{\\"a\\":1,\\"greeting\\":{\\"hello\\":\\"world\\"}}", "outputDetails": {"truncated": false}}"""));
    }

    @Test
    void executionStartedDetailsHaveOnlyTheMembersAwsDefines() {
        JsonNode details = Run.definition(PASS_THEN_SUCCEED, "{}").history().events().get(0).toAws().get("executionStartedEventDetails");
        assertThat(details.properties()).extracting(java.util.Map.Entry::getKey)
                .isSubsetOf("input", "inputDetails", "roleArn", "stateMachineAliasArn", "stateMachineVersionArn");
    }

    @Test
    void toAwsTimestampIsEpochSecondsWithMilliseconds() {
        HistoryEvent first = Run.definition(PASS_THEN_SUCCEED, "{}").history().events().get(0);
        JsonNode ts = first.toAws().get("timestamp");
        assertThat(ts.decimalValue().movePointRight(3).longValueExact()).isEqualTo(first.timestamp().toEpochMilli());
    }

    @Test
    void stringPayloadIsRenderedAsAJsonString() {
        // a state output that is itself a string shows as its JSON text, quotes included, as in AWS
        Execution e = Run.definition("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": "text", "End": true}}}""", "{}");
        JsonNode exited = e.history().events().get(2).toAws().get("stateExitedEventDetails");
        assertThat(exited.get("output").asText()).isEqualTo("\"text\"");
    }

    @Test
    void failStateEndsWithExecutionFailedAndNoExitEvent() {
        Execution e = Run.definition("""
                {"StartAt": "Check", "States": {
                  "Check": {"Type": "Pass", "Next": "Reject"},
                  "Reject": {"Type": "Fail", "Error": "Order.Rejected", "Cause": "out of stock"}}}""", "{}");
        assertThat(Run.eventTypes(e)).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited",
                "FailStateEntered", "ExecutionFailed");
        HistoryEvent failed = e.history().events().get(4);
        assertThat(failed.previousEventId()).isEqualTo(4);
        assertThat(failed.toAws().get("executionFailedEventDetails")).isEqualTo(json("""
                {"error": "Order.Rejected", "cause": "out of stock"}"""));
    }

    @Test
    void executionFailedLeavesOutAnErrorOrCauseThatIsNotSet() {
        Execution e = Run.definition("""
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "OnlyError"}}}""", "{}");
        JsonNode details = e.history().events().get(2).toAws().get("executionFailedEventDetails");
        assertThat(details).isEqualTo(json("{\"error\": \"OnlyError\"}"));
    }

    @Test
    void runtimeErrorInAStateFailsTheExecutionWithItsDetails() {
        Execution e = Run.definition("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.missing", "End": true}}}""", "{}");
        assertThat(Run.eventTypes(e)).containsExactly("ExecutionStarted", "PassStateEntered", "ExecutionFailed");
        JsonNode details = e.history().events().get(2).toAws().get("executionFailedEventDetails");
        assertThat(details.get("error").asText()).isEqualTo("States.Runtime");
        assertThat(details.get("cause").asText()).contains("$.missing");
    }

    @Test
    void assignedVariablesAppearOnTheExitEventAsJsonText() {
        Execution e = Run.definition("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {"n": 1, "s": "x", "o.$": "$"}, "End": true}}}""", "{\"k\": true}");
        JsonNode exited = e.history().events().get(2).toAws().get("stateExitedEventDetails");
        assertThat(exited.get("assignedVariables")).isEqualTo(json("{\"n\": \"1\", \"s\": \"\\\"x\\\"\", \"o\": \"{\\\"k\\\":true}\"}"));
        assertThat(exited.get("assignedVariablesDetails")).isEqualTo(json("{\"truncated\": false}"));
    }

    @Test
    void choiceAndWaitStatesHaveTheirOwnEventTypes() {
        Execution e = Run.definition("""
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [{"Variable": "$.go", "BooleanEquals": true, "Next": "W"}]},
                  "W": {"Type": "Wait", "Seconds": 1, "End": true}}}""", "{\"go\": true}");
        assertThat(Run.eventTypes(e)).containsExactly("ExecutionStarted", "ChoiceStateEntered", "ChoiceStateExited",
                "WaitStateEntered", "WaitStateExited", "ExecutionSucceeded");
    }

    @Test
    void taskEventsFollowTheStateEnteredEvent() {
        Execution e = Run.definition("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "f"}, "End": true}}}""", "{}", new DataFlowTest.FixedResult("{\"Payload\": 1}"));
        assertThat(Run.eventTypes(e)).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
                "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded");
        JsonNode scheduled = e.history().events().get(2).toAws().get("taskScheduledEventDetails");
        assertThat(scheduled.get("resourceType").asText()).isEqualTo("lambda");
        assertThat(scheduled.get("resource").asText()).isEqualTo("invoke");
        assertThat(scheduled.get("region").asText()).isEqualTo("us-east-1");
        assertThat(json(scheduled.get("parameters").asText())).isEqualTo(json("{\"FunctionName\": \"f\"}"));
        JsonNode succeeded = e.history().events().get(4).toAws().get("taskSucceededEventDetails");
        assertThat(succeeded.get("output").asText()).isEqualTo("{\"Payload\":1}");
        assertThat(succeeded.get("outputDetails")).isEqualTo(json("{\"truncated\": false}"));
    }
}
