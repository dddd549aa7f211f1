package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.jsonata.JsonataScope;
import dev.aslengine.jsonata.JsonataTemplate;
import dev.aslengine.model.State;
import dev.aslengine.path.PathScope;
import dev.aslengine.runtime.Interpreter.Frame;
import dev.aslengine.runtime.Interpreter.Step;
import java.time.Instant;

/** A Choice state: the first choice rule that matches names the next state, else its Default; none is States.NoChoiceMatched. */
final class ChoiceStateRun extends StateRun {
    private final State.Choice ch;

    ChoiceStateRun(Interpreter interpreter, State.Choice ch, JsonNode raw, Frame frame, Instant entered, long enteredEvent) {
        super(interpreter, ch, raw, frame, entered, enteredEvent);
        this.ch = ch;
    }

    @Override
    Step run() {
        if (c.isJsonata()) {
            JsonataScope scope = jsonataScope(null, null);
            for (State.ChoiceBranch b : ch.choices()) {
                JsonNode v = b.condition().evaluate(scope);
                if (v == null || !v.isBoolean()) {
                    throw new StatesError(StatesError.QUERY_EVALUATION_ERROR, "The Condition of a choice rule in state '"
                            + c.name() + "' must evaluate to true or false, got " + (v == null ? "nothing (undefined)" : Json.write(v)));
                }
                if (v.booleanValue()) {
                    if (b.assign() != null) assigned = b.assign().evaluate(null, scope);
                    JsonataTemplate output = b.output() != null ? b.output() : c.output();
                    return new Step(b.next(), output != null ? required(output.evaluate(scope), "Output") : raw);
                }
            }
            if (ch.defaultNext() == null) throw noChoice();
            if (c.assign() != null) assigned = c.assign().evaluate(null, scope);
            return new Step(ch.defaultNext(), c.output() != null ? required(c.output().evaluate(scope), "Output") : raw);
        }
        JsonNode eff = effectiveInput();
        PathScope scope = pathScope(eff);
        String next = null;
        for (State.ChoiceBranch b : ch.choices()) {
            if (b.rule().matches(scope)) {
                next = b.next();
                if (b.assign() != null) assigned = b.assign().evaluate(scope, null);
                break;
            }
        }
        if (next == null) {
            if (ch.defaultNext() == null) throw noChoice();
            next = ch.defaultNext();
            if (c.assign() != null) assigned = c.assign().evaluate(scope, null);
        }
        return new Step(next, selectPath(c.outputPath(), eff));
    }

    StatesError noChoice() {
        return new StatesError(StatesError.NO_CHOICE_MATCHED, "No Matches!");
    }
}
