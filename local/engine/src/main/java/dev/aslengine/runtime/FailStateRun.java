package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.jsonata.JsonataScope;
import dev.aslengine.model.PathOrIntrinsic;
import dev.aslengine.model.State;
import dev.aslengine.runtime.Interpreter.Frame;
import dev.aslengine.runtime.Interpreter.Step;
import java.time.Instant;

/** A Fail state: ends its branch (or the execution) with its error and cause. */
final class FailStateRun extends StateRun {
    private final State.Fail f;

    FailStateRun(Interpreter interpreter, State.Fail f, JsonNode raw, Frame frame, Instant entered, long enteredEvent) {
        super(interpreter, f, raw, frame, entered, enteredEvent);
        this.f = f;
    }

    @Override
    Step run() {
        throw fail();
    }

    /** The error this state ends its branch with: its Error and Cause, also when given by path or expression. */
    StatesError fail() {
        String error = f.error();
        String cause = f.cause();
        if (c.isJsonata()) {
            JsonataScope scope = jsonataScope(null, null);
            if (f.errorExpression() != null) error = textOf(f.errorExpression().evaluate(scope));
            if (f.causeExpression() != null) cause = textOf(f.causeExpression().evaluate(scope));
        } else {
            if (f.errorPath() != null) error = textOf(read(f.errorPath()));
            if (f.causePath() != null) cause = textOf(read(f.causePath()));
        }
        return StatesError.declared(error, cause);
    }

    /** An ErrorPath or CausePath: a path that selects nothing is not a valid path (States.Runtime). */
    JsonNode read(PathOrIntrinsic p) {
        return p.path() != null ? readPath(p.path(), raw) : p.intrinsic().evaluate(pathScope(raw));
    }

    String textOf(JsonNode v) {
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : Json.write(v);
    }
}
