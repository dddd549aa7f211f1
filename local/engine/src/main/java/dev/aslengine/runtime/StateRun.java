package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.jsonata.JsonataScope;
import dev.aslengine.model.Catcher;
import dev.aslengine.model.Common;
import dev.aslengine.model.OptionalPath;
import dev.aslengine.model.Retrier;
import dev.aslengine.model.State;
import dev.aslengine.path.JsonPath;
import dev.aslengine.path.PathScope;
import dev.aslengine.runtime.Interpreter.Frame;
import dev.aslengine.runtime.Interpreter.Step;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The state being run: its input, context and the bookkeeping of Retry, with what every state type shares: the data
 * flow (InputPath, ResultSelector, ResultPath, OutputPath; Output and Assign in JSONata), reading paths, Retry and
 * Catch. One subclass per state type does that state's own work in {@link #run()}; the {@link Interpreter} makes one
 * for each state it enters and writes the state's StateEntered and StateExited events around it.
 */
abstract sealed class StateRun permits PassStateRun, TaskStateRun, ChoiceStateRun, WaitStateRun, SucceedStateRun,
        FailStateRun, BranchingStateRun {
    final Interpreter interpreter;
    final Engine engine;
    final Execution execution;
    final State state;
    final Common c;
    final JsonNode raw;
    final Frame frame;
    final Instant entered;
    final long enteredEvent;
    int retryCount;
    String taskToken;
    ObjectNode assigned;
    /** On a resume, where this state was when the execution stopped; its first attempt goes on from there. */
    Resumption.Position resumed;

    StateRun(Interpreter interpreter, State state, JsonNode raw, Frame frame, Instant entered, long enteredEvent) {
        this.interpreter = interpreter;
        this.engine = interpreter.engine;
        this.execution = interpreter.execution;
        this.state = state;
        this.c = state.common();
        this.raw = raw;
        this.frame = frame;
        this.entered = entered;
        this.enteredEvent = enteredEvent;
    }

    /** Runs the state: the step it took (its next state and output); an error it did not catch is thrown. */
    abstract Step run() throws InterruptedException;

    @FunctionalInterface
    interface Attempt {
        Step run() throws InterruptedException;
    }

    /** Writes an event of this state's (or one of its branches' or iterations') history: see {@link Interpreter#event}. */
    long event(Frame frame, String type, String key, ObjectNode details) {
        return interpreter.event(frame, type, key, details);
    }

    /** A run-time error of this state with its cause as AWS words it: the state and the event it was entered at first. */
    StatesError located(StatesError e) {
        return e.inState(c.name(), enteredEvent);
    }

    private ObjectNode context;
    private int contextRetryCount = -1;
    private String contextToken;

    /** The context object of this state; Execution and StateMachine are shared, never copied (nothing writes them). */
    ObjectNode context() {
        if (context != null && contextRetryCount == retryCount && contextToken == taskToken) return context;
        ObjectNode ctx = Json.object();
        interpreter.contextBase().properties().forEach(e -> ctx.set(e.getKey(), e.getValue()));
        ObjectNode st = ctx.putObject("State");
        st.put("EnteredTime", Engine.timestamp(entered));
        st.put("Name", c.name());
        // AWS counts retries only in the states that can retry
        if (state instanceof State.Task || state instanceof State.Parallel || state instanceof State.Map) st.put("RetryCount", retryCount);
        if (taskToken != null) ctx.putObject("Task").put("Token", taskToken);
        context = ctx;
        contextRetryCount = retryCount;
        contextToken = taskToken;
        return ctx;
    }

    PathScope pathScope(JsonNode input) {
        return PathScope.withLazyContext(input, this::context, frame.variables::get);
    }

    JsonataScope jsonataScope(JsonNode result, JsonNode errorOutput) {
        return new JsonataScope(raw, result, errorOutput, context(), frame.variables::get);
    }

    // ---- data flow (JSONPath)

    JsonNode effectiveInput() {
        return inspect("afterInputPath", selectPath(c.inputPath(), raw));
    }

    /** Records a step's data for TestState, and gives it back. */
    JsonNode inspect(String member, JsonNode value) {
        if (frame.inspection != null) frame.inspection.record(member, value);
        return value;
    }

    JsonNode selectPath(OptionalPath p, JsonNode doc) {
        if (p.isNull()) return Json.object();
        if (p.isIdentity()) return doc;
        return readPath(p.path(), doc);
    }

    JsonNode applyResultPath(OptionalPath p, JsonNode result) {
        if (p.isNull()) return raw;
        if (p.isIdentity()) return result;
        return p.path().write(raw.deepCopy(), result);
    }

    /** ResultSelector, Assign, ResultPath and OutputPath (JSONPath) or Output and Assign (JSONata) on a result. */
    JsonNode finishWithResult(JsonNode result) {
        if (c.isJsonata()) {
            inspect("result", result);
            JsonataScope scope = jsonataScope(result, null);
            if (c.assign() != null) assigned = c.assign().evaluate(null, scope);
            return c.output() != null ? required(c.output().evaluate(scope), "Output") : result;
        }
        inspect("result", result);
        JsonNode selected = inspect("afterResultSelector", c.resultSelector() != null ? c.resultSelector().evaluate(pathScope(result)) : result);
        if (c.assign() != null) assigned = c.assign().evaluate(pathScope(selected), null);
        JsonNode out = inspect("afterResultPath", applyResultPath(c.resultPath(), selected));
        return selectPath(c.outputPath(), out);
    }

    JsonNode required(JsonNode value, String field) {
        if (value == null) {
            throw new StatesError(StatesError.QUERY_EVALUATION_ERROR, "The JSONata expression in the field '" + field
                    + "' of state '" + c.name() + "' returned nothing (undefined)");
        }
        return value;
    }

    // ---- paths and numbers a state reads

    /** A value as AWS shows it after {@code ==} in its causes: a string without its quotes, anything else as JSON. */
    String shown(JsonNode v) {
        return v.isTextual() ? v.textValue() : Json.write(v);
    }

    /** The value a path selects; one that selects nothing fails the state with States.Runtime, in Jayway's words as AWS gives them. */
    JsonNode readPath(JsonPath path, JsonNode doc) {
        PathScope scope = pathScope(doc);
        JsonNode v = path.read(scope);
        if (v == null) {
            throw new StatesError(StatesError.RUNTIME, "Invalid path '" + path.expression() + "' : " + path.noResults(scope));
        }
        return v;
    }

    long seconds(State.Seconds s, JsonNode eff, String field) {
        if (s.literal() != null) return s.literal();
        if (s.path() != null) {
            JsonNode v = readPath(s.path(), eff);
            String problem = !isWholeNumber(v) ? "cannot be parsed as a long value" : v.asLong() < 0 ? "references a negative value" : null;
            if (problem != null) {
                throw new StatesError(StatesError.RUNTIME, "The " + field + "Path parameter " + problem + ": "
                        + s.path().expression() + " == " + shown(v));
            }
            return v.asLong();
        }
        JsonNode v = s.expression().evaluate(jsonataScope(null, null));
        if (!isWholeNumber(v) || v.asLong() < 0) {
            throw new StatesError(StatesError.QUERY_EVALUATION_ERROR,
                    "The " + field + " of state '" + c.name() + "' must be a non-negative integer, got " + Json.write(v));
        }
        return v.asLong();
    }

    static boolean isWholeNumber(JsonNode v) {
        return v.isIntegralNumber() ? v.canConvertToLong()
                : v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0 && v.canConvertToLong();
    }

    // ---- Retry and Catch

    Step withRetry(Attempt attempt) throws InterruptedException {
        int[] attempts = new int[c.retry().size()];
        while (true) {
            try {
                return attempt.run();
            } catch (StatesError e) {
                e = located(e);
                int r = matching(c.retry().stream().map(Retrier::errorEquals).toList(), e.error());
                if (r >= 0 && attempts[r] < c.retry().get(r).maxAttempts()) {
                    Retrier retrier = c.retry().get(r);
                    double delay = retrier.delaySeconds(attempts[r]);
                    if (frame.inspection != null) {
                        frame.inspection.retriable(e, r, delay);
                        throw e;
                    }
                    if (retrier.fullJitter()) delay = ThreadLocalRandom.current().nextDouble() * delay;
                    attempts[r]++;
                    retryCount++;
                    engine.sleep((long) (delay * 1000));
                    continue;
                }
                int k = matching(c.catchers().stream().map(Catcher::errorEquals).toList(), e.error());
                if (k < 0) throw e;
                if (frame.inspection != null) frame.inspection.caught(e, k);
                return caught(c.catchers().get(k), e);
            }
        }
    }

    int matching(List<List<String>> lists, String error) {
        for (int i = 0; i < lists.size(); i++) {
            for (String name : lists.get(i)) {
                if (name.equals(error)) return i;
                // AWS: States.Timeout also names a missed heartbeat, as it did before States.HeartbeatTimeout existed
                if (name.equals(StatesError.TIMEOUT) && StatesError.HEARTBEAT_TIMEOUT.equals(error)) return i;
                if (StatesError.isUnmatchedByAll(error)) continue;
                if (name.equals(StatesError.ALL)) return i;
                if (name.equals(StatesError.TASK_FAILED) && state instanceof State.Task && !StatesError.TIMEOUT.equals(error)) return i;
            }
        }
        return -1;
    }

    Step caught(Catcher catcher, StatesError e) {
        ObjectNode errorOutput = Json.object();
        errorOutput.put("Error", e.error());
        errorOutput.put("Cause", e.cause());
        JsonNode out;
        if (c.isJsonata()) {
            JsonataScope scope = jsonataScope(null, errorOutput);
            if (catcher.assign() != null) assigned = catcher.assign().evaluate(null, scope);
            out = catcher.output() != null ? required(catcher.output().evaluate(scope), "Catch Output") : errorOutput;
        } else {
            if (catcher.assign() != null) assigned = catcher.assign().evaluate(pathScope(errorOutput), null);
            out = applyResultPath(catcher.resultPath(), errorOutput);
        }
        return new Step(catcher.next(), out);
    }
}
