package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.model.State;
import dev.aslengine.runtime.Interpreter.Frame;
import dev.aslengine.runtime.Interpreter.Step;
import java.time.Instant;

/** A Pass state: its input, or its Result or Parameters, passed on through the data flow. */
final class PassStateRun extends StateRun {
    private final State.Pass p;

    PassStateRun(Interpreter interpreter, State.Pass p, JsonNode raw, Frame frame, Instant entered, long enteredEvent) {
        super(interpreter, p, raw, frame, entered, enteredEvent);
        this.p = p;
    }

    @Override
    Step run() {
        if (c.isJsonata()) return new Step(c.next(), finishWithResult(raw));
        JsonNode eff = effectiveInput();
        JsonNode result = c.parameters() != null ? inspect("afterParameters", c.parameters().evaluate(pathScope(eff)))
                : p.result() != null ? p.result() : eff;
        inspect("result", result);
        if (c.assign() != null) assigned = c.assign().evaluate(pathScope(result), null);
        JsonNode out = inspect("afterResultPath", applyResultPath(c.resultPath(), result));
        return new Step(c.next(), selectPath(c.outputPath(), out));
    }
}
