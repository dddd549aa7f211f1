package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.model.State;
import dev.aslengine.model.StateMachineDefinition;
import dev.aslengine.runtime.Interpreter.Frame;
import dev.aslengine.runtime.Interpreter.Step;
import java.time.Instant;
import java.util.List;

/** A Parallel state: runs each of its branches on the same input at once; their outputs, in order, are its result. */
final class ParallelStateRun extends BranchingStateRun {
    private final State.Parallel p;

    ParallelStateRun(Interpreter interpreter, State.Parallel p, JsonNode raw, Frame frame, Instant entered, long enteredEvent) {
        super(interpreter, p, raw, frame, entered, enteredEvent);
        this.p = p;
    }

    @Override
    Step run() throws InterruptedException {
        return withRetry(this::attempt);
    }

    /** One attempt at the state (Retry makes another): all its branches on its input, their outputs in an array. */
    Step attempt() throws InterruptedException {
        JsonNode input;
        if (c.isJsonata()) input = c.arguments() != null ? c.arguments().evaluate(jsonataScope(null, null)) : raw;
        else input = c.parameters() != null ? c.parameters().evaluate(pathScope(effectiveInput())) : effectiveInput();
        boolean resuming = takeResumed();
        if (!resuming || resumedStart(enteredEvent, "ParallelStateStarted") == null) event(frame, "ParallelStateStarted", null, null);
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
                results[i] = child.resume != null ? interpreter.run(b, child.resume.entered.state(), child.resume.entered.input(), child)
                        : interpreter.run(b, b.startAt(), input, child);
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
}
