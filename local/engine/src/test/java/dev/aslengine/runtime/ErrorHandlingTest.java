package dev.aslengine.runtime;

import static dev.aslengine.runtime.Machines.arn;
import static dev.aslengine.runtime.Machines.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aslengine.Json;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ErrorHandlingTest {
    private final Machines m = new Machines();

    @AfterEach
    void close() {
        m.close();
    }

    static final class OrderRejected extends RuntimeException {
        OrderRejected(String message) {
            super(message);
        }
    }

    private Machines failing() {
        return m.function("reject", p -> {
            throw new OrderRejected("order " + p.path("id").asText() + " is rejected");
        });
    }

    private static String taskWithCatch(String resource, String extra, String errorEquals, String catchExtra) {
        return """
            {"StartAt": "T", "States": {
              "T": {"Type": "Task", "Resource": "%s", %s "End": true,
                    "Catch": [{"ErrorEquals": [%s], %s "Next": "Handled"}]},
              "Handled": {"Type": "Pass", "End": true}}}
            """.formatted(resource, extra, errorEquals, catchExtra);
    }

    @Test
    void statesAllCatchesAFunctionErrorNamedByItsExceptionClass() {
        failing();
        Execution e = m.run(taskWithCatch(arn("reject"), "", "\"States.ALL\"", ""), "{\"id\": 7}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output().get("Error").asText()).isEqualTo(OrderRejected.class.getName());
        assertThat(Json.parse(e.output().get("Cause").asText()).get("errorMessage").asText()).isEqualTo("order 7 is rejected");
    }

    @Test
    void statesAllDoesNotCatchStatesRuntimeFromAnInputPathSelectingNothing() {
        m.function("echo", p -> p);
        Execution e = m.run(taskWithCatch(arn("echo"), "\"InputPath\": \"$.missing\",", "\"States.ALL\"", ""), "{\"id\": 7}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("States.Runtime");
        assertThat(e.cause()).contains("$.missing");
    }

    @Test
    void statesAllDoesNotCatchDataLimitExceededFromAResultOver256KiB() {
        m.function("big", p -> Json.NODES.textNode("x".repeat(257 * 1024)));
        Execution e = m.run(taskWithCatch(arn("big"), "", "\"States.ALL\"", ""), "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("States.DataLimitExceeded");
    }

    @Test
    void aResultJustUnder256KiBIsAccepted() {
        m.function("big", p -> Json.NODES.textNode("x".repeat(255 * 1024)));
        Execution e = m.run(taskWithCatch(arn("big"), "", "\"States.ALL\"", ""), "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output().asText()).hasSize(255 * 1024);
    }

    @Test
    void taskFailedCatchesAnErrorRaisedByTheTask() {
        failing();
        Execution e = m.run(taskWithCatch(arn("reject"), "", "\"States.TaskFailed\"", ""), "{\"id\": 1}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output().get("Error").asText()).isEqualTo(OrderRejected.class.getName());
    }

    @Test
    void taskFailedDoesNotCatchStatesTimeoutButAFollowingCatcherDoes() {
        m.function("slow", p -> {
            sleep(3000);
            return p;
        });
        String def = """
            {"StartAt": "T", "States": {
              "T": {"Type": "Task", "Resource": "%s", "TimeoutSeconds": 1, "End": true,
                    "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "AsTaskFailed"},
                              {"ErrorEquals": ["States.Timeout"], "Next": "AsTimeout"}]},
              "AsTaskFailed": {"Type": "Pass", "Result": "task failed", "End": true},
              "AsTimeout": {"Type": "Pass", "Result": "timeout", "End": true}}}
            """.formatted(arn("slow"));
        Execution e = m.run(def, "{}");
        assertThat(e.output().asText()).isEqualTo("timeout");
    }

    @Test
    void timeoutSecondsFailsTheTaskWithStatesTimeout() {
        m.function("slow", p -> {
            sleep(3000);
            return p;
        });
        String def = """
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "TimeoutSeconds": 1, "End": true}}}
            """.formatted(arn("slow"));
        Execution e = m.run(def, "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("States.Timeout");
        assertThat(Machines.types(e)).contains("LambdaFunctionTimedOut").doesNotContain("LambdaFunctionSucceeded");
        assertThat(Machines.events(e, "LambdaFunctionTimedOut").get(0).details().get("error").asText()).isEqualTo("States.Timeout");
    }

    @Test
    void timeoutSecondsPathReadsTheTimeoutFromTheInput() {
        m.function("slow", p -> {
            sleep(3000);
            return p;
        });
        String def = """
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "TimeoutSecondsPath": "$.limit", "End": true}}}
            """.formatted(arn("slow"));
        Execution e = m.run(def, "{\"limit\": 1}");
        assertThat(e.error()).isEqualTo("States.Timeout");
        assertThat(Machines.events(e, "LambdaFunctionScheduled").get(0).details().get("timeoutInSeconds").asLong()).isEqualTo(1);
    }

    @Test
    void aTaskFinishingWithinTimeoutSecondsSucceeds() {
        m.function("echo", p -> p);
        String def = """
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "TimeoutSeconds": 5, "End": true}}}
            """.formatted(arn("echo"));
        Execution e = m.run(def, "{\"a\": 1}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("{\"a\": 1}"));
    }

    private static String callbackWithHeartbeat(String errorEquals) {
        return """
            {"StartAt": "T", "States": {
              "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                    "Parameters": {"FunctionName": "park", "Payload": {"token.$": "$$.Task.Token"}},
                    "HeartbeatSeconds": 1, "TimeoutSeconds": 30, "End": true
                    %s}
              %s}}
            """.formatted(errorEquals == null ? "" : ", \"Catch\": [{\"ErrorEquals\": [\"" + errorEquals + "\"], \"Next\": \"Handled\"}]",
                errorEquals == null ? "" : ", \"Handled\": {\"Type\": \"Pass\", \"End\": true}");
    }

    @Test
    void aCallbackWithoutHeartbeatFailsWithHeartbeatTimeout() {
        m.function("park", p -> p);
        Execution e = m.run(callbackWithHeartbeat(null), "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("States.HeartbeatTimeout");
        assertThat(Machines.types(e)).contains("TaskSubmitted", "TaskTimedOut");
    }

    @Test
    void heartbeatTimeoutIsCaughtByItsOwnName() {
        m.function("park", p -> p);
        Execution e = m.run(callbackWithHeartbeat("States.HeartbeatTimeout"), "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output().get("Error").asText()).isEqualTo("States.HeartbeatTimeout");
    }

    @Test
    void heartbeatTimeoutIsAlsoCaughtByStatesTimeoutAsAwsDocuments() {
        // AWS: States.Timeout covers "ran longer than TimeoutSeconds, or failed to heartbeat for longer than HeartbeatSeconds"
        m.function("park", p -> p);
        Execution e = m.run(callbackWithHeartbeat("States.Timeout"), "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output().get("Error").asText()).isEqualTo("States.HeartbeatTimeout");
    }

    @Test
    void resultPathIntoAStringFailsWithResultPathMatchFailureWhichStatesAllCatches() {
        m.function("echo", p -> Json.NODES.numberNode(1));
        String def = taskWithCatch(arn("echo"), "\"ResultPath\": \"$.name.first\",", "\"States.ALL\"", "\"ResultPath\": \"$.problem\",");
        Execution e = m.run(def, "{\"name\": \"Ada\"}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output().get("problem").get("Error").asText()).isEqualTo("States.ResultPathMatchFailure");
        assertThat(e.output().get("name").asText()).isEqualTo("Ada");
    }

    @Test
    void aParametersPathSelectingNothingFailsWithStatesRuntimeAsAwsDoesNotParameterPathFailure() {
        // AWS reports States.Runtime ("The JSONPath '$.x' specified for the field 'x.$' could not be found in the input"),
        // which States.ALL does not catch
        m.function("echo", p -> p);
        String def = taskWithCatch(arn("echo"), "\"Parameters\": {\"x.$\": \"$.missing\"},", "\"States.ALL\"", "");
        Execution e = m.run(def, "{\"a\": 1}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("States.Runtime");
        assertThat(e.cause()).contains("'$.missing'").contains("x.$").contains("{\"a\":1}");
    }

    @Test
    void aFailingParallelBranchPassesItsOwnErrorThroughRatherThanBranchFailed() {
        String def = """
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "Ok", "States": {"Ok": {"Type": "Pass", "End": true}}},
              {"StartAt": "Bad", "States": {"Bad": {"Type": "Fail", "Error": "Inventory.Short", "Cause": "no stock"}}}]}}}
            """;
        Execution e = m.run(def, "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("Inventory.Short");
        assertThat(e.cause()).isEqualTo("no stock");
    }

    @Test
    void aDistributedMapWithoutAnItemReaderStoreFailsWithItemReaderFailed() {
        String def = """
            {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
              "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                             "Parameters": {"Bucket": "b", "Key": "items.json"}},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}},
              "Catch": [{"ErrorEquals": ["States.ItemReaderFailed"], "Next": "Handled"}]},
              "Handled": {"Type": "Pass", "End": true}}}
            """;
        Execution e = m.run(def, "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output().get("Error").asText()).isEqualTo("States.ItemReaderFailed");
    }

    @Test
    void catchResultPathMergesErrorAndCauseIntoTheRawStateInput() {
        failing();
        // InputPath narrows what the task sees, but the catcher's ResultPath writes into the state's raw input
        String def = taskWithCatch(arn("reject"), "\"InputPath\": \"$.order\",", "\"States.ALL\"", "\"ResultPath\": \"$.failure\",");
        Execution e = m.run(def, "{\"order\": {\"id\": 3}, \"customer\": \"c-1\"}");
        assertThat(e.output().get("customer").asText()).isEqualTo("c-1");
        assertThat(e.output().get("order")).isEqualTo(json("{\"id\": 3}"));
        assertThat(e.output().get("failure").get("Error").asText()).isEqualTo(OrderRejected.class.getName());
        assertThat(e.output().get("failure").has("Cause")).isTrue();
        assertThat(e.output().get("failure").size()).isEqualTo(2);
    }

    @Test
    void catchWithoutResultPathReplacesTheInputWithErrorAndCause() {
        failing();
        Execution e = m.run(taskWithCatch(arn("reject"), "", "\"States.ALL\"", ""), "{\"id\": 3, \"keep\": true}");
        assertThat(e.output().has("keep")).isFalse();
        assertThat(e.output().fieldNames()).toIterable().containsExactly("Error", "Cause");
    }

    @Test
    void catchResultPathNullKeepsTheRawInput() {
        failing();
        Execution e = m.run(taskWithCatch(arn("reject"), "", "\"States.ALL\"", "\"ResultPath\": null,"), "{\"id\": 3}");
        assertThat(e.output()).isEqualTo(json("{\"id\": 3}"));
    }

    @Test
    void theFirstMatchingCatcherWinsAndItsNextIsFollowed() {
        failing();
        String def = """
            {"StartAt": "T", "States": {
              "T": {"Type": "Task", "Resource": "%s", "End": true,
                    "Catch": [{"ErrorEquals": ["Other.Error"], "Next": "A"},
                              {"ErrorEquals": ["%s"], "Next": "B"},
                              {"ErrorEquals": ["States.ALL"], "Next": "C"}]},
              "A": {"Type": "Pass", "Result": "A", "End": true},
              "B": {"Type": "Pass", "Result": "B", "End": true},
              "C": {"Type": "Pass", "Result": "C", "End": true}}}
            """.formatted(arn("reject"), OrderRejected.class.getName());
        Execution e = m.run(def, "{}");
        assertThat(e.output().asText()).isEqualTo("B");
        assertThat(Machines.types(e)).containsSubsequence("LambdaFunctionFailed", "TaskStateExited", "PassStateEntered");
    }

    @Test
    void anErrorNoCatcherMatchesFailsTheExecution() {
        failing();
        Execution e = m.run(taskWithCatch(arn("reject"), "", "\"Other.Error\"", ""), "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo(OrderRejected.class.getName());
        assertThat(Machines.types(e)).endsWith("ExecutionFailed");
    }

    @Test
    void machineTimeoutSecondsEndsTheExecutionAsTimedOut() {
        String def = """
            {"StartAt": "W", "TimeoutSeconds": 1, "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}
            """;
        try (Machines realTime = new Machines(1)) {
            Execution e = realTime.run(def, "{}");
            assertThat(e.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
            assertThat(e.error()).isEqualTo("States.Timeout");
            assertThat(Machines.types(e)).endsWith("ExecutionTimedOut");
        }
    }

    @Test
    void stopExecutionAbortsARunningExecutionWithItsErrorAndCause() throws InterruptedException {
        String def = """
            {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}
            """;
        try (Machines realTime = new Machines(1)) {
            Execution e = realTime.start(def, "{}");
            realTime.engine.stopExecution(e.arn(), "Operator.Stop", "stopped by a test");
            assertThat(e.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(e.status()).isEqualTo(ExecutionStatus.ABORTED);
            assertThat(e.error()).isEqualTo("Operator.Stop");
            assertThat(e.cause()).isEqualTo("stopped by a test");
            assertThat(Machines.types(e)).endsWith("ExecutionAborted");
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

}
