package dev.aslengine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.integration.TaskIntegration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a definition on a fresh engine (no waiting: time scale 0) and returns the finished execution. */
final class Run {
    private static final long GUARD_SECONDS = 30;

    private Run() {}

    static Execution definition(String definition, String input) {
        return definition(definition, input, Engine.builder().timeScale(0));
    }

    static Execution definition(String definition, String input, TaskIntegration integration) {
        return definition(definition, input, Engine.builder().timeScale(0).integration(integration));
    }

    static Execution definition(String definition, String input, Engine.Builder builder) {
        try (Engine engine = builder.build()) {
            return awaited(engine, definition, input);
        }
    }

    /** Starts an execution named "run-1" on {@code engine} and waits for it to end. */
    static Execution awaited(Engine engine, String definition, String input) {
        StateMachine sm = engine.createStateMachine("Machine", definition, null);
        Execution execution = engine.startExecution(sm.arn(), "run-1", Json.parse(input));
        try {
            // a guard against a hung engine, not a timing assertion
            assertThat(execution.await(GUARD_SECONDS, TimeUnit.SECONDS)).as("execution finished").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return execution;
    }

    /** The output of a run that must succeed. */
    static JsonNode output(String definition, String input) {
        Execution e = definition(definition, input);
        assertThat(e.status()).as("status (error %s: %s)", e.error(), e.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        return e.output();
    }

    static JsonNode json(String text) {
        return Json.parse(text);
    }

    static List<String> eventTypes(Execution e) {
        return e.history().events().stream().map(HistoryEvent::type).toList();
    }
}
