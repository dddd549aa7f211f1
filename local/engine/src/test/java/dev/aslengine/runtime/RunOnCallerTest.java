package dev.aslengine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aslengine.Json;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.integration.ResourceArn;
import dev.aslengine.integration.TaskCall;
import dev.aslengine.integration.TaskIntegration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Engine#runExecution}: the execution runs on the calling thread and has ended when the call returns; its
 * stop and its timeout end it as they end any execution, and leave the caller's thread uninterrupted.
 */
class RunOnCallerTest {
    private static final String PARALLEL = """
        {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1, "End": true}}},
          {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}]}}}
        """;

    @Test
    void theExecutionRunsOnTheCallingThreadAndHasEndedWhenTheCallReturns() {
        List<Thread> ran = new CopyOnWriteArrayList<>();
        TaskIntegration mark = new TaskIntegration() {
            @Override
            public boolean supports(ResourceArn resource) {
                return true;
            }

            @Override
            public JsonNode call(TaskCall call) {
                ran.add(Thread.currentThread());
                return Json.parse("2");
            }
        };
        try (Engine engine = Engine.builder().timeScale(0).integration(mark).build()) {
            StateMachine sm = engine.createStateMachine("caller", PARALLEL, null);
            Execution done = engine.runExecution(sm.arn(), "on-caller", Json.object(), null);
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(Json.write(done.output())).isEqualTo("[1,2]");
            assertThat(ran).as("a branch with a Task keeps a thread of its own").singleElement()
                    .isNotSameAs(Thread.currentThread());
            Execution started = engine.startExecution(sm.arn(), "on-its-own", Json.object());
            assertThat(engine.execution(started.arn())).isSameAs(started);
            assertThat(engine.execution(done.arn()).status()).as("listed as any execution").isEqualTo(ExecutionStatus.SUCCEEDED);
        }
    }

    @Test
    void aTimeoutOrAStopEndsItAndTheCallersThreadIsNotLeftInterrupted() {
        String waits = """
            {"TimeoutSeconds": 1, "StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 3600, "End": true}}}
            """;
        String waitsLonger = """
            {"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 3600, "End": true}}}
            """;
        ScheduledExecutorService stopper = Executors.newSingleThreadScheduledExecutor();
        try (Engine engine = Engine.builder().build()) {
            StateMachine timed = engine.createStateMachine("timed", waits, null);
            Execution timedOut = engine.runExecution(timed.arn(), "timed-out", Json.object(), null);
            assertThat(timedOut.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();

            StateMachine held = engine.createStateMachine("held", waitsLonger, null);
            String arn = held.arn().replace(":stateMachine:", ":execution:") + ":stopped";
            stopper.schedule(() -> engine.stopExecution(arn, "Enough", "stopped from another thread"), 300, TimeUnit.MILLISECONDS);
            Execution stopped = engine.runExecution(held.arn(), "stopped", Json.object(), null);
            assertThat(stopped.status()).isEqualTo(ExecutionStatus.ABORTED);
            assertThat(stopped.error()).isEqualTo("Enough");
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        } finally {
            stopper.shutdownNow();
        }
    }
}
