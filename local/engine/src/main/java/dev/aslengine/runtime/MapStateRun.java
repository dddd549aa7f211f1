package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.integration.MapRunResult;
import dev.aslengine.jsonata.JsonataScope;
import dev.aslengine.jsonata.JsonataTemplate;
import dev.aslengine.model.State;
import dev.aslengine.path.PathScope;
import dev.aslengine.runtime.Interpreter.Frame;
import dev.aslengine.runtime.Interpreter.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A Map state: runs its ItemProcessor once per item (of its input, or read by its ItemReader, or batched), at most
 * MaxConcurrency at once and within its tolerated failures; a distributed Map does so in a Map Run.
 */
final class MapStateRun extends BranchingStateRun {
    private final State.Map m;

    MapStateRun(Interpreter interpreter, State.Map m, JsonNode raw, Frame frame, Instant entered, long enteredEvent) {
        super(interpreter, m, raw, frame, entered, enteredEvent);
        this.m = m;
    }

    @Override
    Step run() throws InterruptedException {
        return withRetry(this::attempt);
    }

    /**
     * One attempt at the state (Retry makes another): its items, an iteration of its ItemProcessor on each (in a Map Run
     * when it is distributed), their outputs in an array or written by its ResultWriter.
     */
    Step attempt() throws InterruptedException {
        JsonNode eff = c.isJsonata() ? raw : effectiveInput();
        List<JsonNode> items = mapItems(eff);
        int maxConcurrency = maxConcurrency(eff);
        Tolerance tolerance = tolerance(eff);
        String mapRunArn = null;
        MapRun mapRun = null;
        boolean resuming = takeResumed();
        Execution.PartialResults earlierRun = frame.top ? interpreter.redrivenResults : null;
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
            HistoryEvent runStarted = resuming ? resumedStart(enteredEvent, "MapRunStarted") : null;
            String started = runStarted != null && runStarted.details() != null ? runStarted.details().path("mapRunArn").asText(null) : null;
            mapRunArn = started != null ? started
                    : execution.stateMachine().arn().replace(":stateMachine:", ":mapRun:") + "/" + label + ":" + java.util.UUID.randomUUID();
            mapRun = engine.startMapRun(mapRunArn, execution.arn(), execution.stateMachine().arn() + "/" + label, items.size(),
                    maxConcurrency, tolerance.count(), tolerance.percentage());
            if (started == null) event(frame, "MapRunStarted", "mapRunStartedEventDetails", Json.object().put("mapRunArn", mapRunArn));
        }
        MapRun counts = mapRun;
        // After the Map Run's start event where there is one (a crash between the two leaves the second to write)
        if (!resuming || resumedStart(frame.lastEvent, "MapStateStarted") == null) {
            event(frame, "MapStateStarted", "mapStateStartedEventDetails", Json.object().put("length", items.size()));
        }
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
                    JsonNode iterationInput = itemInput(selectorInput, item, i);
                    Frame child = childFrame(i, childHistory, resuming);
                    ObjectNode it = Json.object().put("name", c.name()).put("index", i);
                    if (child.resume == null) event(child, "MapIterationStarted", "mapIterationStartedEventDetails", it);
                    if (counts != null) counts.childStarted();
                    try {
                        results[i] = child.resume != null
                                ? interpreter.run(m.processor(), child.resume.entered.state(), child.resume.entered.input(), child)
                                : interpreter.run(m.processor(), m.processor().startAt(), iterationInput, child);
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
            result = writeResults(eff, mapRunArn, results, failures, items);
        } else {
            ArrayNode out = Json.NODES.arrayNode(results.length);
            for (int i = 0; i < results.length; i++) {
                out.add(failures[i] == null ? results[i] : Json.object().put("Error", failures[i].error()).put("Cause", failures[i].cause()));
            }
            result = out;
        }
        return new Step(c.next(), finishWithResult(result));
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
    int maxConcurrency(JsonNode eff) {
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

    Tolerance tolerance(JsonNode eff) {
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

    List<JsonNode> mapItems(JsonNode eff) {
        JsonNode items;
        if (m.itemReader() != null) {
            State.ItemReader r = m.itemReader();
            JsonNode args = r.parameters() != null ? r.parameters().evaluate(pathScope(eff))
                    : r.arguments() != null ? r.arguments().evaluate(jsonataScope(null, null)) : Json.object();
            items = engine.distributedMapStore().readItems(execution.arn(), r.resource(), r.readerConfig(), args);
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
        return m.itemBatcher() == null ? list : batches(eff, list);
    }

    List<JsonNode> batches(JsonNode eff, List<JsonNode> items) {
        State.ItemBatcher b = m.itemBatcher();
        JsonNode batchInput = b.batchInput() != null ? b.batchInput().evaluate(pathScope(eff))
                : b.batchInputExpression() != null ? b.batchInputExpression().evaluate(jsonataScope(null, null)) : null;
        long maxItems = b.maxItemsPerBatch() == null ? Long.MAX_VALUE : b.maxItemsPerBatch();
        long maxBytes = b.maxInputBytesPerBatch() == null ? Interpreter.PAYLOAD_LIMIT_BYTES : b.maxInputBytesPerBatch();
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

    JsonNode itemInput(JsonNode eff, JsonNode item, int index) {
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

    JsonNode writeResults(JsonNode eff, String mapRunArn, JsonNode[] results, StatesError[] failures,
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
        JsonNode details = engine.distributedMapStore().writeResults(execution.arn(), args, mapRunArn, succeeded, failed);
        ObjectNode out = Json.object();
        out.put("MapRunArn", mapRunArn);
        out.set("ResultWriterDetails", details);
        return out;
    }
}
