package dev.aslengine.runtime;

import static dev.aslengine.runtime.Machines.arn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedriveTest {
    private final Machines m = new Machines();
    private final AtomicInteger prepared = new AtomicInteger();
    private final List<JsonNode> flakyInputs = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        m.close();
    }

    private String machine() {
        m.function("prepare", p -> {
            prepared.incrementAndGet();
            return ((com.fasterxml.jackson.databind.node.ObjectNode) p.deepCopy()).put("prepared", true);
        });
        m.function("flaky", p -> {
            flakyInputs.add(p);
            if (flakyInputs.size() == 1) throw new IllegalStateException("downstream unavailable");
            return Json.object().put("done", p.get("id").asInt()).put("redrives", p.get("redrives").asInt());
        });
        return """
            {"StartAt": "Prepare", "States": {
              "Prepare": {"Type": "Task", "Resource": "%s", "Next": "Flaky"},
              "Flaky": {"Type": "Task", "Resource": "%s", "Next": "Finish",
                        "Parameters": {"id.$": "$.id", "prepared.$": "$.prepared", "redrives.$": "$$.Execution.RedriveCount"}},
              "Finish": {"Type": "Pass", "End": true}}}
            """.formatted(arn("prepare"), arn("flaky"));
    }

    @Test
    void aRedrivenExecutionContinuesFromTheFailedStateWithItsInput() throws InterruptedException {
        Execution e = m.run(machine(), "{\"id\": 42}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("java.lang.IllegalStateException");

        Execution again = m.engine.redriveExecution(e.arn());
        assertThat(again.arn()).isEqualTo(e.arn());
        Machines.awaitEnd(again);
        assertThat(again.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(again.output()).isEqualTo(Json.parse("{\"done\": 42, \"redrives\": 1}"));
        assertThat(prepared).as("the state before the failure is not run again").hasValue(1);
        assertThat(flakyInputs).hasSize(2);
        assertThat(flakyInputs.get(1).get("id")).isEqualTo(flakyInputs.get(0).get("id"));
        assertThat(flakyInputs.get(1).get("prepared").asBoolean()).isTrue();
    }

    @Test
    void redriveCountsAndIsRecordedInTheHistory() {
        Execution e = m.run(machine(), "{\"id\": 1}");
        assertThat(e.redriveCount()).isZero();
        Machines.awaitEnd(m.engine.redriveExecution(e.arn()));
        assertThat(e.redriveCount()).isEqualTo(1);
        assertThat(e.redriveDate()).isNotNull();
        List<String> types = Machines.types(e);
        assertThat(types).containsSubsequence("ExecutionFailed", "ExecutionRedriven", "TaskStateEntered", "ExecutionSucceeded");
        assertThat(Machines.events(e, "ExecutionRedriven").get(0).details().get("redriveCount").asInt()).isEqualTo(1);
        assertThat(Machines.events(e, "TaskStateEntered")).extracting(ev -> ev.details().get("name").asText())
                .containsExactly("Prepare", "Flaky", "Flaky");
    }

    @Test
    void aSucceededExecutionCannotBeRedriven() {
        Execution e = m.run("{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}", "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThatThrownBy(() -> m.engine.redriveExecution(e.arn()))
                .isInstanceOfSatisfying(EngineException.class, ex -> assertThat(ex.errorCode()).isEqualTo("ExecutionNotRedrivable"));
    }

    @Test
    void aFailedParallelIsRedrivenFromTheParallelState() {
        AtomicInteger calls = new AtomicInteger();
        m.function("once", p -> {
            if (calls.incrementAndGet() == 1) throw new IllegalStateException("first call fails");
            return p;
        });
        String def = """
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}]}}}
            """.formatted(arn("once"));
        Execution e = m.run(def, "{\"v\": 1}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        Machines.awaitEnd(m.engine.redriveExecution(e.arn()));
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(Json.parse("[{\"v\": 1}]"));
    }
}
