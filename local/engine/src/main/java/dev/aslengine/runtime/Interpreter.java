package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aslengine.Json;
import dev.aslengine.StatesError;
import dev.aslengine.model.Common;
import dev.aslengine.model.State;
import dev.aslengine.model.StateMachineDefinition;
import java.time.Instant;

/**
 * Walks the typed model of one execution: state after state, each run by the {@link StateRun} of its type
 * ({@link PassStateRun}, {@link TaskStateRun}, {@link ChoiceStateRun}, {@link WaitStateRun}, {@link SucceedStateRun},
 * {@link FailStateRun}, {@link ParallelStateRun}, {@link MapStateRun}), which share data flow, Retry and Catch. Every
 * transition is written to the execution's history.
 */
final class Interpreter {
    static final int PAYLOAD_LIMIT_BYTES = 256 * 1024;

    final Engine engine;
    final Execution execution;
    /** The Execution and StateMachine parts of the context object, built when a state first reads {@code $$}. */
    private volatile ObjectNode contextBase;
    /** On a redrive, what the failed top-level Map or Parallel already did; taken by the first state that runs. */
    volatile Execution.PartialResults redrivenResults;
    /** On a resume after a crash, where each frame of the execution was (null otherwise). */
    Resumption resumption;
    /** On a resume, how many events were put back; and the StateEntered events among them frames took up again. */
    long resumedEvents;
    private final java.util.Set<Long> takenUp = java.util.concurrent.ConcurrentHashMap.newKeySet();

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

    ObjectNode contextBase() {
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

    /**
     * On a resume, this state's StateEntered event written just before the crash, before its journal record: the
     * frame's last event, or one that follows it (a branch's or an iteration's first state), of this state, with no
     * event after it, among the events put back, not taken up already by another frame (Parallel branches may start
     * with states of the same name). Null when there is none, the state then writes its event.
     */
    private HistoryEvent enteredBeforeCrash(Frame frame, State state) {
        if (!frame.recordHistory || frame.lastEvent > resumedEvents) return null;
        String type = eventType(state, true);
        String name = state.common().name();
        java.util.List<HistoryEvent> events = execution.history().events().subList(0, (int) resumedEvents);
        java.util.Set<Long> followed = new java.util.HashSet<>();
        for (HistoryEvent e : events) followed.add(e.previousEventId());
        for (HistoryEvent e : events) {
            boolean candidate = (e.id() == frame.lastEvent || e.previousEventId() == frame.lastEvent)
                    && e.type().equals(type) && e.details() != null && name.equals(e.details().path("name").asText(null))
                    && !followed.contains(e.id());
            if (candidate && takenUp.add(e.id())) {
                frame.lastEvent = e.id();
                return e;
            }
        }
        return null;
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
            // a crash between a state's StateEntered event and its journal record leaves the event to take up again
            HistoryEvent e = resumption != null ? enteredBeforeCrash(frame, state) : null;
            if (e == null) e = stateEvent(frame, state, true, raw);
            // $$.State.EnteredTime is the StateEntered event's time
            entered = e != null ? e.timestamp() : Instant.now();
            enteredEvent = e != null ? e.id() : frame.lastEvent;
            if (execution.journaled()) {
                execution.journal(new JournalEntry.Entered(frame.path, c.name(), raw, frame.variables.toJson(), enteredEvent, entered));
            }
        }
        StateRun run = switch (state) {
            case State.Pass p -> new PassStateRun(this, p, raw, frame, entered, enteredEvent);
            case State.Task t -> new TaskStateRun(this, t, raw, frame, entered, enteredEvent);
            case State.Choice ch -> new ChoiceStateRun(this, ch, raw, frame, entered, enteredEvent);
            case State.Wait w -> new WaitStateRun(this, w, raw, frame, entered, enteredEvent);
            case State.Succeed s -> new SucceedStateRun(this, s, raw, frame, entered, enteredEvent);
            case State.Fail f -> new FailStateRun(this, f, raw, frame, entered, enteredEvent);
            case State.Parallel p -> new ParallelStateRun(this, p, raw, frame, entered, enteredEvent);
            case State.Map m -> new MapStateRun(this, m, raw, frame, entered, enteredEvent);
        };
        run.resumed = resumed;
        Step step;
        try {
            step = run.run();
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
    static void checkSize(JsonNode output, String what) {
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
}
