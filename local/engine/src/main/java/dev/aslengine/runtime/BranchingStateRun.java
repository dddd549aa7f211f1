package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.StatesError;
import dev.aslengine.model.State;
import dev.aslengine.runtime.Interpreter.Frame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A state that runs branches of its own, Parallel (one per branch) and Map (one per item): their frames, running them
 * on virtual threads, and what a resume or a redrive of the state keeps of those that finished before.
 */
abstract sealed class BranchingStateRun extends StateRun permits ParallelStateRun, MapStateRun {
    BranchingStateRun(Interpreter interpreter, State state, JsonNode raw, Frame frame, Instant entered, long enteredEvent) {
        super(interpreter, state, raw, frame, entered, enteredEvent);
    }

    /** Whether this Map or Parallel state goes on from where it was before a crash (its start events are written). */
    boolean takeResumed() {
        boolean r = resumed != null;
        resumed = null;
        return r;
    }

    /**
     * On a resume, the start event ({@code type}) this state wrote after event {@code previous} before the crash, which
     * then becomes the frame's last event; or {@code null} when the crash came between entering the state and that
     * event, which must then be written.
     */
    HistoryEvent resumedStart(long previous, String type) {
        for (HistoryEvent e : execution.history().events()) {
            if (e.previousEventId() == previous && e.type().equals(type)) {
                frame.lastEvent = Math.max(frame.lastEvent, e.id());
                return e;
            }
        }
        return null;
    }

    /** On a resume: whether iteration or branch {@code i} had finished before the crash (its result is put in place). */
    boolean finishedBefore(int i, JsonNode[] results, boolean[] succeeded) {
        if (succeeded[i]) return true;
        Resumption.Position p = interpreter.resumption == null ? null : interpreter.resumption.at(Resumption.child(frame.path, c.name(), i));
        if (p == null || p.finished == null) return false;
        results[i] = p.finished;
        succeeded[i] = true;
        return true;
    }

    /** The frame of iteration or branch {@code i}; on a resume, placed where the journal left it. */
    Frame childFrame(int i, boolean recordHistory, boolean resuming) {
        String path = Resumption.child(frame.path, c.name(), i);
        Resumption.Position p = resuming && interpreter.resumption != null ? interpreter.resumption.at(path) : null;
        if (p != null && p.entered == null) p = null;
        Variables variables = new Variables(frame.variables);
        if (p != null && p.entered.variables() != null) variables.assign(p.entered.variables());
        Frame child = new Frame(variables, p != null ? p.lastEvent() : frame.lastEvent, recordHistory);
        child.path = path;
        child.resume = p;
        return child;
    }

    /**
     * The indices to run: all of them, or on a redrive of this (top-level) state only those that did not succeed
     * before, whose results are put in place.
     */
    List<Integer> earlierResults(JsonNode[] results, boolean[] succeeded) {
        Execution.PartialResults earlier = frame.top ? interpreter.redrivenResults : null;
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

    @FunctionalInterface
    interface Branch {
        void run(int index) throws InterruptedException;
    }

    /**
     * Runs {@code count} branches on virtual threads, at most {@code maxConcurrency} at once (0: no bound). The first
     * StatesError (or a full history) stops the others and is rethrown; an interrupt of the caller stops them all.
     * Branches that never wait ({@code inline}) run one after the other on the caller's thread instead: the same
     * outcome as one order their threads could have run in, without starting and joining a thread per branch.
     */
    static void runConcurrently(int count, int maxConcurrency, boolean inline, Branch branch) throws InterruptedException {
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
