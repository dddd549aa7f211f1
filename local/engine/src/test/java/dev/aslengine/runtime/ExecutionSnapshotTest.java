package dev.aslengine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aslengine.Json;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Executions kept across an engine's restart: snapshots, the ended-execution listener, stop-all and redrive after restore. */
class ExecutionSnapshotTest {
    static final String WAITS = """
        {"QueryLanguage": "JSONata", "StartAt": "Remember", "States": {
          "Remember": {"Type": "Pass", "Assign": {"who": "{% $states.input.who %}"}, "Next": "Sleep"},
          "Sleep": {"Type": "Wait", "Seconds": 3600, "Next": "Greet"},
          "Greet": {"Type": "Pass", "Output": {"greeting": "{% 'hello ' & $who %}"}, "End": true}}}
        """;

    /**
     * The ended callbacks so far, once there are {@code count} of them (or after 5 s): the callback runs on the
     * execution's thread just after it ends, so an awaiting test can see the end first.
     */
    private static List<Execution> endedCallbacks(List<Execution> ended, int count) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (ended.size() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
        return ended;
    }

    @Test
    void anEndedExecutionIsDescribedTheSameAfterASnapshotRoundTripIntoAnotherEngine() {
        List<Execution> ended = new CopyOnWriteArrayList<>();
        ExecutionSnapshot snapshot;
        try (Engine engine = Engine.builder().onExecutionEnded(ended::add).build()) {
            StateMachine sm = engine.createStateMachine("greeter", """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"hi.$": "$.who"}, "End": true}}}""", null);
            Execution e = Machines.awaitEnd(engine.startExecution(sm.arn(), "first", Json.parse("{\"who\": \"Ada\"}")));
            snapshot = ExecutionSnapshot.fromJson(Json.parse(Json.write(e.snapshot().toJson())));
            assertThat(endedCallbacks(ended, 1)).containsExactly(e);
        }
        try (Engine engine = Engine.builder().build()) {
            StateMachine sm = engine.createStateMachine("greeter", """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"hi.$": "$.who"}, "End": true}}}""", null);
            Execution restored = engine.restoreExecution(snapshot);
            assertThat(engine.executions(sm.arn())).containsExactly(restored);
            assertThat(restored.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(restored.output()).isEqualTo(Json.parse("{\"hi\": \"Ada\"}"));
            assertThat(restored.startDate()).isEqualTo(snapshot.startDate());
            assertThat(restored.history().events()).extracting(HistoryEvent::toAws).isEqualTo(snapshot.history().stream().map(HistoryEvent::toAws).toList());
            assertThatThrownBy(() -> engine.restoreExecution(snapshot)).isInstanceOf(EngineException.class)
                    .hasMessageContaining("Execution Already Exists");
        }
    }

    @Test
    void anExecutionStoppedByStopAllIsRedrivenAfterARestartFromWhereItStoppedWithItsVariables() throws Exception {
        List<Execution> ended = new CopyOnWriteArrayList<>();
        ExecutionSnapshot snapshot;
        try (Engine engine = Engine.builder().onExecutionEnded(ended::add).build()) {
            StateMachine sm = engine.createStateMachine("sleeper", WAITS, null);
            Execution e = engine.startExecution(sm.arn(), "nap", Json.parse("{\"who\": \"Ada\"}"));
            while (Machines.types(e).stream().noneMatch("WaitStateEntered"::equals)) Thread.sleep(5);
            assertThat(engine.stopAll("Shutdown", "the runtime stopped", Duration.ofSeconds(10))).containsExactly(e);
            assertThat(e.status()).isEqualTo(ExecutionStatus.ABORTED);
            assertThat(endedCallbacks(ended, 1)).containsExactly(e);
            snapshot = ExecutionSnapshot.fromJson(Json.parse(Json.write(e.snapshot().toJson())));
            assertThat(snapshot.resumeState()).isEqualTo("Sleep");
        }
        try (Engine engine = Engine.builder().timeScale(0).build()) {
            engine.createStateMachine("sleeper", WAITS, null);
            engine.restoreExecution(snapshot);
            Execution again = Machines.awaitEnd(engine.redriveExecution(snapshot.arn()));
            assertThat(again.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(again.output()).isEqualTo(Json.parse("{\"greeting\": \"hello Ada\"}"));
            assertThat(again.redriveCount()).isEqualTo(1);
            assertThat(Machines.types(again)).containsSubsequence("ExecutionStarted", "WaitStateEntered", "ExecutionAborted",
                    "ExecutionRedriven", "WaitStateEntered", "ExecutionSucceeded");
        }
    }

    @Test
    void aSnapshotOfAStateMachineThatIsGoneIsRefusedByName() {
        ExecutionSnapshot snapshot = new ExecutionSnapshot("arn:aws:states:us-east-1:123456789012:execution:gone:x", "x",
                "arn:aws:states:us-east-1:123456789012:stateMachine:gone", Json.object(), java.time.Instant.now(),
                ExecutionStatus.SUCCEEDED, Json.object(), null, null, java.time.Instant.now(), 0, null, List.of(), null, null, null);
        try (Engine engine = Engine.builder().build()) {
            assertThatThrownBy(() -> engine.restoreExecution(snapshot)).isInstanceOf(EngineException.class)
                    .hasMessageContaining("State Machine Does Not Exist");
        }
        assertThatThrownBy(() -> ExecutionSnapshot.fromJson(Json.parse("{\"executionArn\": 1}")))
                .hasMessage("member 'executionArn' must be a string");
    }
}
