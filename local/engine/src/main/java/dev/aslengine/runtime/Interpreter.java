package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.integration.IntegrationPattern;
import dev.aslengine.integration.MapRunResult;
import dev.aslengine.integration.ResourceArn;
import dev.aslengine.integration.TaskCall;
import dev.aslengine.integration.TaskIntegration;
import dev.aslengine.jsonata.JsonataScope;
import dev.aslengine.jsonata.JsonataTemplate;
import dev.aslengine.mock.MockConfig;
import dev.aslengine.model.Catcher;
import dev.aslengine.model.Common;
import dev.aslengine.model.OptionalPath;
import dev.aslengine.model.PathOrIntrinsic;
import dev.aslengine.model.PayloadTemplate;
import dev.aslengine.model.Retrier;
import dev.aslengine.model.State;
import dev.aslengine.model.StateMachineDefinition;
import dev.aslengine.model.choice.Rfc3339Timestamp;
import dev.aslengine.path.JsonPath;
import dev.aslengine.path.PathScope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Walks the typed model of one execution: states, data flow, Retry and Catch, Map and Parallel branches on virtual
 * threads. Every transition is written to the execution's history.
 */
final class Interpreter {
    static final int PAYLOAD_LIMIT_BYTES = 256 * 1024;

    private final Engine engine;
    private final Execution execution;
    /** The Execution and StateMachine parts of the context object, built when a state first reads {@code $$}. */
    private volatile ObjectNode contextBase;
    /** On a redrive, what the failed top-level Map or Parallel already did; taken by the first state that runs. */
    volatile Execution.PartialResults redrivenResults;
    /** On a resume after a crash, where each frame of the execution was (null otherwise). */
    Resumption resumption;

    /** Where a branch of the execution is: its variables and the id of its last history event. */
    static final class Frame {
        final Variables variables;
        /** The execution's own frame (not a branch's nor an iteration's): where a redrive starts. */
        boolean top;
        final boolean recordHistory;
        long lastEvent;
        /** The top-level state that failed and its input, for redrive. */
        String failedState;
        JsonNode failedInput;
        /** Set for TestState's one state only: records each step's data and stops at a retry. */
        StateInspection inspection;
        /** Where this frame is in the execution, as the journal names it ("" for the execution's own). */
        String path = "";
        /** On a resume, the position of the state this frame goes on with; taken by that state. */
        Resumption.Position resume;

        Frame(Variables variables, long lastEvent, boolean recordHistory) {
            this.variables = variables;
            this.lastEvent = lastEvent;
            this.recordHistory = recordHistory;
        }
    }

    record Step(String next, JsonNode output) {}

    Interpreter(Engine engine, Execution execution) {
        this.engine = engine;
        this.execution = execution;
    }

    private ObjectNode contextBase() {
        ObjectNode base = contextBase;
        if (base != null) return base;
        // branches may build it at the same time: each builds the same object, and any one of them is kept
        base = Json.object();
        ObjectNode exec = base.putObject("Execution");
        exec.put("Id", execution.arn());
        exec.set("Input", execution.input());
        exec.put("Name", execution.name());
        exec.put("RoleArn", execution.stateMachine().roleArn());
        exec.put("StartTime", Engine.timestamp(execution.startDate()));
        // only a STANDARD execution can be redriven, so only its context counts redrives
        if (!"EXPRESS".equals(execution.stateMachine().type())) {
            exec.put("RedriveCount", execution.redriveCount());
            if (execution.redriveDate() != null) exec.put("RedriveTime", Engine.timestamp(execution.redriveDate()));
        }
        ObjectNode sm = base.putObject("StateMachine");
        sm.put("Id", execution.stateMachine().arn());
        sm.put("Name", execution.stateMachine().name());
        contextBase = base;
        return base;
    }

    long event(Frame frame, String type, String key, ObjectNode details) {
        if (!frame.recordHistory) return frame.lastEvent;
        long id = execution.history().add(frame.lastEvent, type, key, details);
        frame.lastEvent = id;
        return id;
    }

    /** Writes a state's StateEntered or StateExited event (one without assigned variables) and returns it, or null. */
    private HistoryEvent stateEvent(Frame frame, State state, boolean entered, JsonNode payload) {
        if (!frame.recordHistory) return null;
        HistoryEvent e = execution.history().addState(frame.lastEvent, eventType(state, entered),
                entered ? "stateEnteredEventDetails" : "stateExitedEventDetails", state.common().name(), entered ? "input" : "output", payload);
        frame.lastEvent = e.id();
        return e;
    }

    /** "PassStateEntered", "TaskStateExited"...: built once per state type, not concatenated per state run. */
    private static final java.util.Map<String, String[]> EVENT_TYPES = java.util.Map.of(
            "Pass", stateEventTypes("Pass"), "Task", stateEventTypes("Task"), "Choice", stateEventTypes("Choice"),
            "Wait", stateEventTypes("Wait"), "Succeed", stateEventTypes("Succeed"), "Fail", stateEventTypes("Fail"),
            "Parallel", stateEventTypes("Parallel"), "Map", stateEventTypes("Map"));

    private static String[] stateEventTypes(String type) {
        return new String[] {type + "StateEntered", type + "StateExited"};
    }

    private static String eventType(State state, boolean entered) {
        return EVENT_TYPES.get(state.common().type())[entered ? 0 : 1];
    }

    /** Runs a graph from {@code startAt} and returns its output; an uncaught error is thrown as StatesError. */
    JsonNode run(StateMachineDefinition graph, String startAt, JsonNode input, Frame frame) throws InterruptedException {
        String name = startAt;
        JsonNode data = input;
        while (true) {
            if (Thread.interrupted()) throw new InterruptedException();
            State state = graph.state(name);
            Step step;
            try {
                step = runState(state, data, frame);
            } catch (StatesError | InterruptedException e) {
                // a failed or stopped state: where a redrive starts again
                if (frame.failedState == null) {
                    frame.failedState = name;
                    frame.failedInput = data;
                }
                throw e;
            }
            if (frame.top) redrivenResults = null;
            if (step.next() == null) return step.output();
            name = step.next();
            data = step.output();
        }
    }

    /** Runs one state, as TestState does: the step it took, or its error. */
    Step runOne(State state, JsonNode input, Frame frame) throws InterruptedException {
        return runState(state, input, frame);
    }

    // ---------------------------------------------------------------- states

    private Step runState(State state, JsonNode raw, Frame frame) throws InterruptedException {
        Common c = state.common();
        Resumption.Position resumed = frame.resume;
        frame.resume = null;
        if (resumed != null && !resumed.entered.state().equals(c.name())) resumed = null;
        Instant entered;
        long enteredEvent;
        if (resumed != null) {
            // entered before the crash: its StateEntered event is in the history already
            entered = resumed.entered.time();
            enteredEvent = resumed.entered.event();
        } else {
            HistoryEvent e = stateEvent(frame, state, true, raw);
            // $$.State.EnteredTime is the StateEntered event's time
            entered = e != null ? e.timestamp() : Instant.now();
            enteredEvent = e != null ? e.id() : frame.lastEvent;
            if (execution.journaled()) {
                execution.journal(new JournalEntry.Entered(frame.path, c.name(), raw, frame.variables.toJson(), enteredEvent, entered));
            }
        }
        StateRun run = new StateRun(state, raw, frame, entered, enteredEvent);
        run.resumed = resumed;
        Step step;
        try {
            step = switch (state) {
                case State.Pass p -> run.pass(p);
                case State.Task t -> run.withRetry(() -> run.task(t));
                case State.Choice ch -> run.choice(ch);
                case State.Wait w -> run.waitState(w);
                case State.Succeed s -> run.succeed();
                case State.Fail f -> throw run.fail(f);
                case State.Parallel p -> run.withRetry(() -> run.parallel(p));
                case State.Map m -> run.withRetry(() -> run.map(m));
            };
        } catch (StatesError e) {
            throw run.located(e);
        }
        checkSize(step.output(), c.name());
        if (run.assigned != null && !run.assigned.isEmpty()) {
            ObjectNode exited = details(c.name()).set("output", step.output());
            ObjectNode av = exited.putObject("assignedVariables");
            run.assigned.properties().forEach(e -> av.put(e.getKey(), Json.write(e.getValue())));
            exited.set("assignedVariablesDetails", Json.object().put("truncated", false));
            event(frame, eventType(state, false), "stateExitedEventDetails", exited);
        } else {
            stateEvent(frame, state, false, step.output());
        }
        if (run.assigned != null) frame.variables.assign(run.assigned);
        return step;
    }

    /** AWS's 256 KiB bound on a state's output or a task's result; {@code what} is the state's name or the task's resource. */
    private static void checkSize(JsonNode output, String what) {
        if (output == null || Json.utf8SizeAtMost(output, PAYLOAD_LIMIT_BYTES)) return;
        int size = Json.utf8Size(output);
        if (size > PAYLOAD_LIMIT_BYTES) {
            throw new StatesError(StatesError.DATA_LIMIT_EXCEEDED, "The state/task '" + what
                    + "' returned a result with a size exceeding the maximum number of bytes service limit.");
        }
    }

    private static ObjectNode details(String name) {
        return Json.object().put("name", name);
    }

    @FunctionalInterface
    private interface Attempt {
        Step run() throws InterruptedException;
    }

    /** The state being run: its input, context and the bookkeeping of Retry. */
    private final class StateRun {
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

        StateRun(State state, JsonNode raw, Frame frame, Instant entered, long enteredEvent) {
            this.state = state;
            this.c = state.common();
            this.raw = raw;
            this.frame = frame;
            this.entered = entered;
            this.enteredEvent = enteredEvent;
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
            contextBase().properties().forEach(e -> ctx.set(e.getKey(), e.getValue()));
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

        // ---- Pass, Choice, Wait, Succeed, Fail

        Step pass(State.Pass p) {
            if (c.isJsonata()) return new Step(c.next(), finishWithResult(raw));
            JsonNode eff = effectiveInput();
            JsonNode result = c.parameters() != null ? inspect("afterParameters", c.parameters().evaluate(pathScope(eff)))
                    : p.result() != null ? p.result() : eff;
            inspect("result", result);
            if (c.assign() != null) assigned = c.assign().evaluate(pathScope(result), null);
            JsonNode out = inspect("afterResultPath", applyResultPath(c.resultPath(), result));
            return new Step(c.next(), selectPath(c.outputPath(), out));
        }

        Step choice(State.Choice ch) {
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

        Step waitState(State.Wait w) throws InterruptedException {
            JsonNode eff = c.isJsonata() ? raw : effectiveInput();
            long millis;
            if (w.seconds().isSet()) {
                millis = TimeUnit.SECONDS.toMillis(seconds(w.seconds(), eff, "Seconds"));
            } else {
                Instant until = w.timestamp() != null ? w.timestamp() : timestamp(w, eff);
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
        Instant timestamp(State.Wait w, JsonNode eff) {
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

        /** A number a ...Path field selected: a number, or a string holding one, as AWS accepts there; null if neither. */
        static Double numberIn(JsonNode v) {
            double n;
            if (v.isNumber()) {
                n = v.doubleValue();
            } else if (v.isTextual()) {
                try {
                    n = Double.parseDouble(v.textValue());
                } catch (NumberFormatException e) {
                    return null;
                }
            } else {
                return null;
            }
            return Double.isFinite(n) ? n : null;
        }

        /**
         * The MaxConcurrency of a Map (0: no bound). MaxConcurrencyPath may select an integer or a string holding one;
         * anything else, or a negative number, fails the state with States.Runtime.
         */
        int maxConcurrency(State.Map m, JsonNode eff) {
            State.Seconds s = m.maxConcurrency();
            if (!s.isSet()) return 0;
            if (s.path() == null) return (int) Math.min(Integer.MAX_VALUE, seconds(s, eff, "MaxConcurrency"));
            JsonNode v = readPath(s.path(), eff);
            Double n = numberIn(v);
            if (n == null || n != Math.rint(n) || Math.abs(n) > Integer.MAX_VALUE) {
                throw new StatesError(StatesError.RUNTIME, "The MaxConcurrencyPath field refers to value \"" + shown(v)
                        + "\" which is not a valid integer: " + s.path().expression());
            }
            if (n < 0) {
                throw new StatesError(StatesError.RUNTIME, "Expected non-negative integer for MaxConcurrency, got '" + n.longValue() + "' instead.");
            }
            return n.intValue();
        }

        /** The failure threshold of a Map as evaluated when it starts: null where none is set. */
        record Tolerance(Long count, Double percentage) {}

        Tolerance tolerance(State.Map m, JsonNode eff) {
            Double count = threshold(m.toleratedFailureCount(), eff, "ToleratedFailureCount", true);
            Double percentage = threshold(m.toleratedFailurePercentage(), eff, "ToleratedFailurePercentage", false);
            return new Tolerance(count == null ? null : count.longValue(), percentage);
        }

        /**
         * A ToleratedFailureCount ({@code whole}) or ToleratedFailurePercentage, by path or expression checked as AWS
         * checks it when the Map starts: not a number, negative, or a percentage over 100 fails with States.Runtime.
         */
        Double threshold(State.Threshold t, JsonNode eff, String field, boolean whole) {
            if (!t.isSet()) return null;
            if (t.literal() != null) return t.literal();
            Double n;
            if (t.path() != null) {
                JsonNode v = readPath(t.path(), eff);
                n = numberIn(v);
                if (n == null || (whole && n != Math.rint(n))) {
                    throw new StatesError(StatesError.RUNTIME, "The " + field + "Path field refers to value \"" + shown(v)
                            + "\" which is not a valid " + (whole ? "integer" : "float") + ": " + t.path().expression());
                }
            } else {
                JsonNode v = t.expression().evaluate(jsonataScope(null, null));
                if (!v.isNumber() || (whole && !isWholeNumber(v))) throw unexpectedType(t.expression(), field, whole ? "integer" : "number", v);
                n = v.doubleValue();
            }
            if (whole && n < 0) throw new StatesError(StatesError.RUNTIME, "ToleratedFailureCount cannot be negative.");
            if (!whole && (n < 0 || n > 100)) throw new StatesError(StatesError.RUNTIME, "ToleratedFailurePercentage must be between 0 and 100.");
            return n;
        }

        /** AWS's States.QueryEvaluationError for a JSONata field whose value has the wrong type. */
        StatesError unexpectedType(JsonataTemplate field, String name, String expected, JsonNode v) {
            return new StatesError(StatesError.QUERY_EVALUATION_ERROR, "The JSONata expression '" + field.source()
                    + "' specified for the field '" + name + "' returned an unexpected result type. Expected '" + expected
                    + "', but was '" + jsonataType(v) + "' for value: " + Json.write(v));
        }

        static String jsonataType(JsonNode v) {
            return switch (v.getNodeType()) {
                case ARRAY -> "array";
                case BOOLEAN -> "boolean";
                case NUMBER -> "number";
                case STRING -> "string";
                case NULL -> "null";
                default -> "object";
            };
        }

        Step succeed() {
            if (c.isJsonata()) return new Step(null, c.output() != null ? required(c.output().evaluate(jsonataScope(null, null)), "Output") : raw);
            return new Step(null, selectPath(c.outputPath(), effectiveInput()));
        }

        StatesError fail(State.Fail f) {
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

        // ---- Task

        Step task(State.Task t) throws InterruptedException {
            ResourceArn resource = t.resource();
            if (resource == null) {
                JsonNode r = t.resourceExpression().evaluate(jsonataScope(null, null));
                try {
                    resource = ResourceArn.parse(r == null ? null : r.asText());
                } catch (IllegalArgumentException e) {
                    throw new StatesError(StatesError.RUNTIME, "Resource of state '" + c.name() + "': " + e.getMessage());
                }
            }
            // the token exists before Parameters / Arguments are built, so $$.Task.Token can be passed on
            boolean submittedBefore = false;
            if (resource.pattern() == IntegrationPattern.WAIT_FOR_TASK_TOKEN) {
                JournalEntry.Token earlier = resumed == null ? null : resumed.token;
                resumed = null;
                if (earlier != null) {
                    // the token handed out before the crash stays valid: whoever holds it can still answer
                    taskToken = earlier.token();
                    engine.tokens().adopt(taskToken);
                    submittedBefore = earlier.submitted();
                } else {
                    taskToken = engine.tokens().issue();
                    execution.journal(new JournalEntry.Token(frame.path, taskToken, false, frame.lastEvent));
                }
            } else {
                resumed = null;
            }
            JsonNode eff;
            JsonNode parameters;
            long timeout;
            long heartbeat;
            try {
                eff = c.isJsonata() ? raw : effectiveInput();
                parameters = c.isJsonata()
                        ? (c.arguments() != null ? c.arguments().evaluate(jsonataScope(null, null)) : raw)
                        : (c.parameters() != null ? c.parameters().evaluate(pathScope(eff)) : eff);
                timeout = t.timeout().isSet() ? seconds(t.timeout(), eff, "TimeoutSeconds") : 0;
                heartbeat = t.heartbeat().isSet() ? seconds(t.heartbeat(), eff, "HeartbeatSeconds") : 0;
            } catch (StatesError e) {
                if (taskToken != null) engine.tokens().forget(taskToken);
                throw e;
            }
            inspect(c.isJsonata() ? "afterArguments" : "afterParameters", parameters);
            JsonNode result;
            if (frame.inspection != null && frame.inspection.mocked()) {
                if (taskToken != null) engine.tokens().forget(taskToken);
                result = frame.inspection.mock();
            } else {
                result = invoke(resource, parameters, timeout, heartbeat, t, submittedBefore);
            }
            return new Step(c.next(), finishWithResult(result));
        }

        JsonNode invoke(ResourceArn resource, JsonNode parameters, long timeout, long heartbeat, State.Task t, boolean submittedBefore)
                throws InterruptedException {
            if (resource.service().equals("activity")) return activity(resource, parameters, timeout, heartbeat);
            boolean plainLambda = resource.service().equals("function");
            String prefix = plainLambda ? "LambdaFunction" : "Task";
            String key = plainLambda ? "lambdaFunction" : "task";
            String resourceName = resource.action() + resource.pattern().suffix();
            ObjectNode scheduled = Json.object();
            if (plainLambda) {
                scheduled.put("resource", resource.raw());
                scheduled.set("input", parameters);
            } else {
                scheduled.put("resourceType", resource.service());
                scheduled.put("resource", resourceName);
                scheduled.put("region", engine.region());
                scheduled.set("parameters", parameters);
            }
            if (timeout > 0) scheduled.put("timeoutInSeconds", timeout);
            if (heartbeat > 0) scheduled.put("heartbeatInSeconds", heartbeat);
            if (!submittedBefore) {
                event(frame, prefix + "Scheduled", key + "ScheduledEventDetails", scheduled);
                event(frame, prefix + "Started", key + "StartedEventDetails", plainLambda ? Json.object() : resourceDetails(resource, resourceName));
            }
            long deadline = timeout > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout) : 0;
            try {
                MockConfig.Outcome mocked = execution.mockedInvocation(c.name());
                JsonNode result;
                if (submittedBefore) {
                    // the service was called before the crash: only its callback is still awaited
                    result = engine.tokens().await(taskToken, heartbeat, deadline);
                } else if (mocked != null) {
                    // the test case's answer stands for the service's (and for the callback's, with a task token)
                    result = mocked.resultOrThrow();
                    if (resource.pattern() == IntegrationPattern.WAIT_FOR_TASK_TOKEN) {
                        event(frame, "TaskSubmitted", "taskSubmittedEventDetails", resourceDetails(resource, resourceName).set("output", result));
                    }
                } else {
                    TaskIntegration integration = engine.integrationFor(resource);
                    TaskCall call = new TaskCall(resource, parameters, t.credentials(), execution.arn(), c.name(), taskToken,
                            timeout > 0 ? Instant.now().plusSeconds(timeout) : null);
                    result = callWithTimeout(integration, call, deadline);
                    if (resource.pattern() == IntegrationPattern.WAIT_FOR_TASK_TOKEN) {
                        long submitted = event(frame, "TaskSubmitted", "taskSubmittedEventDetails", resourceDetails(resource, resourceName).set("output", result));
                        execution.journal(new JournalEntry.Token(frame.path, taskToken, true, submitted));
                        result = engine.tokens().await(taskToken, heartbeat, deadline);
                    }
                }
                // the service's answer itself is bounded, whatever ResultSelector would keep of it; AWS names the resource
                checkSize(result, resource.raw());
                ObjectNode ok = plainLambda ? Json.object() : resourceDetails(resource, resourceName);
                ok.set("output", result);
                event(frame, prefix + "Succeeded", key + "SucceededEventDetails", ok);
                return result;
            } catch (StatesError e) {
                boolean timedOut = StatesError.TIMEOUT.equals(e.error()) || StatesError.HEARTBEAT_TIMEOUT.equals(e.error());
                ObjectNode failed = plainLambda ? Json.object() : resourceDetails(resource, resourceName);
                failed.put("error", e.error());
                failed.put("cause", e.cause());
                event(frame, prefix + (timedOut ? "TimedOut" : "Failed"), key + (timedOut ? "TimedOut" : "Failed") + "EventDetails", failed);
                throw e;
            } finally {
                if (taskToken != null) engine.tokens().forget(taskToken);
            }
        }

        /** A Task on an activity: scheduled on its queue, started when a worker takes it, ended by the worker's token. */
        JsonNode activity(ResourceArn resource, JsonNode parameters, long timeout, long heartbeat) throws InterruptedException {
            String token = engine.tokens().issue();
            try {
                Activities.ActivityTask task;
                try {
                    task = engine.activities().schedule(resource.raw(), token, parameters);
                } catch (EngineException e) {
                    StatesError error = new StatesError(StatesError.RUNTIME, e.getMessage());
                    event(frame, "ActivityScheduleFailed", "activityScheduleFailedEventDetails",
                            Json.object().put("error", error.error()).put("cause", error.cause()));
                    throw error;
                }
                ObjectNode scheduled = Json.object().put("resource", resource.raw());
                scheduled.set("input", parameters);
                if (timeout > 0) scheduled.put("timeoutInSeconds", timeout);
                if (heartbeat > 0) scheduled.put("heartbeatInSeconds", heartbeat);
                event(frame, "ActivityScheduled", "activityScheduledEventDetails", scheduled);
                long deadline = timeout > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout) : 0;
                try {
                    String worker = deadline == 0 ? task.taken().get()
                            : task.taken().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    event(frame, "ActivityStarted", "activityStartedEventDetails", Json.object().put("workerName", worker));
                    engine.tokens().heartbeat(token); // HeartbeatSeconds counts from when a worker took the task
                    JsonNode result = engine.tokens().await(token, heartbeat, deadline);
                    event(frame, "ActivitySucceeded", "activitySucceededEventDetails", (ObjectNode) Json.object().set("output", result));
                    return result;
                } catch (TimeoutException e) {
                    throw activityEnded(new StatesError(StatesError.TIMEOUT, null));
                } catch (ExecutionException e) {
                    throw new IllegalStateException("an activity task is only ever completed with its worker's name", e);
                } catch (StatesError e) {
                    throw activityEnded(e);
                } finally {
                    // no worker may take it once the state has moved on (ended, timed out or stopped)
                    task.taken().complete(null);
                }
            } finally {
                engine.tokens().forget(token);
            }
        }

        StatesError activityEnded(StatesError e) {
            boolean timedOut = StatesError.TIMEOUT.equals(e.error()) || StatesError.HEARTBEAT_TIMEOUT.equals(e.error());
            event(frame, timedOut ? "ActivityTimedOut" : "ActivityFailed", timedOut ? "activityTimedOutEventDetails" : "activityFailedEventDetails",
                    Json.object().put("error", e.error()).put("cause", e.cause()));
            return e;
        }

        ObjectNode resourceDetails(ResourceArn resource, String resourceName) {
            return Json.object().put("resourceType", resource.service()).put("resource", resourceName);
        }

        JsonNode callWithTimeout(TaskIntegration integration, TaskCall call, long deadline) throws InterruptedException {
            if (deadline == 0) return integration.call(call);
            Future<JsonNode> f = engine.virtualThreads().submit(() -> integration.call(call));
            try {
                return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                throw new StatesError(StatesError.TIMEOUT, null);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof StatesError se) throw se;
                throw new StatesError(StatesError.TASK_FAILED, String.valueOf(e.getCause()));
            } catch (InterruptedException e) {
                f.cancel(true);
                throw e;
            }
        }

        // ---- Parallel and Map

        Step parallel(State.Parallel p) throws InterruptedException {
            JsonNode input;
            if (c.isJsonata()) input = c.arguments() != null ? c.arguments().evaluate(jsonataScope(null, null)) : raw;
            else input = c.parameters() != null ? c.parameters().evaluate(pathScope(effectiveInput())) : effectiveInput();
            boolean resuming = takeResumed();
            if (!resuming) event(frame, "ParallelStateStarted", null, null);
            List<StateMachineDefinition> branches = p.branches();
            JsonNode[] results = new JsonNode[branches.size()];
            boolean[] succeeded = new boolean[branches.size()];
            List<Integer> toRun = earlierResults(results, succeeded);
            if (resuming) toRun.removeIf(i -> finishedBefore(i, results, succeeded));
            try {
                boolean inline = branches.stream().allMatch(StateMachineDefinition::neverWaits);
                runConcurrently(toRun.size(), 0, inline, k -> {
                    int i = toRun.get(k);
                    Frame child = childFrame(i, frame.recordHistory, resuming);
                    StateMachineDefinition b = branches.get(i);
                    results[i] = child.resume != null ? run(b, child.resume.entered.state(), child.resume.entered.input(), child)
                            : run(b, b.startAt(), input, child);
                    succeeded[i] = true;
                    execution.journal(new JournalEntry.Finished(child.path, results[i]));
                });
            } catch (StatesError e) {
                keepForRedrive(results, succeeded, null);
                event(frame, "ParallelStateFailed", null, null);
                throw e;
            }
            event(frame, "ParallelStateSucceeded", null, null);
            ArrayNode out = Json.NODES.arrayNode(results.length);
            for (JsonNode r : results) out.add(r);
            return new Step(c.next(), finishWithResult(out));
        }

        Step map(State.Map m) throws InterruptedException {
            JsonNode eff = c.isJsonata() ? raw : effectiveInput();
            List<JsonNode> items = mapItems(m, eff);
            int maxConcurrency = maxConcurrency(m, eff);
            Tolerance tolerance = tolerance(m, eff);
            String mapRunArn = null;
            MapRun mapRun = null;
            boolean resuming = takeResumed();
            Execution.PartialResults earlierRun = frame.top ? redrivenResults : null;
            MapRun redriven = earlierRun != null && earlierRun.stateName().equals(c.name()) && earlierRun.count() == items.size()
                    && earlierRun.mapRunArn() != null ? engine.mapRunOrNull(earlierRun.mapRunArn()) : null;
            if (m.distributed() && redriven != null) {
                // AWS redrives the same Map Run: its failed children run again
                mapRunArn = redriven.arn();
                mapRun = redriven;
                redriven.redrive();
                event(frame, "MapRunRedriven", "mapRunRedrivenEventDetails", Json.object().put("mapRunArn", mapRunArn)
                        .put("redriveCount", redriven.redriveCount()));
            } else if (m.distributed()) {
                String label = m.label() != null ? m.label() : c.name();
                String started = resuming ? startedMapRun() : null;
                mapRunArn = started != null ? started
                        : execution.stateMachine().arn().replace(":stateMachine:", ":mapRun:") + "/" + label + ":" + java.util.UUID.randomUUID();
                mapRun = engine.startMapRun(mapRunArn, execution.arn(), execution.stateMachine().arn() + "/" + label, items.size(),
                        maxConcurrency, tolerance.count(), tolerance.percentage());
                if (started == null) event(frame, "MapRunStarted", "mapRunStartedEventDetails", Json.object().put("mapRunArn", mapRunArn));
            }
            MapRun counts = mapRun;
            if (!resuming) event(frame, "MapStateStarted", "mapStateStartedEventDetails", Json.object().put("length", items.size()));
            JsonNode[] results = new JsonNode[items.size()];
            boolean[] succeeded = new boolean[items.size()];
            List<Integer> toRun = earlierResults(results, succeeded);
            if (resuming) {
                toRun.removeIf(i -> finishedBefore(i, results, succeeded));
                if (counts != null) {
                    for (int i = 0; i < results.length; i++) {
                        if (succeeded[i]) {
                            counts.childStarted();
                            counts.childEnded(true);
                        }
                    }
                }
            }
            StatesError[] failures = new StatesError[items.size()];
            // a Distributed Map tolerates no failure by default and then fails with the threshold error, as in AWS
            boolean tolerant = m.distributed() || tolerance.count() != null || tolerance.percentage() != null;
            JsonNode selectorInput = eff;
            boolean childHistory = frame.recordHistory && !m.distributed();
            String runOutcome = "ABORTED";
            try {
                try {
                    // a Map Run's children wait for its MaxConcurrency themselves, as UpdateMapRun may change it while they run
                    runConcurrently(toRun.size(), counts != null ? 0 : maxConcurrency, !m.distributed() && m.processor().neverWaits(), k -> {
                        int i = toRun.get(k);
                        JsonNode item = items.get(i);
                        JsonNode iterationInput = itemInput(m, selectorInput, item, i);
                        Frame child = childFrame(i, childHistory, resuming);
                        ObjectNode it = Json.object().put("name", c.name()).put("index", i);
                        if (child.resume == null) event(child, "MapIterationStarted", "mapIterationStartedEventDetails", it);
                        if (counts != null) counts.childStarted();
                        try {
                            results[i] = child.resume != null
                                    ? run(m.processor(), child.resume.entered.state(), child.resume.entered.input(), child)
                                    : run(m.processor(), m.processor().startAt(), iterationInput, child);
                            succeeded[i] = true;
                            execution.journal(new JournalEntry.Finished(child.path, results[i]));
                            if (counts != null) counts.childEnded(true);
                            event(child, "MapIterationSucceeded", "mapIterationSucceededEventDetails", it.deepCopy());
                        } catch (StatesError e) {
                            if (counts != null) counts.childEnded(false);
                            event(child, "MapIterationFailed", "mapIterationFailedEventDetails", it.deepCopy());
                            if (!tolerant) throw e;
                            failures[i] = e;
                        }
                    });
                } catch (StatesError e) {
                    event(frame, "MapStateFailed", null, null);
                    if (mapRunArn != null) event(frame, "MapRunFailed", "mapRunFailedEventDetails", Json.object().put("error", e.error()).put("cause", e.cause()));
                    throw e;
                }
                if (tolerant) {
                    checkTolerance(counts == null ? tolerance : new Tolerance(counts.toleratedFailureCount(), counts.toleratedFailurePercentage()),
                            failures, mapRunArn);
                }
                event(frame, "MapStateSucceeded", null, null);
                if (mapRunArn != null) event(frame, "MapRunSucceeded", null, null);
                runOutcome = "SUCCEEDED";
            } catch (StatesError e) {
                runOutcome = "FAILED";
                keepForRedrive(results, succeeded, mapRunArn);
                throw e;
            } finally {
                if (counts != null) counts.finish(runOutcome);
            }
            JsonNode result;
            if (m.resultWriter() != null) {
                result = writeResults(m, eff, mapRunArn, results, failures, items);
            } else {
                ArrayNode out = Json.NODES.arrayNode(results.length);
                for (int i = 0; i < results.length; i++) {
                    out.add(failures[i] == null ? results[i] : Json.object().put("Error", failures[i].error()).put("Cause", failures[i].cause()));
                }
                result = out;
            }
            return new Step(c.next(), finishWithResult(result));
        }

        /** Whether this Map or Parallel state goes on from where it was before a crash (its start events are written). */
        boolean takeResumed() {
            boolean r = resumed != null;
            resumed = null;
            return r;
        }

        /** On a resume: whether iteration or branch {@code i} had finished before the crash (its result is put in place). */
        boolean finishedBefore(int i, JsonNode[] results, boolean[] succeeded) {
            if (succeeded[i]) return true;
            Resumption.Position p = resumption == null ? null : resumption.at(Resumption.child(frame.path, c.name(), i));
            if (p == null || p.finished == null) return false;
            results[i] = p.finished;
            succeeded[i] = true;
            return true;
        }

        /** The frame of iteration or branch {@code i}; on a resume, placed where the journal left it. */
        Frame childFrame(int i, boolean recordHistory, boolean resuming) {
            String path = Resumption.child(frame.path, c.name(), i);
            Resumption.Position p = resuming && resumption != null ? resumption.at(path) : null;
            if (p != null && p.entered == null) p = null;
            Variables variables = new Variables(frame.variables);
            if (p != null && p.entered.variables() != null) variables.assign(p.entered.variables());
            Frame child = new Frame(variables, p != null ? p.lastEvent() : frame.lastEvent, recordHistory);
            child.path = path;
            child.resume = p;
            return child;
        }

        /** The Map Run this state started before a crash (the MapRunStarted event right after its StateEntered), or null. */
        String startedMapRun() {
            for (HistoryEvent e : execution.history().events()) {
                if (e.previousEventId() == enteredEvent && e.type().equals("MapRunStarted") && e.details() != null) {
                    return e.details().path("mapRunArn").asText(null);
                }
            }
            return null;
        }

        /**
         * The indices to run: all of them, or on a redrive of this (top-level) state only those that did not succeed
         * before, whose results are put in place.
         */
        List<Integer> earlierResults(JsonNode[] results, boolean[] succeeded) {
            Execution.PartialResults earlier = frame.top ? redrivenResults : null;
            if (earlier != null && (!earlier.stateName().equals(c.name()) || earlier.count() != results.length)) earlier = null;
            List<Integer> toRun = new ArrayList<>(results.length);
            for (int i = 0; i < results.length; i++) {
                if (earlier != null && earlier.succeeded().containsKey(i)) {
                    results[i] = earlier.succeeded().get(i);
                    succeeded[i] = true;
                } else {
                    toRun.add(i);
                }
            }
            return toRun;
        }

        /** A top-level Map or Parallel that failed keeps what succeeded, for a redrive to run only the rest. */
        void keepForRedrive(JsonNode[] results, boolean[] succeeded, String mapRunArn) {
            if (!frame.top) return;
            java.util.Map<Integer, JsonNode> done = new java.util.HashMap<>();
            for (int i = 0; i < results.length; i++) if (succeeded[i]) done.put(i, results[i]);
            execution.partialResults = new Execution.PartialResults(c.name(), results.length, done, mapRunArn);
        }

        List<JsonNode> mapItems(State.Map m, JsonNode eff) {
            JsonNode items;
            if (m.itemReader() != null) {
                State.ItemReader r = m.itemReader();
                JsonNode args = r.parameters() != null ? r.parameters().evaluate(pathScope(eff))
                        : r.arguments() != null ? r.arguments().evaluate(jsonataScope(null, null)) : Json.object();
                items = engine.distributedMapStore().readItems(r.resource(), r.readerConfig(), args);
            } else if (m.items() != null) {
                items = m.items().evaluate(jsonataScope(null, null));
                if (!items.isArray()) throw unexpectedType(m.items(), "Items", "array", items);
            } else {
                items = m.itemsPath() != null ? readPath(m.itemsPath(), eff) : eff;
                if (!items.isArray()) {
                    throw new StatesError(StatesError.RUNTIME, "Map state '" + c.name() + "': the ItemsPath '"
                            + (m.itemsPath() == null ? "$" : m.itemsPath().expression()) + "' must select an array, got "
                            + Json.write(items));
                }
            }
            List<JsonNode> list = new ArrayList<>(items.size());
            items.forEach(list::add);
            return m.itemBatcher() == null ? list : batches(m, eff, list);
        }

        List<JsonNode> batches(State.Map m, JsonNode eff, List<JsonNode> items) {
            State.ItemBatcher b = m.itemBatcher();
            JsonNode batchInput = b.batchInput() != null ? b.batchInput().evaluate(pathScope(eff))
                    : b.batchInputExpression() != null ? b.batchInputExpression().evaluate(jsonataScope(null, null)) : null;
            long maxItems = b.maxItemsPerBatch() == null ? Long.MAX_VALUE : b.maxItemsPerBatch();
            long maxBytes = b.maxInputBytesPerBatch() == null ? PAYLOAD_LIMIT_BYTES : b.maxInputBytesPerBatch();
            List<JsonNode> out = new ArrayList<>();
            ArrayNode current = null;
            long bytes = 0;
            for (JsonNode item : items) {
                long size = Json.utf8Size(item) + 1;
                if (current == null || current.size() >= maxItems || bytes + size > maxBytes) {
                    ObjectNode batch = Json.object();
                    if (batchInput != null) batch.set("BatchInput", batchInput);
                    current = batch.putArray("Items");
                    bytes = 0;
                    out.add(batch);
                }
                current.add(item);
                bytes += size;
            }
            return out;
        }

        JsonNode itemInput(State.Map m, JsonNode eff, JsonNode item, int index) {
            if (m.itemSelector() == null && m.itemSelectorExpression() == null) return item;
            ObjectNode ctx = Json.object();
            context().properties().forEach(e -> ctx.set(e.getKey(), e.getValue()));
            ObjectNode it = ctx.putObject("Map").putObject("Item");
            it.put("Index", index);
            it.set("Value", item);
            if (m.itemSelectorExpression() != null) {
                return m.itemSelectorExpression().evaluate(new JsonataScope(raw, null, null, ctx, frame.variables::get));
            }
            return m.itemSelector().evaluate(new PathScope(eff, ctx, frame.variables::get));
        }

        void checkTolerance(Tolerance tolerance, StatesError[] failures, String mapRunArn) {
            long failed = 0;
            for (StatesError f : failures) if (f != null) failed++;
            if (failed == 0) return;
            Double pct = tolerance.percentage();
            Long count = tolerance.count();
            boolean exceeded = (count != null && failed > count)
                    || (pct != null && failed * 100.0 / failures.length > pct)
                    || (count == null && pct == null);
            if (exceeded) {
                event(frame, "MapStateFailed", null, null);
                StatesError e = new StatesError(StatesError.EXCEED_TOLERATED_FAILURE_THRESHOLD,
                        "The specified tolerated failure threshold was exceeded: " + failed + " of " + failures.length + " items failed");
                if (mapRunArn != null) event(frame, "MapRunFailed", "mapRunFailedEventDetails", Json.object().put("error", e.error()).put("cause", e.cause()));
                throw e;
            }
        }

        JsonNode writeResults(State.Map m, JsonNode eff, String mapRunArn, JsonNode[] results, StatesError[] failures,
                List<JsonNode> items) {
            State.ResultWriter w = m.resultWriter();
            JsonNode args = w.parameters() != null ? w.parameters().evaluate(pathScope(eff))
                    : w.arguments() != null ? w.arguments().evaluate(jsonataScope(null, null)) : Json.object();
            List<JsonNode> succeeded = new ArrayList<>();
            List<JsonNode> failed = new ArrayList<>();
            String childPrefix = mapRunArn.replace(":mapRun:", ":execution:");
            for (int i = 0; i < results.length; i++) {
                boolean ok = failures[i] == null;
                ObjectNode entry = MapRunResult.childExecution(childPrefix + ":" + i, String.valueOf(i), execution.stateMachine().arn(),
                        items.get(i), entered, Instant.now(), ok ? results[i] : null, ok ? null : failures[i].error(),
                        ok ? null : failures[i].cause());
                (ok ? succeeded : failed).add(entry);
            }
            JsonNode details = engine.distributedMapStore().writeResults(args, mapRunArn, succeeded, failed);
            ObjectNode out = Json.object();
            out.put("MapRunArn", mapRunArn);
            out.set("ResultWriterDetails", details);
            return out;
        }
    }

    @FunctionalInterface
    private interface Branch {
        void run(int index) throws InterruptedException;
    }

    /**
     * Runs {@code count} branches on virtual threads, at most {@code maxConcurrency} at once (0: no bound). The first
     * StatesError (or a full history) stops the others and is rethrown; an interrupt of the caller stops them all.
     * Branches that never wait ({@code inline}) run one after the other on the caller's thread instead: the same
     * outcome as one order their threads could have run in, without starting and joining a thread per branch.
     */
    private void runConcurrently(int count, int maxConcurrency, boolean inline, Branch branch) throws InterruptedException {
        if (count == 0) return;
        if (inline) {
            for (int i = 0; i < count; i++) {
                try {
                    branch.run(i);
                } catch (StatesError | HistoryLimitExceeded e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new StatesError(StatesError.RUNTIME, String.valueOf(e));
                }
            }
            return;
        }
        Semaphore permits = maxConcurrency > 0 ? new Semaphore(maxConcurrency) : null;
        AtomicReference<RuntimeException> firstError = new AtomicReference<>();
        // the JDK's thread-per-task executor registers each thread before starting it and refuses new ones once shut
        // down, so a failing branch's shutdownNow reaches every sibling, however early or late it was started
        ExecutorService running = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory());
        try {
            for (int i = 0; i < count && firstError.get() == null; i++) {
                if (permits != null) permits.acquire();
                final int index = i;
                try {
                    running.execute(() -> {
                        try {
                            branch.run(index);
                        } catch (StatesError e) {
                            if (firstError.compareAndSet(null, e)) running.shutdownNow();
                        } catch (InterruptedException e) {
                            // stopped because a sibling failed or the execution was stopped
                        } catch (HistoryLimitExceeded e) {
                            if (firstError.compareAndSet(null, e)) running.shutdownNow();
                        } catch (RuntimeException e) {
                            if (firstError.compareAndSet(null, new StatesError(StatesError.RUNTIME, String.valueOf(e)))) running.shutdownNow();
                        } finally {
                            if (permits != null) permits.release();
                        }
                    });
                } catch (RejectedExecutionException e) {
                    if (permits != null) permits.release();
                    break; // a sibling failed and shut the executor down
                }
            }
            running.shutdown();
            while (!running.awaitTermination(1, TimeUnit.HOURS)) {
                // branches may run for as long as the execution does
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            throw e;
        }
        if (firstError.get() != null) throw firstError.get();
    }
}
