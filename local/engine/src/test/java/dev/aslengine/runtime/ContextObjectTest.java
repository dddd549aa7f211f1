package dev.aslengine.runtime;

import static dev.aslengine.runtime.Machines.arn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.model.DefinitionParser;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The context object ($$, $states.context) as AWS fills it in each kind of state and execution. */
class ContextObjectTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/OrderProcessing";

    private final Machines m = new Machines();

    @AfterEach
    void close() {
        m.close();
    }

    /** Each state copies the context it sees to {@code $.<its name>}. */
    private static final String EVERY_KIND = """
        {"StartAt": "Look", "States": {
          "Look": {"Type": "Pass", "Parameters": {"ctx.$": "$$"}, "ResultPath": "$.pass", "Next": "Call"},
          "Call": {"Type": "Task", "Resource": "%s", "Parameters": {"ctx.$": "$$"}, "ResultPath": "$.task", "Next": "Each"},
          "Each": {"Type": "Map", "ItemsPath": "$.items", "ItemSelector": {"ctx.$": "$$"}, "ResultPath": "$.map", "End": true,
                   "ItemProcessor": {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}}}}
        """;

    private JsonNode everyKind(Execution e) {
        Machines.awaitEnd(e);
        assertThat(e.status()).as("status (%s: %s)", e.error(), e.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        return e.output();
    }

    private String everyKindDefinition() {
        m.function("echo", p -> p);
        return EVERY_KIND.formatted(arn("echo"));
    }

    @Test
    void roleArnIsTheStateMachinesRole() {
        StateMachine sm = m.engine.createStateMachine("roles", everyKindDefinition(), ROLE);
        JsonNode out = everyKind(m.engine.startExecution(sm.arn(), "one", Json.parse("{\"items\": [1]}")));
        assertThat(out.at("/pass/ctx/Execution/RoleArn").asText()).isEqualTo(ROLE);
        assertThat(out.at("/task/ctx/Execution/RoleArn").asText()).isEqualTo(ROLE);
    }

    @Test
    void retryCountIsInTheContextOfStatesThatRetryOnly() {
        StateMachine sm = m.engine.createStateMachine("retries", everyKindDefinition(), ROLE);
        JsonNode out = everyKind(m.engine.startExecution(sm.arn(), "one", Json.parse("{\"items\": [1]}")));
        assertThat(out.at("/pass/ctx/State").has("RetryCount")).as("a Pass state's context").isFalse();
        assertThat(out.at("/pass/ctx/State/Name").asText()).isEqualTo("Look");
        assertThat(out.at("/task/ctx/State/RetryCount").asInt(-1)).isZero();
        assertThat(out.at("/map/0/ctx/State/RetryCount").asInt(-1)).isZero();
    }

    @Test
    void aStandardExecutionCountsRedrivesFromZero() {
        StateMachine sm = m.engine.createStateMachine("standard", everyKindDefinition(), ROLE);
        JsonNode out = everyKind(m.engine.startExecution(sm.arn(), "one", Json.parse("{\"items\": []}")));
        assertThat(out.at("/pass/ctx/Execution/RedriveCount").asInt(-1)).isZero();
        assertThat(out.at("/pass/ctx/Execution").has("RedriveTime")).as("RedriveTime before any redrive").isFalse();
    }

    @Test
    void anExpressExecutionHasNoRedriveCount() {
        String definition = everyKindDefinition();
        StateMachine express = new StateMachine("arn:aws:states:us-east-1:123456789012:stateMachine:fast", "fast", definition,
                DefinitionParser.parse(definition), ROLE, "EXPRESS", Instant.now());
        JsonNode out = everyKind(m.engine.start(express, "one", Json.parse("{\"items\": [1]}"), null));
        assertThat(out.at("/pass/ctx/Execution").has("RedriveCount")).isFalse();
        assertThat(out.at("/task/ctx/Execution").has("RedriveCount")).isFalse();
        assertThat(out.at("/pass/ctx/Execution/RoleArn").asText()).isEqualTo(ROLE);
    }

    @Test
    void aRedrivenExecutionHasItsRedriveCountAndTime() {
        AtomicInteger calls = new AtomicInteger();
        m.function("flaky", p -> {
            if (calls.incrementAndGet() == 1) throw new IllegalStateException("not yet");
            return p;
        });
        StateMachine sm = m.engine.createStateMachine("redriven", """
            {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "%s", "Parameters": {"exec.$": "$$.Execution"}, "End": true}}}
            """.formatted(arn("flaky")), ROLE);
        Execution e = Machines.awaitEnd(m.engine.startExecution(sm.arn(), "one", Json.object()));
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        Machines.awaitEnd(m.engine.redriveExecution(e.arn()));
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output().at("/exec/RedriveCount").asInt()).isEqualTo(1);
        assertThat(e.output().at("/exec/RedriveTime").asText()).isEqualTo(Engine.timestamp(e.redriveDate()));
    }
}
