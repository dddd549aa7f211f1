package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.InvalidDefinitionException;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.integration.IntegrationPattern;
import dev.aslengine.model.DefinitionParser;
import dev.aslengine.model.State;
import dev.aslengine.model.StateMachineDefinition;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * TestState: one state run once with an input, outside any execution, reporting its output, the next state and
 * its status (SUCCEEDED, FAILED, RETRIABLE when a retrier would retry, CAUGHT_ERROR when a catcher caught), and the
 * data after each processing step. A Task may be given a mocked result or error instead of calling its resource.
 */
public final class StateTester {
    /** What TestState asks: the state (alone, or {@code stateName} within a whole definition) and what it runs with. */
    public record Request(String definition, String stateName, JsonNode input, ObjectNode variables, String roleArn,
            JsonNode mockResult, StatesError mockError) {}

    /** What TestState answers; {@code inspectionData} holds AWS's members as JSON text. */
    public record Result(String status, JsonNode output, String error, String cause, String nextState, ObjectNode inspectionData) {}

    private static final String SINGLE = "TestState";

    private StateTester() {}

    public static Result run(Engine engine, Request request) throws InterruptedException {
        String name;
        StateMachineDefinition model;
        String definition = request.definition();
        if (request.stateName() != null) {
            model = parse(definition);
            name = request.stateName();
            if (!model.states().containsKey(name)) {
                throw new EngineException("ValidationException", "stateName '" + name + "' is not a top-level state of the definition; its states are "
                        + model.states().keySet());
            }
        } else {
            definition = alone(definition);
            model = parse(definition);
            name = SINGLE;
        }
        State state = model.state(name);
        boolean mocked = request.mockResult() != null || request.mockError() != null;
        if (mocked && !(state instanceof State.Task)) {
            throw new EngineException("ValidationException", "A mock is only taken by a Task state here; '" + name + "' is a "
                    + state.common().type() + " state");
        }
        if (state instanceof State.Task t && !mocked && t.resource() != null
                && (t.resource().pattern() == IntegrationPattern.WAIT_FOR_TASK_TOKEN || t.resource().service().equals("activity"))) {
            throw new EngineException("ValidationException", "State '" + name + "' waits for a task token or an activity worker, which "
                    + "TestState cannot wait for; give it a mock result or error");
        }
        String arnPrefix = "arn:aws:states:" + engine.region() + ":" + engine.accountId();
        StateMachine sm = new StateMachine(arnPrefix + ":stateMachine:" + SINGLE, SINGLE, definition, model,
                request.roleArn() == null ? "arn:aws:iam::" + engine.accountId() + ":role/TestStateRole" : request.roleArn(), "STANDARD",
                Instant.now());
        JsonNode input = request.input() == null ? Json.object() : request.input();
        Execution execution = new Execution(arnPrefix + ":execution:" + SINGLE + ":" + UUID.randomUUID(), SINGLE, sm, input, null);
        Variables variables = request.variables() == null ? new Variables(null) : Variables.fromJson(request.variables());
        StateInspection inspection = new StateInspection(request.mockResult(), request.mockError());
        inspection.record("input", input);
        Interpreter.Frame frame = new Interpreter.Frame(variables, 0, false);
        frame.inspection = inspection;
        try {
            Interpreter.Step step = new Interpreter(engine, execution).runOne(state, input, frame);
            inspection.data.put("variables", Json.write(frame.variables.toJson()));
            boolean caught = "CAUGHT_ERROR".equals(inspection.status);
            return new Result(caught ? "CAUGHT_ERROR" : "SUCCEEDED", step.output(), caught ? inspection.error.error() : null,
                    caught ? inspection.error.cause() : null, step.next(), inspection.data);
        } catch (StatesError e) {
            String status = "RETRIABLE".equals(inspection.status) ? "RETRIABLE" : "FAILED";
            return new Result(status, null, e.error(), e.cause(), null, inspection.data);
        }
    }

    private static StateMachineDefinition parse(String definition) {
        try {
            return DefinitionParser.parse(definition);
        } catch (InvalidDefinitionException e) {
            throw new EngineException("InvalidDefinition", e.getMessage());
        }
    }

    /**
     * A single state's definition made a machine: the state under the name TestState, with a Succeed state for each
     * state it may go to (Next, Default, a choice's or a catcher's Next), so that those names are not unknown.
     */
    private static String alone(String stateDefinition) {
        JsonNode node;
        try {
            node = Json.parse(stateDefinition);
        } catch (IllegalArgumentException e) {
            throw new EngineException("InvalidDefinition", "Invalid State Machine Definition: the state definition is not valid JSON: " + e.getMessage());
        }
        if (!(node instanceof ObjectNode state) || !state.has("Type")) {
            throw new EngineException("InvalidDefinition", "Invalid State Machine Definition: definition must be one state, "
                    + "a JSON object with a Type (or give stateName with a whole state machine definition)");
        }
        Set<String> targets = new LinkedHashSet<>();
        collectTargets(state, targets);
        targets.remove(SINGLE);
        ObjectNode machine = Json.object().put("StartAt", SINGLE);
        if (state.has("QueryLanguage")) machine.set("QueryLanguage", state.get("QueryLanguage"));
        ObjectNode states = machine.putObject("States");
        states.set(SINGLE, state);
        for (String t : targets) states.set(t, Json.object().put("Type", "Succeed"));
        return Json.write(machine);
    }

    private static void collectTargets(JsonNode state, Set<String> targets) {
        for (String field : new String[] {"Next", "Default"}) {
            JsonNode t = state.get(field);
            if (t != null && t.isTextual()) targets.add(t.textValue());
        }
        for (String list : new String[] {"Choices", "Catch"}) {
            JsonNode items = state.get(list);
            if (items == null || !items.isArray()) continue;
            for (JsonNode item : items) {
                JsonNode t = item.get("Next");
                if (t != null && t.isTextual()) targets.add(t.textValue());
            }
        }
    }
}
