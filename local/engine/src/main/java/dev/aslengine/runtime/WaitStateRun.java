package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.StatesError;
import dev.aslengine.model.State;
import dev.aslengine.model.choice.Rfc3339Timestamp;
import dev.aslengine.runtime.Interpreter.Frame;
import dev.aslengine.runtime.Interpreter.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** A Wait state: sleeps for its Seconds or until its Timestamp (also when given by path or expression), then passes its input on. */
final class WaitStateRun extends StateRun {
    private final State.Wait w;

    WaitStateRun(Interpreter interpreter, State.Wait w, JsonNode raw, Frame frame, Instant entered, long enteredEvent) {
        super(interpreter, w, raw, frame, entered, enteredEvent);
        this.w = w;
    }

    @Override
    Step run() throws InterruptedException {
        JsonNode eff = c.isJsonata() ? raw : effectiveInput();
        long millis;
        if (w.seconds().isSet()) {
            millis = TimeUnit.SECONDS.toMillis(seconds(w.seconds(), eff, "Seconds"));
        } else {
            Instant until = w.timestamp() != null ? w.timestamp() : timestamp(eff);
            millis = Math.max(0, Duration.between(Instant.now(), until).toMillis());
        }
        // resumed: only what is left of the wait that began before the crash
        if (resumed != null && w.seconds().isSet()) millis = Math.max(0, millis - Duration.between(entered, Instant.now()).toMillis());
        engine.sleep(millis);
        if (c.isJsonata()) return new Step(c.next(), finishWithResult(raw));
        if (c.assign() != null) assigned = c.assign().evaluate(pathScope(eff), null);
        return new Step(c.next(), selectPath(c.outputPath(), eff));
    }

    /** A Wait's TimestampPath (a bad value is States.Runtime) or JSONata Timestamp (States.QueryEvaluationError). */
    Instant timestamp(JsonNode eff) {
        boolean byPath = w.timestampPath() != null;
        JsonNode ts = byPath ? readPath(w.timestampPath(), eff) : w.timestampExpression().evaluate(jsonataScope(null, null));
        Instant until = ts.isTextual() ? Rfc3339Timestamp.parse(ts.textValue()) : null;
        if (until == null) {
            throw new StatesError(byPath ? StatesError.RUNTIME : StatesError.QUERY_EVALUATION_ERROR, "The "
                    + (byPath ? "TimestampPath" : "Timestamp") + " parameter does not reference a valid ISO-8601 extended offset"
                    + " date-time format string: " + (byPath ? w.timestampPath().expression() : w.timestampExpression().source())
                    + " == " + shown(ts));
        }
        return until;
    }
}
