package dev.aslengine.runtime;

import static dev.aslengine.runtime.Machines.arn;
import static dev.aslengine.runtime.Machines.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NestedExecutionTest {
    private final Machines m = new Machines();

    @AfterEach
    void close() {
        m.close();
    }

    private static final String CHILD = """
        {"StartAt": "C", "States": {"C": {"Type": "Pass", "Parameters": {"doubled.$": "States.MathAdd($.n, $.n)"}, "End": true}}}
        """;

    private String parent(String childArn, String suffix) {
        return """
            {"StartAt": "Start", "States": {"Start": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution%s",
              "Parameters": {"StateMachineArn": "%s", "Input": {"n.$": "$.n"}}, "End": true}}}
            """.formatted(suffix, childArn);
    }

    @Test
    void requestResponseStartsTheChildAndAnswersWithItsArn() throws InterruptedException {
        String child = m.machine(CHILD).arn();
        Execution e = m.run(parent(child, ""), "{\"n\": 2}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        String childArn = e.output().get("ExecutionArn").asText();
        assertThat(e.output().has("StartDate")).isTrue();
        assertThat(e.output().has("Output")).isFalse();
        Execution started = Machines.awaitEnd(m.engine.execution(childArn));
        assertThat(started.output()).isEqualTo(json("{\"doubled\": 4}"));
    }

    @Test
    void sync2WaitsForTheChildAndGivesItsOutputAsJson() {
        String child = m.machine(CHILD).arn();
        Execution e = m.run(parent(child, ".sync:2"), "{\"n\": 3}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output().get("Status").asText()).isEqualTo("SUCCEEDED");
        assertThat(e.output().get("Output")).isEqualTo(json("{\"doubled\": 6}"));
        assertThat(e.output().get("Input")).isEqualTo(json("{\"n\": 3}"));
    }

    @Test
    void syncGivesTheChildOutputAsAString() {
        String child = m.machine(CHILD).arn();
        Execution e = m.run(parent(child, ".sync"), "{\"n\": 3}");
        JsonNode output = e.output().get("Output");
        assertThat(output.isTextual()).isTrue();
        assertThat(Json.parse(output.asText())).isEqualTo(json("{\"doubled\": 6}"));
    }

    @Test
    void aFailedChildFailsASyncTaskWithTaskFailed() {
        String child = m.machine("""
            {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Child.Broke", "Cause": "bad input"}}}
            """).arn();
        Execution e = m.run(parent(child, ".sync:2"), "{\"n\": 1}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("States.TaskFailed");
        JsonNode describe = Json.parse(e.cause());
        assertThat(describe.get("Status").asText()).isEqualTo("FAILED");
        assertThat(describe.get("Error").asText()).isEqualTo("Child.Broke");
        assertThat(describe.get("Cause").asText()).isEqualTo("bad input");
    }

    @Test
    void aChildCallsBackTheParentsTaskToken() {
        m.function("reply", p -> {
            m.engine.sendTaskSuccess(p.get("token").asText(), Json.object().put("answer", p.get("n").asInt() * 10));
            return Json.object();
        });
        String child = m.machine("""
            {"StartAt": "Reply", "States": {"Reply": {"Type": "Task", "Resource": "%s", "End": true}}}
            """.formatted(arn("reply"))).arn();
        String def = """
            {"StartAt": "Start", "States": {"Start": {"Type": "Task",
              "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
              "Parameters": {"StateMachineArn": "%s", "Input": {"n.$": "$.n", "token.$": "$$.Task.Token"}}, "End": true}}}
            """.formatted(child);
        Execution e = m.run(def, "{\"n\": 4}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("{\"answer\": 40}"));
    }

    @Test
    void anUnknownStateMachineFailsTheTask() {
        Execution e = m.run(parent("arn:aws:states:us-east-1:123456789012:stateMachine:absent", ".sync:2"), "{\"n\": 1}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("StepFunctions.StateMachineDoesNotExistException");
    }
}
