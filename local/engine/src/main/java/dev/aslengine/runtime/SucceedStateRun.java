package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.model.State;
import dev.aslengine.runtime.Interpreter.Frame;
import dev.aslengine.runtime.Interpreter.Step;
import java.time.Instant;

/** A Succeed state: ends its branch (or the execution) with its input, through InputPath and OutputPath or Output. */
final class SucceedStateRun extends StateRun {
    SucceedStateRun(Interpreter interpreter, State.Succeed state, JsonNode raw, Frame frame, Instant entered, long enteredEvent) {
        super(interpreter, state, raw, frame, entered, enteredEvent);
    }

    @Override
    Step run() {
        if (c.isJsonata()) return new Step(null, c.output() != null ? required(c.output().evaluate(jsonataScope(null, null)), "Output") : raw);
        return new Step(null, selectPath(c.outputPath(), effectiveInput()));
    }
}
